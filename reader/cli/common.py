"""Helpers shared by the CLI commands: opening the library, printing JSON."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from reader.errors import BaokuError, LibraryDamagedError, LibraryWriteError
from reader.library import Library
from reader.paths import corpus_dir, default_library_dir
from reader.store import SCHEMA_VERSION

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def library_dir(args: argparse.Namespace) -> Path:
    return Path(args.library).expanduser() if args.library else default_library_dir()


def open_library(args: argparse.Namespace, *, read_only_ok: bool = False) -> Library:
    """The library the command names; the default library starts as the bundled corpus.

    With ``read_only_ok`` (commands that only read), an existing library of this
    version is opened read-only (see :class:`Store` for what is checked then: checking
    every page costs 1.7 ms a MB, seconds on a large library), and a library on a disk
    that refuses writes is opened read-only instead of refused.
    """
    if read_only_ok and (library_dir(args) / "library.db").is_file():
        found: Library | None
        try:
            found = Library(library_dir(args), readonly=True)
        except LibraryDamagedError:
            raise
        except BaokuError:
            found = None
        if found is not None:
            library = found
            if library.store.meta("schema") == str(SCHEMA_VERSION) and library.store.has_issues():
                return library
            library.close()
    try:
        library = Library(library_dir(args))
    except LibraryWriteError:
        if not read_only_ok or not (library_dir(args) / "library.db").is_file():
            raise
        return Library(library_dir(args), readonly=True)
    if not args.library and not os.environ.get("BAOKU_HOME") and not library.issues():
        from reader.service import import_and_index

        print(f"baoku: first run: importing the bundled corpus into {library.root}", file=sys.stderr)
        import_and_index(library, [corpus_dir()])
    return library


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, not \\u-escaped.

    Except lone surrogates, which UTF-8 cannot carry: a file name that is not UTF-8
    reaches Python with surrogate escapes, and leaves as ``\\udcXX``, so ``json.loads``
    gives back the very str that ``os.fsencode`` turns into the name's bytes.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
