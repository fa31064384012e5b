"""The search query language: text -> a small syntax tree, or one clear :class:`QueryError`.

Query language
==============

==================================  ===============================================
``大同``                              articles containing exactly 大同, anywhere in
                                    the article (title, byline, captions, body);
                                    any Chinese string, even one jieba never cuts
                                    as a word
``大同 冷链``                          both (space-separated terms: AND)
``大同 OR 太原``                       either
``大同 -疫情``                         大同 but not 疫情
``"云冈 石窟"``                        exactly that string, spaces and punctuation
                                    included
``(大同 OR 太原) 冷链``                parentheses group
``title:冷链``                        in the heading (kicker, title or subtitle)
``author:韩云峰``                      in the byline / author
``date:2022``                        in 2022 (also ``date:2022-01``,
                                    ``date:2022-01-10``)
``date:2022-01-10..2022-03-31``       between two dates, inclusive; either end may
                                    be left open (``date:2022-03..``)
==================================  ===============================================

Latin letters and digits are searchable (``5G``, ``12345``, ``GW``); Latin case
and full-width forms are ignored (``5g`` finds ``５Ｇ``). ``OR`` must be written
in capitals (``or`` is an ordinary term; quote it, ``"OR"``, to search for it). A field applies to one term, a quoted
phrase or a parenthesised group (``title:(大同 OR 太原)``).

Malformed queries raise :class:`QueryError` with one line saying what is wrong:
an empty query, an unbalanced quote or parenthesis, a lone ``OR``, a lone ``-``,
an unknown field, an impossible date (``2022-02-30``) or a backwards range. Very
large queries (over 1,000 characters, 100 terms or 20 levels of parentheses)
are refused the same way, so no query can take long.

>>> parse("大同 -疫情 date:2022")
And(children=(Term(text='大同', field=None), Not(child=Term(text='疫情', field=None)), DateRange(start='2022-01-01', end='2022-12-31')))
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from reader.analysis import normalize
from reader.errors import QueryError

MAX_QUERY_CHARS = 1000
MAX_TERMS = 100
MAX_DEPTH = 20
FIELDS = ("title", "author", "date", "paper", "page")


@dataclass(frozen=True)
class Term:
    """An exact string (already normalised), in any field (None), "title", "author", "paper"
    (the paper's name) or "page" (the page number, 版)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    """Issue dates from ``start`` to ``end`` inclusive (YYYY-MM-DD; "" = open)."""

    start: str
    end: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | DateRange | Not | And | Or

_FIELD_RE = re.compile(r"([A-Za-z_]+)[:：](.*)", re.S)
# What a Chinese input method types for the query syntax (issue 13): its quotes, in pairs,
# the full-width colon (in _FIELD_RE), parentheses and minus signs, and U+3000 (a space).
_QUOTES = {'"': '"', "“": "”", "‘": "’", "「": "」", "『": "』"}
_OPEN = "(（"
_CLOSE = ")）"
_MINUS = "-－—"
_STOPS = '()"（）“‘「『'  # end a bare word, as a space does
_OPERATORS = ("OR",)
_NUL = "\x00\x01"


@dataclass
class _Tok:
    kind: str  # "word", "quoted", "(", ")", "-", "OR", "field"
    text: str
    at: int


def parse(query: str) -> Node:
    """Parse ``query`` into a tree; raises :class:`QueryError` with one line if it is malformed."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    tokens = _lex(query)
    if not tokens:
        raise QueryError("the query is empty")
    terms = sum(1 for t in tokens if t.kind in ("word", "quoted"))
    if terms > MAX_TERMS:
        raise QueryError(f"the query has too many terms ({terms}; at most {MAX_TERMS})")
    depth = deepest = 0
    for t in tokens:  # before parsing, which recurses once per level
        depth += (t.kind == "(") - (t.kind == ")")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise QueryError(f"the query nests parentheses too deeply ({deepest} levels; at most {MAX_DEPTH})")
    parser = _Parser(tokens)
    node = parser.parse_or(depth=0, field=None)
    if parser.pos < len(tokens):
        tok = tokens[parser.pos]
        if tok.kind == ")":
            raise QueryError(f"unbalanced parenthesis: ')' at character {tok.at + 1} closes nothing")
        raise QueryError(f"unexpected {_show(tok.text)} at character {tok.at + 1}")  # pragma: no cover
    return node


def positive_terms(node: Node) -> list[Term]:
    """The terms a hit is found by (not those under ``-``), in query order, without repeats."""
    out: list[Term] = []

    def walk(n: Node, negated: bool) -> None:
        if isinstance(n, Term):
            if not negated and n not in out:
                out.append(n)
        elif isinstance(n, Not):
            walk(n.child, not negated)
        elif isinstance(n, And | Or):
            for c in n.children:
                walk(c, negated)

    walk(node, False)
    return out


def _lex(query: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace() or ch in _NUL:  # NUL and SOH separate fields in the searched text
            i += 1
        elif ch in _OPEN or ch in _CLOSE:
            kind = "(" if ch in _OPEN else ")"
            tokens.append(_Tok(kind, kind, i))
            i += 1
        elif ch in _QUOTES:
            end = query.find(_QUOTES[ch], i + 1)
            if end < 0:
                raise QueryError(f"unbalanced quote: the '{ch}' at character {i + 1} is never closed")
            if end == i + 1:
                raise QueryError(f"empty quotes {ch}{_QUOTES[ch]} at character {i + 1}")
            phrase = query[i + 1 : end].replace("\x00", " ").replace("\x01", " ")
            tokens.append(_Tok("quoted", phrase, i))
            i = end + 1
        elif ch in _MINUS and i + 1 < n and not query[i + 1].isspace() \
                and not (ch != "-" and query[i + 1] in _MINUS):  # —— is a dash, as printed
            tokens.append(_Tok("-", "-", i))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in _NUL and query[j] not in _STOPS:
                j += 1
            word = query[i:j]
            m = _FIELD_RE.fullmatch(word)
            if m and j < n and (query[j] in _OPEN or query[j] in _QUOTES) and not m.group(2):
                tokens.append(_Tok("field", m.group(1), i))
            elif m:
                tokens.append(_Tok("field", m.group(1), i))
                if m.group(2):
                    tokens.append(_Tok("word", m.group(2), i + len(m.group(1)) + 1))
            elif word in _OPERATORS:
                tokens.append(_Tok(word, word, i))
            elif word in ("-", "－", "—"):
                raise QueryError(f"a lone '{word}' at character {i + 1}: write -term to exclude a term")
            else:
                tokens.append(_Tok("word", word, i))
            i = j
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self, depth: int, field: str | None) -> Node:
        if depth > MAX_DEPTH:  # pragma: no cover - parse() counts the levels first
            raise QueryError(f"the query nests parentheses too deeply (at most {MAX_DEPTH} levels)")
        first = self.peek()
        if first is not None and first.kind == "OR":
            raise QueryError(f"a lone OR at character {first.at + 1}: it needs a term on each side")
        children = [self.parse_and(depth, field)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", ")"):
                raise QueryError(f"a lone OR at character {tok.at + 1}: it needs a term on each side")
            children.append(self.parse_and(depth, field))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self, depth: int, field: str | None) -> Node:
        children: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", ")"):
            children.append(self.parse_unary(depth, field))
        if not children:
            tok = self.peek()
            if tok is not None and tok.kind == ")" and depth == 0:
                raise QueryError(f"unbalanced parenthesis: ')' at character {tok.at + 1} closes nothing")
            where = f" at character {tok.at + 1}" if tok else " at the end"
            raise QueryError(f"a term is missing{where}")
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self, depth: int, field: str | None) -> Node:
        tok = self.peek()
        assert tok is not None
        if tok.kind == "-":
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", ")", "-"):
                raise QueryError(f"a lone '-' at character {tok.at + 1}: write -term to exclude a term")
            return Not(self.parse_atom(depth, field))
        return self.parse_atom(depth, field)

    def parse_atom(self, depth: int, field: str | None) -> Node:
        tok = self.peek()
        assert tok is not None
        self.pos += 1
        if tok.kind == "(":
            if (nxt := self.peek()) is not None and nxt.kind == ")":
                raise QueryError(f"empty parentheses at character {tok.at + 1}")
            node = self.parse_or(depth + 1, field)
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError(f"unbalanced parenthesis: the '(' at character {tok.at + 1} is never closed")
            self.pos += 1
            return node
        if tok.kind == "field":
            name = tok.text.lower()
            if name not in FIELDS:
                shown = tok.text if len(tok.text) <= 40 else tok.text[:40] + "…"
                raise QueryError(f"unknown field {shown}: (use title:, author:, date:, paper: or page:)")
            if field is not None:
                raise QueryError(f"{tok.text}: at character {tok.at + 1} is inside {field}:")
            value = self.peek()
            if value is None or value.kind not in ("word", "quoted", "("):
                raise QueryError(f"{tok.text}: at character {tok.at + 1} needs a value after it")
            if name == "date":
                if value.kind == "(":
                    raise QueryError("date: takes one date or range, like date:2022-01..2022-03")
                self.pos += 1
                return _date_range(value.text)
            if name == "page":
                number = normalize(value.text).strip()
                if value.kind == "(" or not number.isdigit() or not number.isascii():
                    raise QueryError(f"page: takes a page number, like page:3 (at character {tok.at + 1})")
                self.pos += 1
                return Term(str(int(number)), "page")
            return self.parse_atom(depth, name)
        if tok.kind in ("word", "quoted"):
            text = normalize(tok.text)
            return Term(text, field)
        if tok.kind == ")":
            raise QueryError(f"unbalanced parenthesis: ')' at character {tok.at + 1} closes nothing")
        raise QueryError(f"unexpected {_show(tok.text)} at character {tok.at + 1}")  # pragma: no cover


def _show(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message: escaped (one line, no control characters) and cut short."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"… ({len(text)} characters)"


_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date_range(text: str) -> DateRange:
    if ".." in text:
        left, _, right = text.partition("..")
        if not left and not right:
            raise QueryError("date:.. needs at least one date")
        start = _date_bound(left, first=True) if left else ""
        end = _date_bound(right, first=False) if right else ""
        if start and end and start > end:
            raise QueryError(f"the date range {text} ends before it starts")
        return DateRange(start, end)
    return DateRange(_date_bound(text, first=True), _date_bound(text, first=False))


def _date_bound(text: str, *, first: bool) -> str:
    """The first (or last) day a date like 2022, 2022-01 or 2022-01-10 stands for."""
    m = _DATE_RE.fullmatch(text)
    if not m:
        raise QueryError(f"not a date: {_show(text)} (write 2022, 2022-01 or 2022-01-10)")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        if month is None:
            d = date(year, 1, 1) if first else date(year, 12, 31)
        elif day is None:
            d = date(year, month, 1 if first else calendar.monthrange(year, month)[1])
        else:
            d = date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        raise QueryError(f"impossible date: {text}") from None
    return d.isoformat()


def check_date(text: str, *, first: bool) -> str:
    """Validate a --from/--to date (2022, 2022-01 or 2022-01-10) and return its first/last day."""
    return _date_bound(text.strip(), first=first)
