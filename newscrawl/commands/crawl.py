"""``scrapy crawl SITE`` inside the checkout, with honest exit codes.

Scrapy's own command exits 0 whenever the crawl process ran, even when it
fetched nothing. This one (same options) checks the configuration first
(exit 2 with one line naming the bad value), then ends like the demo: a
summary and the exit code of the cron health rules (newscrawl/rules/exitcodes.py).
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.cli.userconfig import load, require_contact
from newscrawl.config import ConfigError, check_settings, check_spider_args, spider_class
from newscrawl.cli.verdict import finish


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        try:
            spidercls = spider_class(args[0])
            check_spider_args(spidercls, opts.spargs)
            user_settings = check_settings(opts.set)
            config = load()  # the user's configuration ($NEWSCRAWL_CONFIG or ~/.config/newscrawl/config.toml)
            target = opts.spargs.get("base_url") or getattr(spidercls, "default_base_url", "")
            require_contact(config, target, "USER_AGENT" in user_settings)
        except ConfigError as error:
            raise UsageError(str(error), print_help=False) from None
        assert self.crawler_process
        crawler = self._create_crawler(spidercls)
        # the configuration over the project's settings, under the command line's -s
        for name, value in config.settings(args[0]).items():
            crawler.settings.set(name, value, priority="project")
        if (
            not crawler.settings.get("LOG_FILE")
            and (crawler.settings.getpriority("STATS_DUMP") or 0) < SETTINGS_PRIORITIES["cmdline"]
        ):
            # the summary below replaces the raw dump on a terminal (unless -s STATS_DUMP=True); a log file keeps it
            crawler.settings.set("STATS_DUMP", False, priority="cmdline")
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        # with a log file (the demo, cron) the caller prints its own summary: the verdict goes to the log
        stream = None if crawler.settings.get("LOG_FILE") else sys.stderr
        self.exitcode = finish(crawler, 1 if self.crawler_process.bootstrap_failed else 0, stream)
