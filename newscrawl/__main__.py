"""``newscrawl COMMAND`` (also ``python -m newscrawl COMMAND``): the operator's and researcher's entry point.

Each command is a module exposing ``add_arguments(parser)`` and
``main(args) -> int`` (the process exit status); modules are imported only when
their command runs, so ``export`` does not pay for Scrapy and ``cron`` does not
pay for pyarrow.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from newscrawl import __version__

#: the checkout's development package (the mirror, its servers, the demo); never installed
DEVTOOLS = "devtools"

#: command -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "crawl": (
        "newscrawl.cli.crawl",
        "crawl one site (or a mirror of it) into a JSONL file, with progress and a summary",
    ),
    "sites": ("newscrawl.cli.sites", "list the sites: name, host, article URL shape, languages"),
    "demo": ("devtools.demo", "serve the bundled mirror and crawl it into demo-data/islamtimes.jsonl"),
    "serve": ("devtools.mirror.server", "serve the bundled mirror site on 127.0.0.1"),
    "cron": ("newscrawl.cron.command", "one scheduled, incremental, locked, resumable crawl run"),
    "status": (
        "newscrawl.status.command",
        "every site's health over time on one static HTML page (also --json, --openmetrics)",
    ),
    "export": ("newscrawl.dataset.cli", "merge run files into one deduplicated, documented dataset"),
    "reextract": ("newscrawl.warc.reextract", "records again from WARC archives, without the network"),
    "schedule": (
        "newscrawl.cli.schedule",
        "print crontab lines (or systemd units) for hourly crawls and a weekly export",
    ),
    "config": ("newscrawl.cli.config", "print the effective configuration and where each value came from"),
}


def main(argv: list[str] | None = None, prog: str = "newscrawl") -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog=prog, description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newscrawl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    if not argv or argv[0] not in COMMANDS:
        parser.parse_args(argv)  # prints usage / version / error and exits
    name, rest = argv[0], argv[1:]
    try:
        module = importlib.import_module(COMMANDS[name][0])
    except ModuleNotFoundError as error:
        if error.name != DEVTOOLS:
            raise
        # the mirror and its servers are development tooling: in the repository, not the package
        print(f"{prog} {name}: runs only inside a checkout of the repository (it needs {DEVTOOLS}/)", file=sys.stderr)
        return 2
    command_parser = argparse.ArgumentParser(prog=f"{prog} {name}", description=COMMANDS[name][1])
    module.add_arguments(command_parser)
    args = command_parser.parse_args(rest)
    args.prog = command_parser.prog  # how the user called it, for what a command records (the dataset card)
    return int(module.main(args) or 0)


def entry_point() -> None:
    """The ``newscrawl`` console script (pyproject.toml)."""
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main(prog="python -m newscrawl"))
