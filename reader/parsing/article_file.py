"""One article per file: a crawler's ``YYYYMMDD-PP-NN.txt`` and markdown ``### 标题`` files.

Such a file holds exactly one story, so it is never split: the heading is the
lines before the first paragraph indented with ideographic spaces (U+3000), the
rest is the body. A byline line in the heading (``本报记者 王明``) is the byline; a
lead (``新华社北京10月1日电``) opening the body gives the byline as in whole pages.
Markdown article files (``### 标题``, an author line, a date line, ``第N版(…)``,
``专栏：…``, then the text, which repeats the title) keep the title once.
"""

from __future__ import annotations

import re

from reader.parsing.headings import split_group
from reader.parsing.layout import page_header
from reader.parsing.segment import Draft, Para, Piece, _pieces, _slice, _strip
from reader.parsing.units import BYLINE_RE, LEAD_RE, Kind, Unit, split_units

_BLANK_SLOT = re.compile(r"^[\s\u3000]*(?:广告|广\s*告|公益广告|此处为广告)?[\s\u3000]*$")
_AUTHOR_LINE = re.compile(r"^(?:作者|【作者】)\s*[：:]?\s*")
_COLUMN_LINE = re.compile(r"^(?:专栏|栏目)\s*[：:]\s*")
_DATE_LINE = re.compile(r"^(?:日期\s*[：:]\s*)?(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}日?$")
_SIGNED = re.compile(r"(?:本报|新华社|特约)?(?:记者|通讯员|评论员)|^[□■]")


def blank_slot(text: str) -> bool:
    """An empty slot or an advertisement: nothing but 广告 (or nothing) in the file."""
    return bool(_BLANK_SLOT.match(text))


def _indented(text: str, u: Unit) -> bool:
    line_start = text.rfind("\n", 0, u.start) + 1
    return "\u3000" in text[line_start:u.start] or text[line_start:u.start].startswith("  ")


def article_draft(text: str, units: list[Unit] | None = None) -> tuple[Draft, list[str]]:
    """The one story of an article file, and lines kept aside (none for a plain file)."""
    units = split_units(text) if units is None else units
    first_para = next((n for n, u in enumerate(units) if _indented(text, u)), None)
    if first_para is None:  # nothing indented: the heading ends where sentences begin
        first_para = next((n for n, u in enumerate(units)
                           if u.kind in (Kind.BODY, Kind.LEAD) and len(u.text) > 40), len(units))
        first_para = max(first_para, 1) if len(units) > 1 else len(units)
    heading, body = units[:first_para], units[first_para:]
    draft = Draft()
    lines: list[Unit] = []
    for u in heading:
        if not draft.byline and (BYLINE_RE.match(u.text) or u.kind is Kind.BYLINE
                                 or (len(u.text) <= 30 and _SIGNED.search(u.text) and lines)):
            draft.byline = _pieces(u)
        else:
            lines.append(u)
    _heading_into(draft, lines)
    _body_into(draft, body)
    return draft, []


def markdown_draft(text: str) -> tuple[Draft, list[str], tuple[int, str] | None]:
    """The story of a markdown article file, the metadata lines kept aside, and its page."""
    units = split_units(text)
    if not units or units[0].level == 0:
        plain, aside = article_draft(text, units)
        return plain, aside, None
    title = units[0]
    extras: list[str] = []
    page: tuple[int, str] | None = None
    byline: list[Piece] = []
    kicker: list[Piece] = []
    n = 1
    while n < len(units) and n <= 6:
        u = units[n]
        if (found := page_header(u.text)) is not None:
            page = found
        elif _DATE_LINE.match(u.text):
            pass
        elif (m := _AUTHOR_LINE.match(u.text)) is not None:
            byline = _strip(_slice(_pieces(u), m.end()))
        elif (m := _COLUMN_LINE.match(u.text)) is not None:
            kicker = _strip(_slice(_pieces(u), m.end()))
        else:
            break
        extras.append(u.text)
        n += 1
    rest = units[n:]
    while rest and rest[0].text == title.text:  # the text repeats the title
        rest = rest[1:]
    draft, more = article_draft(text, rest) if rest else (Draft(), [])
    sub = [p for p in (draft.kicker, draft.title, draft.subtitle) if p]
    draft.kicker = kicker or (sub[0] if len(sub) > 1 else [])
    draft.subtitle = sub[-1] if sub and (len(sub) == 1 or sub[-1] is not draft.kicker) else []
    if draft.subtitle and "".join(p[0] for p in draft.subtitle) == title.text:
        draft.subtitle = []
    draft.title = _pieces(title)
    if byline and not draft.byline:
        draft.byline = byline
    return draft, extras + more, page


def _heading_into(draft: Draft, lines: list[Unit]) -> None:
    if not lines:
        return
    parts = split_group(lines)
    draft.kicker = _join([_pieces(u) for u in parts.kicker])
    draft.title = _pieces(parts.title) if parts.title else []
    draft.subtitle = _join([_pieces(u) for u in parts.subtitle + parts.box])


def _body_into(draft: Draft, body: list[Unit]) -> None:
    for n, u in enumerate(body):
        pieces = _pieces(u)
        if n == 0 and not draft.byline and (m := LEAD_RE.match(u.text)) is not None:
            draft.byline = _strip(_slice(pieces, 0, m.end()))
            pieces = _strip(_slice(pieces, m.end()))
            if not pieces:
                continue
        draft.paras.append(Para(pieces))


def _join(groups: list[list[Piece]]) -> list[Piece]:
    out: list[Piece] = []
    for g in groups:
        if out:
            out.append((" ", -1, -1))
        out.extend(g)
    return out
