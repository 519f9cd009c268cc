"""Commands as a user meets them: config mistakes exit 2 in one line, crawls that got nothing exit non-zero.

Crawls run as real subprocesses against the mirror on 127.0.0.1; `newscrawl crawl` runs from a
directory outside the checkout (the package on PYTHONPATH, as an installed copy would be).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import socket
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from newscrawl.__main__ import main as newscrawl_main
from newscrawl.rules.exitcodes import EXIT_FETCHED_NOTHING, EXIT_LAYOUT, EXIT_USAGE
from tests.conftest import FAST, PROJECT

FAST_SET = [arg for setting in FAST for arg in ("--set", setting)]


def outside_env() -> dict[str, str]:
    """Run from anywhere: the package importable, no checkout as the working directory."""
    return {**os.environ, "PYTHONPATH": str(PROJECT)}


def newscrawl(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscrawl", *args], cwd=cwd, env=outside_env(),
                          capture_output=True, text=True, timeout=timeout)


def scrapy_crawl(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", *args], cwd=PROJECT,
                          capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- configuration mistakes: exit 2, one line naming the value, nothing on disk ---------------

@pytest.mark.parametrize(("argv", "named"), [
    (["crawl", "islamtims"], ["'islamtims'", "islamtimes"]),
    (["crawl", "islamtimes", "--base-url", "127.0.0.1:8000"], ["'127.0.0.1:8000'", "http://"]),
    (["crawl", "islamtimes", "--base-url", "http://127.0.0.1:8000/ur/"], ["/ur/ur/", "http://127.0.0.1:8000"]),
    (["crawl", "islamtimes", "--set", "DOWNLOAD_DELAY=fast"], ["DOWNLOAD_DELAY=fast", "number"]),
    (["crawl", "islamtimes", "--section", "ur/section/x"], ["'ur/section/x'"]),
    (["crawl", "islamtimes", "--max-articles", "0"], ["--max-articles", "0"]),
    (["crawl", "islamtimes", "--since", "31/01/2025"], ["'31/01/2025'"]),
    (["cron", "nosuch", "--data-dir", "data"], ["'nosuch'", "islamtimes"]),
    (["cron", "../escape", "--data-dir", "data"], ["'../escape'"]),
    (["cron", "islamtimes", "--data-dir", "data", "--base-url", "www.islamtimes.com"], ["'www.islamtimes.com'"]),
    (["cron", "islamtimes", "--data-dir", "data", "--set", "CONCURRENT_REQUESTS=many"], ["CONCURRENT_REQUESTS=many"]),
    (["cron", "islamtimes", "--data-dir", "data", "--keep-runs", "0"], ["--keep-runs"]),
])
def test_configuration_mistakes_exit_2_naming_the_value(argv, named, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert newscrawl_main(argv) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for word in named:
        assert word in err
    assert list(tmp_path.iterdir()) == []  # a run that never started leaves nothing behind


@pytest.mark.parametrize(("args", "named"), [
    (["nosuch"], "unknown site 'nosuch'; known sites:"),
    (["islamtimes", "-a", "base_url=http://127.0.0.1:8000/ur/"], "/ur/ur/"),
    (["islamtimes", "-a", "start_paths=ur/section/x"], "'ur/section/x'"),
    (["islamtimes", "-s", "DOWNLOAD_DELAY=fast"], "DOWNLOAD_DELAY=fast"),
])
def test_scrapy_crawl_refuses_configuration_mistakes_with_exit_2(args, named):
    done = scrapy_crawl(*args, timeout=120)
    assert done.returncode == EXIT_USAGE
    assert named in done.stderr and "Traceback" not in done.stderr


# -- crawls that got nothing exit non-zero with the demo's summary ----------------------------

def test_scrapy_crawl_of_a_dead_server_exits_3_with_the_summary():
    done = scrapy_crawl("islamtimes", "-a", f"base_url=http://127.0.0.1:{free_port()}",
                        "-s", "RETRY_TIMES=0", *[x for s in FAST for x in ("-s", s)])
    assert done.returncode == EXIT_FETCHED_NOTHING, done.stderr[-2000:]
    assert "pages fetched    : 0" in done.stderr and "connection_refused" in done.stderr
    assert "fetched nothing" in done.stderr and "Dumping Scrapy stats" not in done.stderr


def test_dns_failure_exits_3_and_is_counted_under_scrapys_name(tmp_path):
    done = newscrawl("crawl", "islamtimes", "--base-url", "http://newscrawl-test.invalid", "-o", "x.jsonl", "--contact", "https://example.org/tests",
                     "--set", "RETRY_TIMES=0", *FAST_SET, cwd=tmp_path)
    assert done.returncode == EXIT_FETCHED_NOTHING, done.stderr[-2000:]
    assert "cannot_resolve_host_error" in done.stderr  # the key docs/stats.md lists for DNS failures


def test_a_site_with_no_articles_exits_4(tmp_path):
    """A server that answers, but with nothing the spider can read: exit 4, not 0 with an empty file."""
    (tmp_path / "ur").mkdir()
    (tmp_path / "ur" / "index.html").write_text("<html><body><p>nothing here</p></body></html>", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"], cwd=tmp_path,
                              stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (...)"
        port = line.split(" port ")[1].split()[0]
        done = newscrawl("crawl", "islamtimes", "--base-url", f"http://127.0.0.1:{port}", "-o", "out/a.jsonl",
                         *FAST_SET, cwd=tmp_path)
    finally:
        server.terminate()
        server.wait()
    assert done.returncode == EXIT_LAYOUT, done.stderr[-2000:]
    assert "nothing readable" in done.stderr and "articles written : 0" in done.stderr


# -- limits: --max-articles, --section, -a start_paths ------------------------------------------

def test_max_articles_is_exact_and_a_limited_crawl_is_healthy(tmp_path, mirror):
    done = newscrawl("crawl", "islamtimes", "--base-url", mirror.base_url, "-o", "a.jsonl", "--max-articles", "4",
                     *FAST_SET, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    assert "articles written : 4" in done.stderr and "ok: healthy" in done.stderr
    assert (tmp_path / "a.log").exists()


def test_section_crawl_stays_in_the_section(tmp_path, mirror):
    done = newscrawl("crawl", "islamtimes", "--base-url", mirror.base_url, "-o", "s.jsonl",
                     "--section", "/ur/section/world", *FAST_SET, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    fetched = (tmp_path / "access.log").read_text(encoding="utf-8").splitlines()
    listings = [path for path in fetched if "/news/" not in path and "/article/" not in path]
    assert set(listings) == {"/robots.txt", "/ur/section/world"}  # not the home page, not the archive
    records = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records and len(records) < 46  # part of the mirror's 46 articles


def test_scrapy_crawl_start_paths_argument_works(tmp_path, mirror):
    done = scrapy_crawl("islamtimes", "-a", f"base_url={mirror.base_url}", "-a", "start_paths=/ur/section/pakistan",
                        "-O", str(tmp_path / "p.jsonl"), *[x for s in FAST for x in ("-s", s)])
    assert done.returncode == 0, done.stderr[-2000:]
    fetched = (tmp_path / "access.log").read_text(encoding="utf-8").splitlines()
    assert "/ur/section/pakistan" in fetched and "/ur/" not in fetched
    assert (tmp_path / "p.jsonl").read_text(encoding="utf-8").count("\n") > 0


def test_progress_line_on_a_terminal(tmp_path, mirror):
    """stderr a terminal: one live line with pages, articles, dropped and rate."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal has a size
    process = subprocess.Popen([sys.executable, "-m", "newscrawl", "crawl", "islamtimes", "--base-url", mirror.base_url,
                                "-o", "t.jsonl", "--max-pages", "15", *FAST_SET],
                               cwd=tmp_path, env=outside_env(), stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = output.decode("utf-8", "replace")
    for field in ("crawling islamtimes, pages=", "articles=", "dropped=", "pages/min"):
        assert field in text, text[-1000:]


# -- sites, --version ----------------------------------------------------------------------------

def test_sites_lists_every_spider_with_host_and_languages(capsys):
    from newscrawl.config import known_spiders

    assert newscrawl_main(["sites"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["site", "host"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == set(known_spiders())
    assert "www.islamtimes.com" in rows["islamtimes"] and rows["islamtimes"].rstrip().endswith("ur")


def test_version(capsys):
    import newscrawl

    with pytest.raises(SystemExit) as exit_info:
        newscrawl_main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"newscrawl {newscrawl.__version__}"
