"""One module per site; each spider is a NewsSpider with the site's patterns."""
