"""Scheduled runs (``newscrawl cron``): the command in :mod:`newscrawl.cron.command`, one run in
:mod:`newscrawl.cron.runner`, and the lock, recovery, budget, coverage and retention beside them.

Empty on purpose: a package that imported its own modules would be imported back by each of them.
"""
