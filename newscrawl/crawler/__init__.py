"""Scrapy adapters: middlewares, robots.txt, dupefilter, progress, log formatter, signals, the item, the site registry."""
