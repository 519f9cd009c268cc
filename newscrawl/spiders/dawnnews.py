"""Dawn News Urdu (dawnnews.tv): /news/<id>/ and blog posts /news/<id>/<latin slug>."""

from newscrawl.extract.page import SiteSelectors
from newscrawl.spiders.base import NewsSpider


class DawnNewsSpider(NewsSpider):
    name = "dawnnews"
    default_base_url = "https://www.dawnnews.tv"
    extra_domains = ("dawnnews.tv",)
    start_paths = ("/",)
    feeds = ()
    sitemaps = ("/sitemap.xml",)  # the 2018 home page declares neither; robots.txt may
    timezone = "+05:00"
    languages = ("ur",)  # <html lang="en"> on Urdu pages: the text decides

    # /news/<id>/, /news/<id>/<latin-slug>, and /news/<id> in one widget
    article_url = r"^/news/(\d+)(?:/[\w-]*)?/?$"
    # home, sections, the archive, trends (topic pages), authors
    listing_urls = (
        r"^/$",
        r"^/(?:home|latest-news|opinions|pakistan|world|sport|business|tech|health|"
        r"entertainment)/?$",
        r"^/archive(?:/[\d-]+)?/?$",
        r"^/trends/[\w-]+/?$",
        r"^/authors/\d+(?:/[\w-]+)?/?$",
    )
    deny_urls = (r"^/(?:videos?|slideshows|watch-live|_css|_js|terms|privacy|contact)(?:/|$)", r"[?&](?:q|s|search)=")

    selectors = SiteSelectors(
        headline=("h2.story__title", "h1", "[class*=title]"),
        date=(
            "span.timestamp--time",
            ".story__time",
            "[class*=timestamp]",
            "[class*=date]",
        ),  # machine time, then the line
        summary=(".story__excerpt", "[class*=excerpt]"),
        body=(".story__content", "[class*=story] [class*=content]", "article"),
        site_names=("ڈان نیوز", "DawnNews", "Dawn News"),
    )
