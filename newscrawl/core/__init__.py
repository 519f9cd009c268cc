"""Pure helpers that know nothing of Scrapy: the record, Urdu text, dates, URLs."""
