"""Archiving requested, archiving failed: the run is not healthy and says so (issue 24, case 14)."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.rules import exitcodes
from newscrawl.rules.health import judge
from newscrawl.spiders.islamtimes import IslamTimesSpider
from newscrawl.warc.middleware import WarcArchiveMiddleware

OK = {"finish_reason": "finished", "response_received_count": 4, "downloader/response_status_count/200": 4,
      "newscrawl/exported": 3}


def settings() -> Settings:
    project = Settings()
    project.setmodule("newscrawl.settings", priority="project")
    return project


def test_an_unwritable_warc_dir_is_counted(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    crawler = get_crawler(IslamTimesSpider, {"NEWSCRAWL_WARC_DIR": str(tmp_path / "file" / "warc")})
    crawler.stats.open_spider()
    middleware = WarcArchiveMiddleware.from_crawler(crawler)
    request = Request("https://www.islamtimes.com/ur/")
    middleware.process_response(request, HtmlResponse(request.url, body=b"<html></html>", request=request))
    middleware.wait_for_writes()
    middleware.spider_closed()
    assert crawler.stats.get_value("newscrawl/warc/write_errors") == 1


def test_a_run_whose_archive_failed_is_not_healthy() -> None:
    status, reason, code = judge({**OK, "newscrawl/warc/write_errors": 3}, 0, settings())
    assert code == exitcodes.EXIT_ARCHIVE_FAILED == 7
    assert status == "unhealthy" and reason.startswith("archiving failed: 3 responses")
    assert judge(OK, 0, settings())[2] == exitcodes.EXIT_OK


def test_crawl_and_cron_with_an_unwritable_warc_dir_exit_7_keeping_every_record(tmp_path: Path, mirror) -> None:
    """The commands as a user runs them: the crawl goes on, its records say warc: null, the exit is 7."""
    import json

    from tests.cli.test_cli import newscrawl
    from tests.conftest import FAST, PROJECT

    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    unwritable = str(tmp_path / "file" / "warc")
    fast = [arg for setting in FAST for arg in ("--set", setting)]
    out = tmp_path / "out.jsonl"
    crawl = newscrawl("crawl", "islamtimes", "--base-url", mirror.base_url, "-o", str(out), "--warc-dir", unwritable,
                      "--max-articles", "5", *fast, cwd=PROJECT)
    assert crawl.returncode == 7, crawl.stderr[-2000:]
    assert "archiving failed" in crawl.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 5 and all(record["warc"] is None for record in records)
    cron = newscrawl("cron", "islamtimes", "--base-url", mirror.base_url, "--data-dir", str(tmp_path / "data"),
                     "--warc-dir", unwritable, *fast, cwd=PROJECT)
    assert cron.returncode == 7, cron.stderr[-2000:]
    assert sum("archiving failed" in line for line in cron.stderr.splitlines()) == 1
