"""The labelled front pages of other papers (tests/data/papers/): load a page and what it prints.

Not a test module: the parsing tests and ``tests/bench_segmentation.py`` read the
set through :func:`load_pages`. The ``.expected`` format is described in the
set's README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PAPERS = Path(__file__).resolve().parents[1] / "data" / "papers"
_KEYS = {"title", "kicker", "subtitle", "byline", "author", "body", "kind", "caption"}


@dataclass(frozen=True)
class Expected:
    """One article as printed: its heading layers, byline, author and the first words of its body.

    An empty ``title`` is a story printed without a headline: it counts as an article printed.
    """

    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    author: str = ""
    body: str = ""
    kind: str = "article"
    caption: str = ""


@dataclass(frozen=True)
class Page:
    name: str
    text: str
    date: str  # ISO date, or "unknown" when the text gives no evidence of it
    note: str
    articles: tuple[Expected, ...] = field(default=())


def _records(text: str) -> list[dict[str, str]]:
    records: list[dict[str, str]] = [{}]
    for raw in text.splitlines():
        line = raw.strip()
        if line == "---":
            records.append({})
            continue
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        records[-1][key.strip()] = value.strip()
    return records


def load_page(path: Path) -> Page:
    """A page and its labels; ``path`` is the ``.txt`` file."""
    header, *records = _records(path.with_suffix(".expected").read_text(encoding="utf-8"))
    articles = []
    for rec in records:
        unknown = set(rec) - _KEYS
        if unknown:
            raise ValueError(f"{path.name}: unknown keys {sorted(unknown)}")
        articles.append(Expected(**rec))
    return Page(path.stem, path.read_text(encoding="utf-8"), header["date"], header.get("note", ""),
                tuple(articles))


def load_pages() -> list[Page]:
    return [load_page(p) for p in sorted(PAPERS.glob("*.txt"))]
