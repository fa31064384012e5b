"""Link a story's parts across pages: （下转第三版） on page 1 to （上接第一版） on page 3.

Print splits long stories: the start ends with a marker naming the page the rest
is on, and the rest opens with a marker naming the page it comes from. Given an
issue's articles in print order, each start gets ``continues_in`` (the rest's id)
and each rest ``continues_from`` (the start's id). A page the library does not
hold links to nothing (None): the reading pane says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reader.models import Article

_NUMERALS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}


def page_number(label: str | None) -> int | None:
    """The page a marker names: "第三版" -> 3, "第12版" -> 12, "十六" -> 16, "A2" -> None.

    >>> [page_number(x) for x in ("第三版", "第12版", "第十六版", "二十", "版")]
    [3, 12, 16, 20, None]
    """
    if not label:
        return None
    core = re.sub(r"^第|版$", "", label.strip())
    if core.isdigit():
        return int(core)
    if not core or any(ch not in _NUMERALS and ch != "十" for ch in core):
        return None
    if "十" in core:
        tens, _, units = core.partition("十")
        return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)
    value = 0
    for ch in core:
        value = value * 10 + _NUMERALS[ch]
    return value


def link_continuations(articles: list[Article]) -> list[Article]:
    """The articles with ``continues_in``/``continues_from`` set where both ends are present."""
    starts = [a for a in articles if a.continued and a.page is not None]
    if not starts:
        return articles
    rests = [a for a in articles if a.continued_from and a.page is not None]
    links: dict[str, str] = {}
    back: dict[str, str] = {}
    for start in starts:
        target = page_number(start.continued)
        candidates = [r for r in rests if r.page == target and r.id not in back
                      and page_number(r.continued_from) in (start.page, None)]
        if not candidates:
            continue
        best = max(candidates, key=lambda r: _likeness(start, r))
        links[start.id] = best.id
        back[best.id] = start.id
    if not links:
        return articles
    return [replace(a, continues_in=links.get(a.id), continues_from=back.get(a.id))
            if a.id in links or a.id in back else a for a in articles]


def _likeness(start: Article, rest: Article) -> int:
    """How surely ``rest`` is the rest of ``start``: its heading repeats the start's words."""
    head = start.title
    other = rest.title if not rest.title_inferred else ""
    if not head or not other:
        return 0
    shared = sum(1 for ch in set(other) if ch in head)
    return 2 * shared + (100 if other in head or head in other else 0)
