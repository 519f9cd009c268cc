"""The project's own Scrapy signals (sent with ``crawler.signals.send_catch_log``)."""

#: A page the spider parsed: ``page_parsed(response, root, kind, walk)`` with ``root`` the page's
#: lxml tree, ``kind`` "listing" or "article" and ``walk`` an article page's extraction walk
#: (``newscrawl.extract.walk.PageWalk``; None for a listing page, which extraction does not walk),
#: so the learner reads the blocks of that walk instead of walking the tree again. Sent before
#: the page's items are yielded, so what the quality gates learn from a page (its furniture,
#: the site's names) is known when that page's article is judged.
page_parsed = object()
