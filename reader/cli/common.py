"""Helpers shared by the CLI commands: opening the library, printing JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from reader.library import Library
from reader.paths import corpus_dir, default_library_dir


def library_dir(args: argparse.Namespace) -> Path:
    return Path(args.library).expanduser() if args.library else default_library_dir()


def open_library(args: argparse.Namespace) -> Library:
    """The library the command names; the default library starts as the bundled corpus."""
    library = Library(library_dir(args))
    if not args.library and not os.environ.get("BAOKU_HOME") and not library.issues():
        from reader.service import import_and_index

        print(f"baoku: first run: importing the bundled corpus into {library.root}", file=sys.stderr)
        import_and_index(library, [corpus_dir()])
    return library


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, not \\u-escaped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
