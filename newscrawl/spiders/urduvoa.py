"""VOA Urdu (urduvoa.com): Pangea CMS, /a/<slug>/<id>.html or /a/<id>.html."""

from newscrawl.extract.page import SiteSelectors
from newscrawl.spiders.base import NewsSpider


class UrduVoaSpider(NewsSpider):
    name = "urduvoa"
    default_base_url = "https://www.urduvoa.com"
    extra_domains = ("urduvoa.com",)
    start_paths = ("/",)
    feeds = ("/api/",)  # the home page's RSS index is /rssfeeds; /api/ is its feed root
    sitemaps = ("/sitemap.xml",)
    timezone = "+05:00"  # bylines of the Urdu service are in Pakistan time when unlabelled
    languages = ("ur",)

    # /a/<latin slug>/<id>.html, or /a/<id>.html
    article_url = r"^/a/(?:[^/]+/)?(\d+)\.html$"
    # zones (sections) /z/<id>, topics /t/<id>.html, programme pages /p/<id>.html
    listing_urls = (r"^/$", r"^/z/\d+(?:\.html)?/?$", r"^/t/\d+\.html$", r"^/p/\d+\.html$")
    deny_urls = (
        r"^/(?:embed|media|Content|Navigation|navigation|api|s|login|subscribe|programindex|podcasts|"
        r"rssfeeds|info)(?:[/.]|$)",
        r"[?&](?:q|k|s)=",
    )

    selectors = SiteSelectors(
        headline=("h1.title", "h1", "[class*=title]"),
        date=(".published time", "time", "[class*=date]"),
        summary=(".intro", "[class*=intro]"),
        body=("#article-content .wsw", ".wsw", "[class*=content]", "article"),
        site_names=("وائس آف امریکہ", "VOA Urdu", "VOA"),
    )
