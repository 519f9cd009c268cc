"""``newscrawl config``: the effective configuration, each value with where it came from."""

from __future__ import annotations

import os
import sys
from typing import Any

from newscrawl.cli.contact import user_agent
from newscrawl.cli.userconfig import BY_KEY, add_config_arguments, default_path, from_args
from newscrawl.config import ConfigError, project_settings
from newscrawl.rules.exitcodes import EXIT_USAGE


def add_arguments(parser: Any) -> None:
    add_config_arguments(parser)
    parser.add_argument("--site", help="also show what the [sites.SITE] table sets for this site")


def main(args: Any) -> int:
    try:
        config = from_args(args)
        if args.site:
            from newscrawl.config import spider_class  # noqa: PLC0415 - loads the spiders

            spider_class(args.site)
    except ConfigError as error:
        print(f"newscrawl config: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"# configuration file: {config.path or f'none ({default_path(os.environ)} does not exist)'}")
    width = max(len(key) for key in BY_KEY)
    for key, value in config.values.items():
        shown = "(not set)" if value.value is None else value.value
        print(f"{key:<{width}} = {shown!s:<24} # {value.source}")
    agent = (
        user_agent(config.contact)
        if config.contact
        else f"{project_settings().get('USER_AGENT')} # mirrors only: a live site needs a contact"
    )
    print(f"{'user_agent':<{width}} = {agent}")
    if args.site:
        for name, value in config.settings(args.site).items():
            print(f"{args.site}: {name} = {value}")
        print(f"{args.site}: sections = {config.sections(args.site) or '(the whole site)'}")
    return 0
