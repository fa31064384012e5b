"""Benchmark: how well articles, heading layers, bylines and dates come out of pages.

Not collected by pytest (no test_ functions, bench_ name). Run::

    .venv/bin/python tests/bench_segmentation.py            # the table
    .venv/bin/python tests/bench_segmentation.py --misses   # and every miss, page by page

Measured on three sets: the labelled front pages of other papers in
``tests/data/papers/`` (see its README), the pages of that set written after the
rules were fixed (``ho-*``, held out) and the five seed pages, whose expected
articles are those of ``tests/core/test_parsing_seeds.py``. Each set is read as
delivered and with its blank lines squeezed out. Figures:

* headlines found: printed headlines that come out as an article's heading
  (kicker + title + subtitle, spaces ignored), not as a title guessed from the body;
* articles per printed article: articles made / articles printed (1.00 is right;
  more means fakes: sub-heads, credits or leads made articles);
* heading layers right: kicker, title and subtitle each in its own field;
* bylines found: printed bylines/datelines that come out as the article's byline
  (spaces ignored); authors: the names in ``author``;
* bodies right: the article's body (or a picture's caption) starts where printed;
* dates from the text alone (a neutral file name, no file time): right, unknown,
  wrong, and in the future (after today).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE / "core")]

from paper_fixtures import Expected, Page, load_pages  # noqa: E402
from test_parsing_seeds import ARTICLES, CORPUS, DATES, SEEDS, STORY_COUNTS  # noqa: E402

from reader.models import Article  # noqa: E402
from reader.parsing import parse_issue  # noqa: E402
from reader.parsing.dates import infer_date, masthead_date  # noqa: E402
from reader.parsing.issue import _split_masthead  # noqa: E402
from reader.parsing.units import split_units  # noqa: E402

HELD_OUT = "ho-"  # pages written after the rules were fixed: a check on tuning to the set


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def squeeze(text: str) -> str:
    """The same page with every blank line removed (how many exports deliver it)."""
    return re.sub(r"\n(?:[ \t\u3000\r]*\n)+", "\n", text)


@dataclass
class Tally:
    printed: int = 0  # articles printed
    labelled: int = 0  # of those, the ones with labels to check (the seeds' untitled stories have none)
    made: int = 0
    headlines: int = 0
    layers: int = 0
    bylines_printed: int = 0
    bylines: int = 0
    authors_printed: int = 0
    authors: int = 0
    bodies: int = 0
    misses: list[str] = field(default_factory=list)


def _heading(a: Article | Expected) -> str:
    return _norm(a.kicker + a.title + a.subtitle)


def match(expected: list[Expected], made: list[Article]) -> list[Article | None]:
    """Each printed article's counterpart among those made (by heading; each used once)."""
    free = [a for a in made if not a.title_inferred]
    out: list[Article | None] = []
    for e in expected:
        found = next((a for a in free if _heading(a) == _heading(e)), None)
        if found is None:
            found = next((a for a in free if _norm(a.title) == _norm(e.title)), None)
        if found is not None:
            free.remove(found)
        out.append(found)
    return out


def score(name: str, expected: list[Expected], made: list[Article], tally: Tally, printed: int | None = None) -> None:
    tally.printed += len(expected) if printed is None else printed
    tally.labelled += len(expected)
    tally.made += len(made)
    untitled = [e for e in expected if not e.title]  # printed without a headline: counted, not matched
    tally.labelled -= len(untitled)
    expected = [e for e in expected if e.title]
    for e, a in zip(expected, match(expected, made), strict=True):
        label = f"{name}: {e.title}"
        tally.bylines_printed += bool(e.byline)
        tally.authors_printed += bool(e.author)
        if a is None:
            tally.misses.append(f"{label}: headline not found")
            continue
        tally.headlines += 1
        layers = (_norm(a.kicker), _norm(a.title), _norm(a.subtitle))
        if layers == (_norm(e.kicker), _norm(e.title), _norm(e.subtitle)):
            tally.layers += 1
        else:
            tally.misses.append(f"{label}: layers {a.kicker!r} / {a.title!r} / {a.subtitle!r}")
        if e.byline:
            if _norm(a.byline) == _norm(e.byline):
                tally.bylines += 1
            else:
                tally.misses.append(f"{label}: byline {a.byline!r}, printed {e.byline!r}")
        if e.author:
            if a.author.split() == e.author.split():
                tally.authors += 1
            else:
                tally.misses.append(f"{label}: author {a.author!r}, printed {e.author!r}")
        start = e.caption if e.kind == "photo" else e.body
        text = (a.captions[0] if a.captions else "") if e.kind == "photo" else a.body
        if _norm(text).startswith(_norm(start)):
            tally.bodies += 1
        else:
            tally.misses.append(f"{label}: body starts {text[:20]!r}")
    if printed is None and len(made) != len(expected) + len(untitled):
        extra = [a.title for a in made if a.title not in {e.title for e in expected}]
        tally.misses.append(f"{name}: {len(made)} made for {len(expected)} printed; others: {extra}")


def text_date(text: str, today: date) -> date | None:
    """The issue's date from its text alone: the masthead, else what the datelines say."""
    head, _rest = _split_masthead(split_units(text))
    if head:
        found = masthead_date("\n".join(u.text for u in head))
        if found:
            return found[0]
    try:
        inferred = infer_date(text, today)  # type: ignore[arg-type]
    except TypeError:
        inferred = infer_date(text)
    return inferred[0] if inferred else None


@dataclass
class Dates:
    right: int = 0
    unknown: int = 0
    wrong: int = 0
    future: int = 0
    misses: list[str] = field(default_factory=list)


def score_date(name: str, text: str, expected: str, today: date, tally: Dates) -> None:
    got = text_date(text, today)
    if got is not None and got > today:
        tally.future += 1
    if (got.isoformat() if got else "unknown") == expected:
        tally.right += 1
    elif got is None:
        tally.unknown += 1
        tally.misses.append(f"{name}: date unknown, printed {expected}")
    else:
        tally.wrong += 1
        tally.misses.append(f"{name}: date {got}, printed {expected}")


def measure_papers(pages: list[Page], squeezed: bool) -> Tally:
    tally = Tally()
    for page in pages:
        text = squeeze(page.text) if squeezed else page.text
        made = list(parse_issue(text, source_name="page.txt").articles)
        score(page.name, list(page.articles), made, tally)
    return tally


def _seed_expected() -> dict[str, list[Expected]]:
    out: dict[str, list[Expected]] = {s: [] for s in SEEDS}
    for seed, kicker, title, subtitle, byline, start, _end in ARTICLES:
        out[seed].append(Expected(title=title, kicker=kicker, subtitle=subtitle, byline=byline, body=start))
    return out


def measure_seeds(squeezed: bool) -> Tally:
    tally = Tally()
    for seed, expected in _seed_expected().items():
        text = (CORPUS / SEEDS[seed]).read_text(encoding="utf-8")
        text = squeeze(text) if squeezed else text
        made = [a for a in parse_issue(text, source_name=SEEDS[seed]).articles if a.kind == "article"]
        score(seed, expected, made, tally, printed=STORY_COUNTS[seed])
    return tally


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}% ({n}/{d})" if d else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    today = date.today()
    every = load_pages()
    groups = {"papers": [p for p in every if not p.name.startswith(HELD_OUT)],
              "held out": [p for p in every if p.name.startswith(HELD_OUT)]}
    sets = {key: (measure_papers(pages, False), measure_papers(pages, True)) for key, pages in groups.items()}
    sets["seeds"] = (measure_seeds(False), measure_seeds(True))
    dates = {key: Dates() for key in sets}
    for key, pages in groups.items():
        for page in pages:
            score_date(page.name, page.text, page.date, today, dates[key])
    for seed, day, _source, _number in DATES:
        score_date(seed, (CORPUS / SEEDS[seed]).read_text(encoding="utf-8"), day, today, dates["seeds"])

    rows = [("", f"papers ({len(groups['papers'])} pages)", f"held out ({len(groups['held out'])} pages)",
             f"seeds ({len(SEEDS)} pages)")]
    cells: dict[str, list[str]] = {}
    for key, (plain, sq) in sets.items():
        cells[key] = [
            f"{_pct(plain.headlines, plain.labelled)} / {_pct(sq.headlines, sq.labelled)}",
            f"{plain.made / plain.printed:.2f} / {sq.made / sq.printed:.2f} ({plain.made}/{sq.made} for {plain.printed})",
            _pct(plain.layers, plain.labelled),
            _pct(plain.bylines, plain.bylines_printed),
            _pct(plain.authors, plain.authors_printed),
            _pct(plain.bodies, plain.labelled),
            (f"{dates[key].right} right/{dates[key].unknown} unknown/{dates[key].wrong} wrong"
             f"/{dates[key].future} future (of {dates[key].right + dates[key].unknown + dates[key].wrong})"),
        ]
    labels = ["headlines found (as delivered / squeezed)", "articles per printed article (as delivered / squeezed)",
              "heading layers right", "datelines/bylines found", "authors right", "bodies start right",
              "dates from the text alone"]
    for n, label in enumerate(labels):
        rows.append((label, cells["papers"][n], cells["held out"][n], cells["seeds"][n]))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print(f"today: {today}")
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    if args.misses:
        for key, (plain, sq) in sets.items():
            print(f"\n== {key}, as delivered ==")
            print("\n".join(plain.misses))
            print(f"\n== {key}, squeezed: headline and count misses ==")
            print("\n".join(m for m in sq.misses if "not found" in m or "made for" in m))
            print(f"\n== {key}, dates ==")
            print("\n".join(dates[key].misses))


if __name__ == "__main__":
    main()
