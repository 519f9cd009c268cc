"""``newscrawl schedule SITE...``: the crontab lines (or systemd units) of a researcher's live crawl.

Printed, never installed: hourly ``newscrawl cron`` runs per site (minutes staggered, so two sites
never start together), and a weekly ``newscrawl export --window last-week`` into a folder named
by the ISO week (``DATASETS/urdu-news-2026-W49``). Each run writes its own rotating
``DATA/cron.log`` (``--log-file``) and prints only failures on stderr, so cron's mail (MAILTO) is
the alert; pruning (the configuration's ``retention``) happens in the hourly runs and removes a
run's files only after an export has read them. Paths are absolute and the user's configuration
file is named, because cron runs with another working directory and environment.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from newscrawl.cli.userconfig import add_config_arguments, from_args, require_contact
from newscrawl.config import ConfigError, check_base_url, spider_class
from newscrawl.rules.exitcodes import EXIT_USAGE

#: the hourly runs start at these minutes, one site after another
FIRST_MINUTE, MINUTE_STEP = 7, 10
#: the weekly export: Monday 03:30, when last week's articles have been crawled
EXPORT_DAY, EXPORT_TIME = "Mon", "03:30"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sites", nargs="+", metavar="SITE", help="the sites to crawl every hour (newscrawl sites)")
    parser.add_argument(
        "--systemd", action="store_true", help="print systemd service and timer units instead of crontab lines"
    )
    parser.add_argument(
        "--datasets-dir",
        type=Path,
        metavar="DIR",
        help="where the weekly datasets go (default: 'datasets' beside the data dir)",
    )
    parser.add_argument("--base-url", help="schedule a mirror instead of the live site (one site only)")
    add_config_arguments(parser)


def command_prefix() -> tuple[str | None, list[str]]:
    """(directory to run in, or None; the command's first words): the checkout's python, or the installed one."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "newscrawl").is_dir():
        return str(checkout), [sys.executable, "-m", "newscrawl"]
    return None, [sys.executable, "-m", "newscrawl"]


def plan(args: argparse.Namespace) -> dict[str, list[str]]:
    """{job name: command words}: one hourly crawl per site and the weekly export, or ConfigError."""
    if args.base_url is not None and len(args.sites) != 1:
        raise ConfigError("--base-url names one mirror: give one site with it")
    config = from_args(args)
    data = Path(config.get("data_dir")).resolve()
    datasets = (args.datasets_dir or data.parent / "datasets").resolve()
    _, prefix = command_prefix()
    common = ["--config", str(config.path)] if config.path else []
    if args.contact:
        common += ["--contact", args.contact]
    jobs: dict[str, list[str]] = {}
    for site in dict.fromkeys(args.sites):
        spidercls = spider_class(site)
        target = check_base_url(args.base_url) if args.base_url else getattr(spidercls, "default_base_url", "")
        require_contact(config, target, False)
        command = [*prefix, "cron", site, "--data-dir", str(data), "--log-file", str(data / "cron.log"), *common]
        jobs[f"newscrawl-{site}"] = command + (["--base-url", args.base_url] if args.base_url else [])
    jobs["newscrawl-export"] = [
        *prefix,
        "export",
        str(data),
        "--window",
        "last-week",
        "--out",
        str(datasets / "urdu-news-{window}"),
    ]
    return jobs


def crontab(jobs: dict[str, list[str]], workdir: str | None) -> str:
    """The jobs as crontab lines (``%`` is special to cron: no line here contains one)."""
    cd = f"cd {shlex.quote(workdir)} && " if workdir else ""
    lines = ["# newscrawl: paste into `crontab -e`; set MAILTO=you@example.org above to be mailed failures"]
    crawls = [name for name in jobs if name != "newscrawl-export"]
    for index, name in enumerate(crawls):
        minute = (FIRST_MINUTE + MINUTE_STEP * index) % 60
        lines.append(f"{minute} * * * * {cd}{shlex.join(jobs[name])} > /dev/null")
    hour, at = EXPORT_TIME.split(":")
    lines.append(f"# every {EXPORT_DAY}day: last week's articles into a folder named by the ISO week")
    lines.append(f"{int(at)} {int(hour)} * * 1 {cd}{shlex.join(jobs['newscrawl-export'])}")
    return "\n".join(lines)


def systemd(jobs: dict[str, list[str]], workdir: str | None) -> str:
    """One service and one timer unit per job, each preceded by the file it goes into."""
    units = ["# newscrawl: put these into ~/.config/systemd/user/, then: systemctl --user enable --now <name>.timer"]
    crawls = [name for name in jobs if name != "newscrawl-export"]
    for name, command in jobs.items():
        if name == "newscrawl-export":
            when, what = f"{EXPORT_DAY} *-*-* {EXPORT_TIME}:00", "last week's dataset"
        else:
            minute = (FIRST_MINUTE + MINUTE_STEP * crawls.index(name)) % 60
            when, what = f"*-*-* *:{minute:02d}:00", f"one hourly crawl of {name.removeprefix('newscrawl-')}"
        service = [f"# {name}.service", "[Unit]", f"Description=newscrawl: {what}", "", "[Service]", "Type=oneshot"]
        if workdir:
            service.append(f"WorkingDirectory={workdir}")
        # systemd expands %: none of these commands holds one
        service.append(f"ExecStart={shlex.join(command)}")
        timer = [f"# {name}.timer", "[Unit]", f"Description=newscrawl: {what}", "", "[Timer]"]
        timer += [f"OnCalendar={when}", "Persistent=true", "", "[Install]", "WantedBy=timers.target"]
        units += ["", *service, "", *timer]
    return "\n".join(units)


def main(args: argparse.Namespace) -> int:
    try:
        jobs = plan(args)
    except ConfigError as error:
        print(f"newscrawl schedule: {error}", file=sys.stderr)
        return EXIT_USAGE
    workdir, _ = command_prefix()
    print(systemd(jobs, workdir) if args.systemd else crontab(jobs, workdir))
    return 0
