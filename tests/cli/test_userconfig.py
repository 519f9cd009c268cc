"""The user's configuration: one TOML file, each value's source shown, a live crawl refused without a contact."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newscrawl.__main__ import main as newscrawl_main
from newscrawl.cli.userconfig import load
from newscrawl.config import ConfigError
from newscrawl.rules.exitcodes import EXIT_USAGE
from tests.cli.test_cli import newscrawl, outside_env
from tests.conftest import FAST

CONFIG = """
contact = "researcher@uni.edu.pk"
data_dir = "~/urdu-data"

[politeness]
delay = 2.5
retries = 1

[retention]
keep_days = 30

[sites.jang]
delay = 4.0
sections = ["/category/latest-news"]
"""


def test_each_value_says_where_it_came_from(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("NEWSCRAWL_POLITENESS_RETRIES", "5")
    config = load(path, cli={"politeness.delay": 1.0})
    assert config.values["contact"].source == f"file {path}"
    assert config.values["politeness.retries"].value == 5
    assert config.values["politeness.retries"].source == "environment NEWSCRAWL_POLITENESS_RETRIES"
    assert config.values["politeness.delay"].source == "command line --delay"
    assert config.values["politeness.autothrottle_max_delay"].source == "default"
    assert str(config.get("data_dir")).endswith("urdu-data") and "~" not in str(config.get("data_dir"))
    settings = config.settings("jang")
    assert settings["USER_AGENT"].startswith("newscrawl/") and settings["USER_AGENT"].endswith(
        " (+researcher@uni.edu.pk)"
    )
    assert settings["DOWNLOAD_DELAY"] == 4.0  # the site's own delay
    assert config.settings("islamtimes")["DOWNLOAD_DELAY"] == 1.0
    assert settings["RETRY_TIMES"] == 5
    assert config.sections("jang") == "/category/latest-news" and config.sections("islamtimes") is None


def test_found_by_environment_then_xdg_directory(tmp_path, monkeypatch):
    xdg = tmp_path / "xdg"
    (xdg / "newscrawl").mkdir(parents=True)
    (xdg / "newscrawl" / "config.toml").write_text('contact = "https://xdg.example.org"\n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('contact = "https://env.example.org"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    assert load().contact == "https://xdg.example.org"
    monkeypatch.setenv("NEWSCRAWL_CONFIG", str(other))
    assert load().contact == "https://env.example.org"


@pytest.mark.parametrize(("text", "named"), [
    ("contact = ", "not valid TOML"),
    ("[politeness]\ndelay = 'slow'", "politeness.delay"),
    ("[politeness]\nspeed = 1", "unknown key 'politeness.speed'"),
    ('contact = "me"', "contact 'me'"),
    ("[sites.nosuch]\ndelay = 1", "unknown site 'nosuch'"),
    ("[sites.jang]\nsections = ['category/x']", "'category/x'"),
])
def test_mistakes_are_one_line_naming_the_value(tmp_path, text, named):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load(path)
    assert named in str(raised.value) and "\n" not in str(raised.value)


def test_config_command_prints_values_and_sources(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    env = {**outside_env(), "NEWSCRAWL_POLITENESS_RETRIES": "2"}
    done = subprocess.run([sys.executable, "-m", "newscrawl", "config", "--config", str(path), "--contact",
                           "https://cli.example.org", "--site", "jang"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = {line.split("=")[0].strip(): line for line in done.stdout.splitlines()}
    assert "command line --contact" in lines["contact"] and "https://cli.example.org" in lines["contact"]
    assert f"file {path}" in lines["politeness.delay"] and "2.5" in lines["politeness.delay"]
    assert "environment NEWSCRAWL_POLITENESS_RETRIES" in lines["politeness.retries"]
    assert "# default" in lines["politeness.autothrottle_max_delay"]
    assert "(+https://cli.example.org)" in lines["user_agent"]
    assert "jang: DOWNLOAD_DELAY = 4.0" in done.stdout


def test_missing_config_file_is_one_line_exit_2(tmp_path, capsys):
    assert newscrawl_main(["config", "--config", str(tmp_path / "none.toml")]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err.endswith("does not exist") and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", [["crawl", "jang"], ["cron", "jang"]])
def test_live_crawl_without_contact_refuses_in_one_line(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    assert newscrawl_main(command) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "jang.com.pk" in err and "contact" in err and "NEWSCRAWL_CONTACT" in err
    assert list(tmp_path.iterdir()) == []


def test_contact_goes_into_the_user_agent_the_site_sees(tmp_path, mirror):
    """The request as archived (WARC request record) carries the contact."""
    from warcio.archiveiterator import ArchiveIterator

    done = newscrawl("crawl", "islamtimes", "--base-url", mirror.base_url, "--max-articles", "1",
                     "--contact", "https://example.org/urdu-study", "-o", "a.jsonl", "--warc-dir", "warc",
                     *[arg for setting in FAST for arg in ("--set", setting)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    agents = set()
    for path in (tmp_path / "warc").glob("*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "request":
                    agents.add(record.http_headers.get_header("User-Agent"))
    assert agents and all(agent.endswith(" (+https://example.org/urdu-study)") for agent in agents), agents


def test_politeness_table_in_the_docs_is_the_defaults():
    """docs/crawling.md's politeness table: every row's default is settings.py's, every option has a row."""
    from newscrawl.cli.userconfig import BY_KEY
    from newscrawl.config import project_settings
    from tests.conftest import PROJECT

    text = (PROJECT / "docs" / "crawling.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| `politeness.")]
    settings = project_settings()
    assert {cells[0].strip(" `") for cells in rows} == {key for key in BY_KEY if key.startswith("politeness.")}
    for key, setting, default, _ in rows:
        assert BY_KEY[key.strip(" `")].setting == setting.strip(" `")
        assert str(settings.get(setting.strip(" `"))).lower() == default.strip().lower(), key
