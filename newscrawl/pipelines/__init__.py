"""Item pipelines, one job each, switched on in settings.ITEM_PIPELINES.

Each decision lives in newscrawl.rules (Scrapy-free); a pipeline is its adapter: it asks
the rule, counts the catalogue's ``newscrawl/...`` key and raises the catalogue's DropItem
subclass (newscrawl.crawler.drops), which Scrapy counts under
``item_dropped_reasons_count/<Class>``.
"""
