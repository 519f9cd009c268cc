"""Every site's health over time (``newscrawl status``): the command in :mod:`newscrawl.status.command`.

Modules: runs (reports to cached rows), aggregate (rows to figures), collect (a data
directory's sites), datasets (exports and their checksums), svg and page (the HTML), metrics.
Empty on purpose: a package that imported its own modules would be imported back by each of them.
"""
