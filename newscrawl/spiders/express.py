"""Express Urdu (express.pk): WordPress, /story/<id>/<category number>, lang="en-US" on Urdu pages."""

from newscrawl.extract.page import SiteSelectors
from newscrawl.spiders.base import NewsSpider


class ExpressSpider(NewsSpider):
    name = "express"
    default_base_url = "https://www.express.pk"
    extra_domains = ("express.pk",)
    start_paths = ("/",)
    feeds = ("/feed/",)
    sitemaps = ("/sitemap.xml",)
    timezone = "+05:00"
    languages = ("ur",)  # the pages say lang="en-US": the text decides, not the attribute

    # /story/<id>/<category number>, also /story/<id>
    article_url = r"^/story/(\d+)(?:/\d+)?/?$"
    # sections (/pakistan/, /weird-news/), their pages, home pagination
    listing_urls = (r"^/$", r"^/page/\d+/?$", r"^/[a-z]+(?:-[a-z]+)*/(?:page/\d+/?)?$")
    deny_urls = (
        r"^/(?:videos?|slideshows|author|wp-content|wp-includes|application|epaper|feed|copyright|"
        r"code-of-ethics|tag|search)(?:/|$)",
        r"[?&](?:q|s|search)=",
    )

    selectors = SiteSelectors(
        headline=("h1", ".story-title", "[class*=title] h1"),
        date=("span.timestamp", "[class*=timestamp]", "[class*=date]"),
        summary=(".story-excerpt", "[class*=excerpt]"),
        body=(".story-text", ".story-content", "[class*=story] [class*=text]", "article"),
        keywords=("[rel=tag]",),
        site_names=("ایکسپریس اردو", "Express Urdu", "express.pk"),
    )
