"""Options every command takes, wherever they are written: ``baoku --library X import …`` and
``baoku import … --library X`` mean the same, and so do ``baoku --json issues`` and
``baoku issues --json``. And a bare path (``baoku ~/papers``, what a desktop launcher passes for
a dropped folder) opens the app and imports it."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

_LIBRARY_HELP = "the library directory (default: $BAOKU_HOME or the user data directory)"


def add_to_main(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--library", metavar="DIR", help=_LIBRARY_HELP)
    parser.add_argument("--json", dest="json_global", action="store_true",
                        help="print JSON on stdout (commands that print data)")


def add_to_commands(parser: argparse.ArgumentParser) -> None:
    """Give every (nested) subcommand ``--library`` and ``--json``. Their defaults are
    suppressed, so an option given before the command is not reset by the command's parser."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for command in set(action.choices.values()):
            options = command._option_string_actions
            if "--library" not in options:
                command.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS,
                                     help=_LIBRARY_HELP)
            if "--json" not in options:
                command.add_argument("--json", dest="json_global", action="store_true",
                                     default=argparse.SUPPRESS, help=argparse.SUPPRESS)
            add_to_commands(command)


def settle(args: argparse.Namespace) -> argparse.Namespace:
    """One ``args.json`` whichever place ``--json`` was written in."""
    if getattr(args, "json_global", False) and hasattr(args, "json"):
        args.json = True
    return args


def paths_to_gui(argv: Sequence[str], commands: Sequence[str]) -> list[str]:
    """``baoku PATH…`` (no command, existing paths) → ``baoku gui --import PATH…``."""
    args = list(argv)
    positional = [a for a in args if not a.startswith("-")]
    if not positional or positional[0] in commands:
        return args
    # skip the value of a --library given as two words
    values = {args[i + 1] for i, a in enumerate(args[:-1]) if a == "--library"}
    paths = [a for a in positional if a not in values]
    if not paths or not all(os.path.exists(p) for p in paths):
        return args
    rest = [a for a in args if a not in paths]
    return [*rest, "gui", "--import", *paths]
