"""A manifest beside the issue files that gives each file's date (and number).

Format (``manifest.tsv``, ``manifest.csv`` or ``manifest.txt``): one line per
file, ``FILE<TAB or comma>YYYY-MM-DD[<TAB or comma>NUMBER]``; blank lines and
lines starting with ``#`` are ignored. Example::

    # file	date	number
    issue-0001.txt	2022-01-11	16076
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

MANIFEST_NAMES = ("manifest.tsv", "manifest.csv", "manifest.txt")
Manifest = dict[str, tuple[str, int | None]]
_SPLIT = re.compile(r"\t|,")


def read_manifest(folder: Path) -> Manifest:
    """The manifest of ``folder`` as {file name: (date, number)}; {} if there is none."""
    for name in MANIFEST_NAMES:
        path = folder / name
        if path.is_file():
            try:
                return parse_manifest(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                return {}
    return {}


def parse_manifest(text: str) -> Manifest:
    """Parse manifest text; lines that do not name a file and a valid date are ignored.

    >>> parse_manifest("a.txt\\t2022-01-11\\t16076\\nb.txt,2022-02-30")
    {'a.txt': ('2022-01-11', 16076)}
    """
    out: Manifest = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in _SPLIT.split(line)]
        if len(parts) < 2:
            continue
        try:
            day = date.fromisoformat(parts[1]).isoformat()
        except ValueError:
            continue
        number = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
        out[parts[0]] = (day, number)
    return out
