"""cron's ``since`` comes only from plausible run reports and is never later than now (issue 24, cases 8, 12)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newscrawl.cron.files import discovery_since

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc)


def report(root: Path, name: str, content: object) -> None:
    (root / f"{name}.report.json").write_text(json.dumps(content), encoding="utf-8")


def ok(start: object) -> dict[str, object]:
    return {"run": {"status": "ok", "start": start}}


def test_a_report_from_a_wrong_clock_or_a_damaged_one_never_becomes_since(tmp_path: Path, capsys) -> None:
    good = NOW - timedelta(hours=3)
    report(tmp_path, "20261207T000000Z", ok(good.isoformat()))
    report(tmp_path, "20271207T000000Z", ok((NOW + timedelta(days=365)).isoformat()))  # a wrong clock
    report(tmp_path, "20261207T010000Z", [])
    report(tmp_path, "20261207T010001Z", ok("2026-12-07T01:00:00"))  # naive
    report(tmp_path, "20261207T010002Z", ok(5))
    report(tmp_path, "20261207T010003Z", ok("0001-01-01T00:00:00+00:00"))
    report(tmp_path, "20261207T010004Z", {"run": []})
    assert discovery_since(tmp_path, now=NOW) == (good - timedelta(days=2)).isoformat(timespec="seconds")
    warned = capsys.readouterr().err
    assert "20271207T000000Z.report.json" in warned and "future" in warned


def test_only_future_reports_mean_no_since(tmp_path: Path) -> None:
    report(tmp_path, "20271207T000000Z", ok((NOW + timedelta(days=1)).isoformat()))
    assert discovery_since(tmp_path, now=NOW) is None
