"""Daily Jang (jang.com.pk): numeric article ids, no slug; Hijri + Gregorian date lines."""

from newscrawl.extract.page import SiteSelectors
from newscrawl.spiders.base import NewsSpider


class JangSpider(NewsSpider):
    name = "jang"
    default_base_url = "https://jang.com.pk"
    extra_domains = ("jang.com.pk", "www.jang.com.pk")
    start_paths = ("/",)
    feeds = ()
    sitemaps = ("/sitemap.xml",)  # the 2018 home page declares none; robots.txt may
    timezone = "+05:00"
    languages = ("ur",)

    # /news/<id>: the id is the whole path (canonical host www., links bare)
    article_url = r"^/news/(\d+)/?$"
    # sections and sub-sections, writers' pages, topic pages, the columns archive
    listing_urls = (
        r"^/$",
        r"^/category/[\w-]+(?:/[\w-]+)?/?$",
        r"^/writer/[\w-]+/?$",
        r"^/hot-topics/[\w-]+/?$",
        r"^/columns-archive/?$",
    )
    deny_urls = (
        r"^/(?:assets|videos?|radio|prayer-time|todays-print|manifest)(?:[/.]|$)",
        r"^/category/latest-news/video-reports",
        r"[?&](?:q|s|search)=",
    )

    selectors = SiteSelectors(
        headline=("h1", ".detail-heading", "[class*=title] h1"),
        date=(".detail-time", "[class*=date]", "[class*=time]"),
        summary=("[class*=excerpt]",),
        body=(".detail_view_content", "[class*=detail] [class*=content]", "article"),
        site_names=("روزنامہ جنگ", "Daily Jang", "jang.com.pk"),
    )
