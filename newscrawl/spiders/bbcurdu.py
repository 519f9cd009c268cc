"""BBC News Urdu (bbc.com/urdu): optimo /urdu/articles/<id>, CPS /urdu/<section>-<8 digits>."""

from newscrawl.extract.page import SiteSelectors
from newscrawl.spiders.base import NewsSpider


class BbcUrduSpider(NewsSpider):
    name = "bbcurdu"
    default_base_url = "https://www.bbc.com"
    extra_domains = ("bbc.com", "bbc.co.uk")
    start_paths = ("/urdu",)
    feeds = ("/urdu/index.xml",)
    sitemaps = ("/urdu/sitemap.xml",)
    timezone = "Asia/Karachi"  # the Urdu service's zone (simorgh's urdu.ts)
    languages = ("ur",)

    # /urdu/articles/<optimo id>, /urdu/<section>-<number> (pakistan-49644768, science-45890183)
    article_url = r"^/urdu/(?:articles/)?((?<=/articles/)[a-z0-9]{8,16}|(?<!/articles/)(?:[a-z]+-)+\d{7,9})/?$"
    # the Urdu front page, topic pages, section front pages
    listing_urls = (
        r"^/urdu/?$",
        r"^/urdu/topics/[a-z0-9]+/?$",
        r"^/urdu/(?:pakistan|world|sport|science|"
        r"entertainment|regional)/?$",
    )
    deny_urls = (
        r"^/urdu/(?:institutional|media|live|av|podcasts?|tv|radio|bbc_urdu_tv|popular)(?:[-/]|$)",
        r"^/(?!urdu(?:/|$))",
    )

    selectors = SiteSelectors(
        headline=("h1#content", "main h1", "h1"),
        date=("main time", "time"),
        body=("main[role=main]", "main"),
        site_names=("BBC News اردو", "BBC Urdu"),
    )
