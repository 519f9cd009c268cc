"""The commands a person runs: crawl, sites, and how every command starts a crawl and ends it."""
