"""Islam Times (Urdu edition): URL shapes, link rules and last-resort selectors."""

from newscrawl.extract.page import SiteSelectors
from newscrawl.spiders.base import NewsSpider


class IslamTimesSpider(NewsSpider):
    name = "islamtimes"
    default_base_url = "https://www.islamtimes.com"
    extra_domains = ("islamtimes.com", "islamtimes.org")
    start_paths = ("/ur/",)
    feeds = ("/ur/rss",)  # robots.txt names the sitemaps

    # /ur/news/<id>/<slug>, /ur/article/<id>/<slug>, legacy /ur/doc/news/<id>/
    article_url = r"^/ur/(?:doc/)?(?:news|article)/(\d+)(?:/|$)"
    # home, sections (/ur/section/x and the CMS's /ur/Asia/iran style), archive pages
    listing_urls = (r"^/ur/$", r"^/ur/section/[^/]+/?$", r"^/ur/archive", r"^/ur/[A-Za-z_]+(?:/[A-Za-z_-]+)?/?$")
    deny_urls = (
        r"^/ur/(?:doc/)?(?:video|gallery|karikator|photo|multimedia|media|podcast)(?:/|$)",
        r"^/ur/(?:search|tag|rss|about|contact|login|register|print)(?:/|$|\?)",
        r"[?&](?:q|query|s|search)=",
    )

    selectors = SiteSelectors(
        headline=("h1.news-title", "article h1", "h1", ".titr", "[class*=headline]"),  # titr: the CMS's headline class
        date=(".news-meta .date", "[class*=date]", "[class*=time]"),
        summary=(".news-lead",),
        body=(".news-body", "[itemprop=articleBody]", "article"),
        source=(".news-source",),
        keywords=(".news-tags a", "[rel=tag]"),
        read_also=(".read-also h3 a", "[class*=related] a"),
        site_names=("اسلام ٹائمز", "Islam Times"),
    )
