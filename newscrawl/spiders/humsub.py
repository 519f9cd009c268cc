"""Hum Sub (humsub.com.pk): WordPress, /<post id>/<author slug>-<n>/; Pakistan time labelled +00:00."""

from newscrawl.extract.page import SiteSelectors
from newscrawl.spiders.base import NewsSpider


class HumSubSpider(NewsSpider):
    name = "humsub"
    default_base_url = "http://www.humsub.com.pk"
    extra_domains = ("humsub.com.pk",)  # en.humsub.com.pk is the English edition: denied below
    start_paths = ("/",)
    feeds = ("/feed/",)
    sitemaps = ("/sitemap.xml",)
    timezone = "+05:00"
    utc_is_local = True  # <time datetime="...+00:00"> holds Pakistan time (site stats: tz '5')
    languages = ("ur",)  # lang="en-US" on an all-Urdu site: the text decides

    # /<post id>/<slug>/: the slug names the author, or is percent-encoded Urdu
    article_url = r"^/(\d{5,})/[^/]+/?$"  # 5+ digits: /2018/03/ is a date archive
    # home and its pages, categories, authors, the site's sections
    listing_urls = (
        r"^/$",
        r"^/page/\d+/?$",
        r"^/category/[\w-]+/(?:page/\d+/)?$",
        r"^/author/[\w-]+/(?:page/\d+/)?$",
        r"^/(?:sub|selection|pov|opinion|news|interviews|ilm|ent)/$",
    )
    deny_urls = (
        r"^/(?:wp-content|wp-includes|wp-json|wp-admin|feed|comments|xmlrpc\.php|tag)(?:[/.]|$)",
        r"/feed/?$",
        r"[?&](?:q|s|replytocom)=",
    )

    selectors = SiteSelectors(
        headline=("h1.entry-title", "h1", "[class*=title]"),
        date=("time.entry-date", "[class*=date]"),
        summary=("[class*=excerpt]",),
        body=(".entry-content", "[class*=content]", "article"),
        keywords=("[rel=tag]",),
        site_names=("ہم سب", "Hum Sub"),
    )
