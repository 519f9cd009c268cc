"""``newscrawl schedule``: its crontab lines run as printed (in cron's bare environment) against a mirror;
``export --window``; the cron log rotates itself."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from devtools.mirror.server import serving
from devtools.mirror.sites import write_site
from newscrawl.cron.journal import journal
from tests.cli.test_cli import outside_env

#: what cron gives a job: no virtualenv, no PYTHONPATH, a minimal PATH
CRON_ENV = {"HOME": "/root", "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", "LANG": "C.UTF-8"}


def schedule(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscrawl", "schedule", *args], cwd=cwd, env=outside_env(),
                          capture_output=True, text=True, timeout=120)


def run_line(line: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """A crontab line's command, as cron runs it: ``sh -c`` after the five time fields."""
    command = line.split(None, 5)[5]
    return subprocess.run(["/bin/sh", "-c", command], cwd=tmp_path, env=CRON_ENV, capture_output=True, text=True,
                          timeout=600)


def test_printed_crontab_lines_crawl_and_export_a_mirror(tmp_path):
    config = tmp_path / "config.toml"
    data = tmp_path / "data"
    config.write_text(f'data_dir = "{data}"\n[politeness]\ndelay = 0\nautothrottle_start_delay = 0\n',
                      encoding="utf-8")
    write_site("jang", tmp_path / "mirror")
    with serving(tmp_path / "mirror") as mirror:
        printed = schedule("jang", "--base-url", mirror.base_url, "--config", str(config), cwd=tmp_path)
        assert printed.returncode == 0, printed.stderr
        crawl_line, export_line = [line for line in printed.stdout.splitlines() if not line.startswith("#")]
        assert crawl_line.split()[:5] == ["7", "*", "*", "*", "*"] and export_line.split()[:5] == "30 3 * * 1".split()
        crawled = run_line(crawl_line, tmp_path)
    assert crawled.returncode == 0 and crawled.stdout == crawled.stderr == "", crawled.stderr[-2000:]  # no mail
    [run] = list((data / "jang").glob("*.jsonl"))
    records = [json.loads(line) for line in run.read_text(encoding="utf-8").splitlines()]
    assert records and "jang run " in (data / "cron.log").read_text(encoding="utf-8")

    # as printed: last week holds none of the mirror's (old) articles: one line saying so, non-zero
    exported = run_line(export_line, tmp_path)
    assert exported.returncode == 2
    assert "every article was filtered out, nothing written: " in exported.stderr and "date_range" in exported.stderr
    # the same line for the ISO week of the mirror's first article
    year, week, _ = datetime.fromisoformat(records[0]["published_at"]).isocalendar()
    label = f"{year}-W{week:02d}"
    exported = run_line(export_line.replace("last-week", label), tmp_path)
    assert exported.returncode == 0, exported.stderr[-2000:]
    dataset = tmp_path / "datasets" / f"urdu-news-{label}"
    card = (dataset / "README.md").read_text(encoding="utf-8")
    assert f"-m newscrawl export {data} --out {dataset} --window {label}" in card
    stats = json.loads((dataset / "stats.json").read_text(encoding="utf-8"))
    in_week = [r for r in records if datetime.fromisoformat(r["published_at"]).isocalendar()[:2] == (year, week)]
    assert stats["counts"]["exported"] == len(in_week) >= 1


def test_systemd_units_name_the_same_commands(tmp_path):
    printed = schedule("jang", "express", "--systemd", "--contact", "https://example.org/study", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    units = printed.stdout
    for name in ("newscrawl-jang", "newscrawl-express", "newscrawl-export"):
        assert f"# {name}.service" in units and f"# {name}.timer" in units
    assert units.count("OnCalendar=*-*-* *:") == 2 and "OnCalendar=Mon *-*-* 03:30:00" in units
    starts = [shlex.split(line.removeprefix("ExecStart=")) for line in units.splitlines() if line.startswith("ExecStart=")]
    assert [words[3:5] for words in starts] == [["cron", "jang"], ["cron", "express"], ["export", str((tmp_path / "data").resolve())]]
    assert all("--contact" in words for words in starts[:2])


def test_schedule_of_a_live_site_without_contact_refuses(tmp_path):
    printed = schedule("jang", cwd=tmp_path)
    assert printed.returncode == 2 and printed.stdout == ""
    assert len(printed.stderr.strip().splitlines()) == 1 and "contact" in printed.stderr


def test_cron_log_rotates_by_size(tmp_path):
    log = tmp_path / "cron.log"
    with journal(log, max_bytes=200, backups=2):
        for n in range(30):
            print(f"jang run {n}: ok: healthy (exit 0)")
    assert log.exists() and (tmp_path / "cron.log.1").exists() and (tmp_path / "cron.log.2").exists()
    assert not (tmp_path / "cron.log.3").exists()
    assert all(path.stat().st_size <= 200 for path in tmp_path.glob("cron.log*"))
    assert "jang run 29: ok" in log.read_text(encoding="utf-8")
