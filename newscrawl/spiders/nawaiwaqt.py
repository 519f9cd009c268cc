"""Nawa-i-Waqt (nawaiwaqt.com.pk): /<DD-Mon-YYYY>/<id>; the ePaper pages are images, not articles."""

from newscrawl.extract.page import SiteSelectors
from newscrawl.spiders.base import NewsSpider


class NawaiWaqtSpider(NewsSpider):
    name = "nawaiwaqt"
    default_base_url = "https://www.nawaiwaqt.com.pk"
    extra_domains = ("nawaiwaqt.com.pk",)
    start_paths = ("/",)
    feeds = ("/rss",)
    sitemaps = ("/sitemap.xml",)
    timezone = "+05:00"
    languages = ("ur",)

    # /24-Mar-2018/<id>: the publication day, then the id
    article_url = r"^/\d{1,2}-[A-Za-z]{3}-\d{4}/(\d+)/?$"
    # home, sections and city pages: one lower-case segment
    listing_urls = (r"^/$", r"^/[a-z]+(?:-[a-z]+)*/?$")
    deny_urls = (
        r"^/(?:E-Paper|assets|rss|sitemap\.xml|about-us|contact-us|advertise-with-us|"
        r"adarate-mazameen|videos?|search)(?:[/.]|$)",
        r"[?&](?:q|s|search)=",
    )

    selectors = SiteSelectors(
        headline=("h1", ".detail-title", "[class*=title]"),
        date=(".detail-date", "[class*=date]", "[class*=time]"),
        summary=("[class*=excerpt]",),
        body=(".detail-news", "[class*=detail] [class*=content]", "article"),
        site_names=("روزنامہ نوائے وقت", "نوائے وقت", "Nawaiwaqt"),
    )
