"""The project's own Scrapy signals (sent with ``crawler.signals.send_catch_log``)."""

#: A page the spider parsed: ``page_parsed(response, root, kind)`` with ``root`` the page's
#: lxml tree and ``kind`` "listing" or "article". Sent before the page's items are yielded,
#: so what the quality gates learn from a page (its furniture, the site's names) is known
#: when that page's article is judged.
page_parsed = object()
