"""The command line: ``baoku [--library DIR] COMMAND ...``; JSON on stdout with ``--json``.

Each subcommand lives in its own module here and registers itself through
``register(subparsers)``. Errors are :class:`BaokuError`: one line on stderr
and exit code 1 (2 for usage errors, as argparse does).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from reader import __version__
from reader.cli import global_options
from reader.errors import BaokuError
from reader.messages import cli_text

_COMMAND_MODULES = ("library_cmds", "paper_cmds", "search_cmds", "bookmark_cmds", "gui_cmd",
                    "repair_cmd", "desktop_cmds", "research_cmds", "highlight_cmds", "saved_cmds",
                    "status_cmd")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baoku",
        description="报库 Baoku: read and search a Chinese newspaper archive. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"baoku {__version__}")
    global_options.add_to_main(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(f"reader.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"reader.cli.{name}":
                continue  # a command module not written yet
            raise
        module.register(sub)
    global_options.add_to_commands(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    commands = [c for a in parser._subparsers._actions if isinstance(a, argparse._SubParsersAction)
                for c in a.choices] if parser._subparsers else []
    args = global_options.settle(parser.parse_args(global_options.paths_to_gui(words, commands)))
    if args.command is None:
        args = parser.parse_args(["gui", *([f"--library={args.library}"] if args.library else [])])
    try:
        return int(args.run(args) or 0)
    except BaokuError as exc:
        print(f"baoku: {cli_text(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("baoku: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `baoku search … | head`: the reader stopped listening; that is not an error of ours.
        # Point stdout at /dev/null so the interpreter's final flush does not complain again.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
