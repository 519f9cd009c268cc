"""Decisions that know nothing of Scrapy: the catalogue of outcomes, the gates' knowledge, health, budgets, exit codes."""
