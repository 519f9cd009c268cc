"""Scrapy commands of the project (settings.py: COMMANDS_MODULE), overriding Scrapy's own."""
