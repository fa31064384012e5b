"""A manifest beside the issue files that says what each file is: date, number, paper, page.

Format (``manifest.tsv``, ``manifest.csv`` or ``manifest.txt``): one line per
file, ``FILE<TAB or comma>YYYY-MM-DD[<TAB or comma>NUMBER]``; blank lines and
lines starting with ``#`` are ignored. A header line naming the columns (``file``,
``date``, ``number``, ``paper``, ``page``, ``page_name``, ``edition``; it may be a
``#`` comment) allows the other columns and any order; a column may be empty::

    # file	date	number	paper	page	page_name
    issue-0001.txt	2022-01-11	16076	大同日报	1	要闻
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MANIFEST_NAMES = ("manifest.tsv", "manifest.csv", "manifest.txt")
_SPLIT = re.compile(r"\t|,")
_COLUMNS = ("file", "date", "number", "paper", "page", "page_name", "edition")


@dataclass(frozen=True)
class ManifestEntry:
    """What a manifest says of one file; empty fields say nothing."""

    date: str | None = None
    number: int | None = None
    paper: str = ""
    page: int | None = None
    page_name: str = ""
    edition: str = ""


Manifest = dict[str, ManifestEntry]


def read_manifest(folder: Path) -> Manifest:
    """The manifest of ``folder`` as {file name: entry}; {} if there is none."""
    for name in MANIFEST_NAMES:
        path = folder / name
        if path.is_file():
            try:
                return parse_manifest(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                return {}
    return {}


def parse_manifest(text: str) -> Manifest:
    """Parse manifest text; lines that name no file, or say nothing valid of it, are ignored.

    >>> parse_manifest("a.txt\\t2022-01-11\\t16076\\nb.txt,2022-02-30")["a.txt"].number
    16076
    >>> m = parse_manifest("# file,paper,date\\nc.txt,人民日报,\\n")
    >>> m["c.txt"].paper, m["c.txt"].date
    ('人民日报', None)
    """
    out: Manifest = {}
    columns = list(_COLUMNS[:3])
    for line in text.splitlines():
        line = line.strip()
        names = [p.strip().lstrip("#").strip().lower() for p in _SPLIT.split(line)]
        if "file" in names and all(n in _COLUMNS for n in names if n):
            columns = names
            continue
        if not line or line.startswith("#"):
            continue
        row = dict(zip(columns, (p.strip() for p in _SPLIT.split(line)), strict=False))
        name = row.get("file", "")
        if not name:
            continue
        day: str | None = None
        if row.get("date"):
            try:
                day = date.fromisoformat(row["date"]).isoformat()
            except ValueError:
                day = None
        number = int(row["number"]) if row.get("number", "").isdigit() else None
        page = int(row["page"]) if row.get("page", "").isdigit() else None
        entry = ManifestEntry(day, number, row.get("paper", ""), page, row.get("page_name", ""),
                              row.get("edition", ""))
        if entry != ManifestEntry():
            out[name] = entry
    return out
