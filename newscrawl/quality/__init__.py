"""Quality gates: what tells a real Urdu news article from a page that only looks like one.

Pure logic (language identification, site names, page furniture) used by the gate
pipelines in ``newscrawl/pipelines/gates.py`` and by the cron health rules.
"""
