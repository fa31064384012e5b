"""Split an issue's units into articles and mend the text the print layout broke.

One pass over the units, in print order, keeps a *current* article:

* a headline group followed by a byline, a lead (本报讯…), photos or bullets
  starts an article; followed by body text it is a sub-head when the current
  article is a feature that has only its lead so far or already has sub-heads,
  else it starts an article without a byline (an editorial, a fragment);
* a lead paragraph with no headline above it starts an article whose title is
  taken from its first sentence (``title_inferred``);
* a paragraph that follows one ending mid-sentence is joined to it (column
  breaks: 织密筑牢疫情 / 防控防线);
* a paragraph that continues *another* story that ended mid-sentence is moved
  there when the junction reads as a phrase printed elsewhere in the issue
  (…疫情防控工作重要 / 指示精神…); paragraphs standing after a finished
  story (after （下转第三版）) are held and later joined to the story whose
  end they continue (seed 002's 活动。 …);
* a headline group followed by 刊3版▶, or by nothing but photos, is a teaser or
  an advertisement: kept with the issue's extras, not an article; but one heading
  line over a caption alone is a picture item (图片新闻) with that title;
* what ends a story stays with it: a credit after its last sentence (首席记者 周平,
  （本报记者 张三 李四）), a signature over a date line, （新华社…电）; a numbered head
  (一、…, 第3招 …) is a sub-head of the story it is printed in;
* a short paragraph between a heading and its byline is a 提要 summary, and a short
  labelled box over one paragraph (核心阅读) just above a story is its highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.parsing.headings import banner_prefix, split_group
from reader.parsing.units import (
    LEAD_RE,
    MARKER_RE,
    NO_START,
    NUMBERED_RE,
    SIGNOFF_RE,
    Kind,
    Unit,
    ends_sentence,
    is_name_line,
)

Piece = tuple[str, int, int]  # text, source start, source end
_CONTINUED_FROM = re.compile(r"^[（(]\s*上接")


@dataclass
class Para:
    pieces: list[Piece]
    subhead: bool = False
    signoff: bool = False  # a closing credit, a signature or a date line: never continued

    @property
    def text(self) -> str:
        return "".join(p[0] for p in self.pieces)


@dataclass
class Draft:
    kicker: list[Piece] = field(default_factory=list)
    title: list[Piece] = field(default_factory=list)
    subtitle: list[Piece] = field(default_factory=list)
    box: list[Piece] = field(default_factory=list)
    byline: list[Piece] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)
    captions: list[list[Piece]] = field(default_factory=list)
    highlights: list[list[Piece]] = field(default_factory=list)
    continued: str | None = None
    continued_from: str | None = None
    closed: bool = False
    kind: str = "article"
    orphan: bool = False
    author_line: bool = False
    leading_fragment: bool = False
    order: int = 0

    @property
    def feature(self) -> bool:
        """A reporter's feature (□ 本报记者 … on its own line): the kind of story with sub-heads."""
        return bool(self.byline) and not self.author_line and self.byline[0][0].lstrip("□■ ").startswith(
            ("本报记者", "记者", "本报通讯员", "通讯员"))

    @property
    def awaiting_body(self) -> bool:
        return not self.paras and not self.closed

    @property
    def text_paras(self) -> list[Para]:
        return [p for p in self.paras if not p.subhead]

    def dangling(self) -> bool:
        paras = self.paras
        return bool(paras) and not paras[-1].subhead and not paras[-1].signoff and not ends_sentence(paras[-1].text)

    @property
    def ended(self) -> bool:
        """Its last paragraph closes a sentence or signs the story off: what follows may be another story."""
        return bool(self.paras) and (self.paras[-1].signoff or ends_sentence(self.paras[-1].text))


@dataclass
class Segmented:
    articles: list[Draft]
    extras: list[str]


def _pieces(u: Unit) -> list[Piece]:
    """A unit's pieces; joined heading lines keep one piece per printed line."""
    out: list[Piece] = []
    for n, (offset, s, e) in enumerate(u.pieces):
        if n:
            out.append((" ", -1, -1))
        out.append((u.text[offset:offset + (e - s)], s, e))
    return out


def _slice(pieces: list[Piece], start: int, end: int | None = None) -> list[Piece]:
    """Character range [start, end) of the text the pieces make, as pieces."""
    out: list[Piece] = []
    pos = 0
    for text, s, _e in pieces:
        lo, hi = pos, pos + len(text)
        pos = hi
        a = max(start, lo)
        b = hi if end is None else min(end, hi)
        if a >= b:
            continue
        sub = text[a - lo:b - lo]
        if s < 0:
            out.append((sub, -1, -1))
        else:
            out.append((sub, s + (a - lo), s + (b - lo)))
    return out


def _strip(pieces: list[Piece]) -> list[Piece]:
    text = "".join(p[0] for p in pieces)
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    return _slice(pieces, left, right)


class Segmenter:
    """Stateful pass over an issue's units; see the module docstring."""

    def __init__(self, units: list[Unit], text: str) -> None:
        self.units = _mark_captions(units)
        self.text = text
        self.articles: list[Draft] = []
        self.extras: list[str] = []
        self.cur: Draft | None = None
        self.pending_captions: list[list[Piece]] = []
        self.pending_highlights: list[list[Piece]] = []

    # -- helpers -------------------------------------------------------------
    def _new(self, **kw: object) -> Draft:
        d = Draft(order=len(self.articles), **kw)  # type: ignore[arg-type]
        d.captions.extend(self.pending_captions)
        d.highlights.extend(self.pending_highlights)
        self.pending_captions = []
        self.pending_highlights = []
        self.articles.append(d)
        self.cur = d
        return d

    def _kind(self, i: int) -> Kind | None:
        return self.units[i].kind if 0 <= i < len(self.units) else None

    def _effective(self, i: int) -> Kind:
        """A unit's kind in context: heading-looking broken lines are body text."""
        u = self.units[i]
        if u.kind is not Kind.HEADING:
            return u.kind
        nxt = self.units[i + 1] if i + 1 < len(self.units) else None
        # Body text has no spaces between Chinese characters; headlines often do.
        spaced = re.search(r"[\u4e00-\u9fff”》」]\s+[\u4e00-\u9fff“《「]", u.text) is not None
        numbered = NUMBERED_RE.match(u.text) is not None  # 一、清算运动的经过: a head, not a broken line
        if nxt is not None and nxt.kind is Kind.BODY and u.level == 0 and not spaced and not numbered:
            head = nxt.text
            if head[0] in NO_START:
                return Kind.BODY
            first = re.split(r"[。！？!?]", head, maxsplit=1)[0]
            if len(first) <= 8 and "，" not in first and "," not in first and len(head) > len(first):
                return Kind.BODY
            if ("，" in u.text or "," in u.text):
                return Kind.BODY
        return Kind.HEADING

    # -- the pass --------------------------------------------------------------
    def run(self) -> Segmented:
        i = 0
        n = len(self.units)
        while i < n:
            kind = self._effective(i)
            if kind is Kind.HEADING:
                i = self._heading_group(i)
                continue
            u = self.units[i]
            if kind is Kind.LEAD:
                self._lead(u)
            elif kind is Kind.BYLINE and self._closing(i):
                self._signoff(u)
            elif kind is Kind.BYLINE:
                self._byline(u)
            elif kind is Kind.SIGNOFF:
                self._signoff(u)
            elif kind in (Kind.CAPTION, Kind.CREDIT):
                i = self._caption(i)
                continue
            elif kind is Kind.BULLET:
                self._bullet(i)
            elif kind is Kind.MARKER and "上接" in u.text:
                # （上接第1版） on its own line heads the text below it; with none below, the issue keeps it
                if i + 1 < n and self._effective(i + 1) is Kind.BODY:
                    self._body(_pieces(u) + _pieces(self.units[i + 1]))
                    i += 1
                else:
                    self.extras.append(u.text)
            elif kind is Kind.MARKER:
                self._marker(u.text)
            elif kind is Kind.POINTER:
                self.extras.append(u.text)
            else:
                self._body(_pieces(u))
            i += 1
        self._place_orphans()
        # photos or a summary box that never found their story: keep their text with the issue
        self.extras += ["".join(p[0] for p in pieces) for pieces in self.pending_captions + self.pending_highlights]
        articles = [a for a in self.articles if a.paras or a.captions or a.title]
        for d in self.articles:
            if not (d.paras or d.captions or d.title):  # a byline or a box with no story under it
                self.extras += _stray_text(d)
        return Segmented(articles, self.extras)

    def _heading_group(self, i: int) -> int:
        group = [self.units[i]]
        j = i + 1
        while j < len(self.units) and self._effective(j) is Kind.HEADING:
            if is_name_line(self.units[j].text) and self._kind(j + 1) in (Kind.BODY, Kind.CAPTION, None):
                break
            group.append(self.units[j])
            j += 1
        follower = self.units[j] if j < len(self.units) else None
        if self._signature(group, j):
            for u in group:
                self._signoff(u)
            return j
        if follower is not None and self._effective(j) is Kind.HEADING and is_name_line(follower.text):
            d = self._start(group)
            if d.byline:  # its byline was printed above the heading: this name closes the story
                d.paras.append(Para(_pieces(follower), signoff=True))
            else:
                d.byline = _pieces(follower)
                d.author_line = True
            return j + 1
        fkind = self._effective(j) if follower is not None else None
        if fkind in (Kind.LEAD, Kind.BYLINE):
            box = self._box_above()
            d = self._start(group, byline_below=True)
            if box is not None:  # 核心阅读: a box with its own short heading, printed above the story
                d.highlights[:0] = [box.title, *(p.pieces for p in box.paras)]
                self.articles.remove(box)
            return j
        if fkind in (Kind.CAPTION, Kind.CREDIT, Kind.BULLET):
            k = j
            while k < len(self.units) and self.units[k].kind in (Kind.CAPTION, Kind.CREDIT, Kind.BULLET):
                k += 1
            after = self._effective(k) if k < len(self.units) else None
            if after in (Kind.LEAD, Kind.BYLINE, Kind.BODY):
                self._start(group)
            elif len(group) == 1 and all(u.kind in (Kind.CAPTION, Kind.CREDIT) for u in self.units[j:k]):
                # a picture item: its own heading over a caption (图片新闻)
                d = self._start(group)
                d.kind = "photo"
                while j < k:
                    j = self._caption(j)
                d.closed = True
            else:
                self.extras.append(" / ".join(u.text for u in group))
            return j
        if fkind is Kind.BODY:
            cur = self.cur
            open_cur = cur is not None and not cur.closed and not cur.orphan and cur.paras
            numbered = _numbered(group) and cur is not None and not cur.closed and not cur.orphan and bool(
                cur.paras or cur.byline)
            if follower is not None and _CONTINUED_FROM.match(follower.text):
                self._start(group)  # the rest of a story from another page, under its heading
            elif numbered or (all(u.level == 3 for u in group) and open_cur):
                self._subheads(group)
            elif any(u.level == 2 for u in group):
                self._start(group)
            elif open_cur and len(group) == 1 and cur is not None and (
                any(p.subhead for p in cur.paras) or len(cur.text_paras) == 1 or cur.feature
            ):
                self._subheads(group)
            else:
                self._start(group)
            return j
        # followed by a page pointer, a marker or nothing: a teaser or an advertisement
        parts = [u.text for u in group]
        if fkind is Kind.POINTER and follower is not None:
            parts.append(follower.text)
            j += 1
        self.extras.append(" / ".join(parts))
        return j

    def _start(self, group: list[Unit], byline_below: bool = False) -> Draft:
        parts = split_group(group)
        cur = self.cur
        if (not byline_below and cur is not None and cur.byline
                and not (cur.title or cur.paras or cur.closed or cur.orphan) and cur is self.articles[-1]):
            d = cur  # a byline printed above the heading (新华社记者 王晓东 / 大江两岸春潮涌)
        else:
            d = self._new()
        for u in parts.kicker:
            d.kicker += ([(" ", -1, -1)] if d.kicker else []) + _pieces(u)
        if parts.title is not None:
            title = _pieces(parts.title)
            text = parts.title.text
            cut = banner_prefix(text)
            if cut and text[cut:].strip() and not parts.kicker:
                d.kicker = _strip(_slice(title, 0, cut))
                title = _strip(_slice(title, cut))
                text = "".join(p[0] for p in title)
            dash = text.find(" ——")
            if dash > 0:
                d.subtitle = _strip(_slice(title, dash + 1))
                title = _strip(_slice(title, 0, dash))
            d.title = title
        for u in parts.subtitle:
            d.subtitle += ([(" ", -1, -1)] if d.subtitle else []) + _pieces(u)
        for u in parts.box:
            d.box += _pieces(u)
        return d

    def _box_above(self) -> Draft | None:
        """The story just made, if it is a summary box: a short label heading over one paragraph."""
        cur = self.cur
        if (cur is None or cur is not (self.articles[-1] if self.articles else None) or cur.orphan
                or cur.kicker or cur.subtitle or cur.byline or cur.captions or cur.highlights or cur.continued
                or len(cur.paras) != 1 or cur.paras[0].subhead or not cur.ended):
            return None
        label = "".join(p[0] for p in cur.title)
        return cur if 2 <= len(label) <= 6 and len(cur.paras[0].text) <= 200 else None

    def _subheads(self, group: list[Unit]) -> None:
        assert self.cur is not None
        for u in group:
            self.cur.paras.append(Para(_pieces(u), subhead=True))

    def _lead(self, u: Unit) -> None:
        m = LEAD_RE.match(u.text)
        assert m is not None
        pieces = _pieces(u)
        byline = _strip(_slice(pieces, 0, m.end()))
        rest = _strip(_slice(pieces, m.end()))
        cur = self.cur
        if cur is not None and not cur.orphan and not cur.byline and _summary_only(cur):
            cur.highlights.append(cur.paras.pop().pieces)  # 提要: the summary printed under the heading
        if cur is not None and not cur.orphan and not cur.byline and not cur.closed and (
            cur.awaiting_body or (cur.box and len(cur.paras) <= 2)
        ):
            if cur.paras:  # the paragraphs so far were a summary box under its own heading
                if cur.box:
                    cur.highlights.append(cur.box)
                    cur.box = []
                cur.highlights.extend(p.pieces for p in cur.paras)
                cur.paras = []
            cur.byline = byline
        else:
            self._new(byline=byline)
        self._body(rest)

    def _byline(self, u: Unit) -> None:
        cur = self.cur
        if cur is not None and not cur.byline and not cur.orphan and _summary_only(cur):
            cur.highlights.append(cur.paras.pop().pieces)  # 提要: the summary printed under the heading
        if cur is not None and cur.awaiting_body and not cur.byline and not cur.orphan:
            cur.byline = _pieces(u)
        else:
            self._new(byline=_pieces(u))

    def _closing(self, i: int) -> bool:
        """A byline after a story's last sentence, before another heading: the story's closing credit."""
        cur = self.cur
        if cur is None or cur.orphan or not cur.text_paras or not cur.ended:
            return False
        nxt = self._effective(i + 1) if i + 1 < len(self.units) else None
        return nxt in (None, Kind.HEADING, Kind.SIGNOFF, Kind.POINTER, Kind.MARKER, Kind.BYLINE)

    def _signoff(self, u: Unit) -> None:
        """A closing credit, signature or date line: the current story's byline if it has none, else its end."""
        cur = self.cur
        if cur is None or cur.orphan or not (cur.paras or cur.title):
            self.extras.append(u.text)
            return
        credit = u.kind is Kind.BYLINE or (SIGNOFF_RE.match(u.text) and "电" not in u.text)
        if credit and not cur.byline:
            cur.byline = _pieces(u)
        else:
            cur.paras.append(Para(_pieces(u), signoff=True))

    def _signature(self, group: list[Unit], j: int) -> bool:
        """One short line (a name, an organisation) over a date line, after a story: a letter's signature."""
        cur = self.cur
        if not (len(group) == 1 and len(group[0].text) <= 16 and j < len(self.units)
                and cur is not None and not cur.orphan and cur.text_paras and cur.ended):
            return False
        nxt = self.units[j]
        dated = nxt.kind is Kind.SIGNOFF and SIGNOFF_RE.match(nxt.text) is None
        # a reader's name over the editor's credit (读者 李明 / 本报记者 赵鹏 整理)
        credited = nxt.kind is Kind.BYLINE and len(group[0].text) <= 8 and self._closing(j)
        return dated or credited

    def _caption(self, i: int) -> int:
        pieces: list[Piece] = []
        j = i
        while j < len(self.units) and self.units[j].kind in (Kind.CAPTION, Kind.CREDIT):
            if pieces:
                pieces.append((" ", -1, -1))
            pieces += _pieces(self.units[j])
            j += 1
            if self.units[j - 1].kind is Kind.CAPTION and self._kind(j) is Kind.CAPTION:
                break  # two captions in a row: two photos
        cur = self.cur
        if cur is not None and cur.awaiting_body and not cur.orphan:
            cur.captions.append(pieces)
            return j
        if cur is not None and not cur.orphan and not cur.closed and pieces[0][0].startswith("图为"):
            cur.captions.append(pieces)  # "the picture shows": a photo of the story it is printed in
            return j
        k = j
        while k < len(self.units) and self.units[k].kind in (Kind.CAPTION, Kind.CREDIT):
            k += 1
        if self._kind(k) in (Kind.LEAD, Kind.BYLINE):
            self.pending_captions.append(pieces)
            return j
        d = self._new(kind="photo")
        d.captions.append(pieces)
        d.closed = True
        return j

    def _bullet(self, i: int) -> None:
        u = self.units[i]
        m = re.match(r"^(?:[■●◆•▲★]|[-*+]\s)\s*", u.text)
        pieces = _slice(_pieces(u), m.end() if m else 0)
        cur = self.cur
        if cur is not None and not cur.closed and not cur.orphan:
            cur.highlights.append(pieces)
        else:
            self.pending_highlights.append(pieces)

    def _marker(self, text: str) -> None:
        m = MARKER_RE.search(text)
        if not m:
            return
        target = self.cur
        page = f"第{m.group(2)}版"
        if target is not None and m.group(1) == "下转" and target.continued is None:
            target.continued = page
            target.closed = True
        elif target is not None and m.group(1) == "上接" and target.continued_from is None:
            target.continued_from = page
        else:  # no story to carry it (or it already carries one): keep it with the issue
            self.extras.append(text)

    def _body(self, pieces: list[Piece]) -> None:
        text = "".join(p[0] for p in pieces)
        marker = came_from = None
        m = MARKER_RE.search(text)
        if m and m.group(1) == "下转" and not text[m.end():].strip():
            marker = m
            pieces = _strip(_slice(pieces, 0, m.start()))
            text = "".join(p[0] for p in pieces)
        elif m and m.group(1) == "上接" and not text[:m.start()].strip():
            came_from = m
            pieces = _strip(_slice(pieces, m.end()))
            text = "".join(p[0] for p in pieces)
        if text and came_from is not None:  # the rest of a story from another page: a story of its own here
            cur = self.cur
            if cur is not None and cur.title and not cur.orphan and cur.awaiting_body:
                cur.paras.append(Para(pieces))  # …under the heading printed above it
            else:
                d = self._new(orphan=True)
                d.paras.append(Para(pieces))
            self._marker(came_from.group(0))
        elif text:
            self._place(pieces, text)
        elif came_from is not None:
            self._marker(came_from.group(0))
        if marker is not None:
            self._marker(marker.group(0))

    def _place(self, pieces: list[Piece], text: str) -> None:
        cur = self.cur
        if cur is None or cur.closed:
            d = self._new(orphan=True)
            d.paras.append(Para(pieces))
            return
        if cur.dangling():
            if cur.leading_fragment and len(cur.paras) > 1:
                frag = cur.paras.pop(0)
                cur.paras[-1].pieces += frag.pieces
                cur.leading_fragment = False
                cur.paras.append(Para(pieces))
            else:
                cur.paras[-1].pieces += pieces
            return
        other = self._stray_home(cur, text)
        if other is not None:
            other.paras[-1].pieces += pieces
            self.cur = other
            return
        if cur.awaiting_body and not cur.byline and len(text) <= 12 and ends_sentence(text) and cur.title:
            cur.leading_fragment = True
        cur.paras.append(Para(pieces))

    def _stray_home(self, cur: Draft, text: str) -> Draft | None:
        """An earlier story that ended mid-sentence and that this paragraph continues."""
        if not cur.paras or text[0] in "“\"‘「《（(" or LEAD_RE.match(text):
            return None
        for d in reversed(self.articles):
            if d is cur or d.closed or d.orphan or not d.dangling():
                continue
            if _junction(d.paras[-1].text, text, self.text):
                return d
            break  # only the latest story left dangling may continue here
        return None

    def _place_orphans(self) -> None:
        for o in [a for a in self.articles if a.orphan]:
            first = o.paras[0].text
            if o.continued_from:  # continued from another page: not a fragment of a story here
                o.orphan = False
                continue
            homes = [a for a in self.articles if not a.orphan and not a.closed and a.dangling()
                     and _junction(a.paras[-1].text, first, self.text)]
            if not homes:
                o.orphan = False  # nothing it continues: keep it as a story of its own
                continue
            home = min(homes, key=lambda a: (a.order < o.order, abs(a.order - o.order)))
            home.paras[-1].pieces += o.paras[0].pieces
            home.paras.extend(o.paras[1:])
            home.captions += o.captions  # photos or a box printed just before the fragment
            home.highlights += o.highlights
            home.continued = home.continued or o.continued
            home.closed = home.closed or o.closed
            self.articles.remove(o)


def _numbered(group: list[Unit]) -> bool:
    """A single numbered head (一、…, 1.…, 第3招 …): a sub-head of the story it is printed in."""
    return len(group) == 1 and NUMBERED_RE.match(group[0].text) is not None


def _summary_only(d: Draft) -> bool:
    """A heading with one short unfinished paragraph under it and no byline yet: a 提要 summary."""
    return (not d.closed and len(d.paras) == 1 and not d.paras[0].subhead and bool(d.title)
            and len(d.paras[0].text) <= 80 and not ends_sentence(d.paras[0].text))


def _stray_text(d: Draft) -> list[str]:
    """What a draft that never became an article printed, for the issue's extras."""
    out = ["".join(p[0] for p in pieces) for pieces in (d.kicker, d.subtitle, d.box, d.byline, *d.highlights)
           if pieces]
    if d.continued_from:
        out.append(f"（上接{d.continued_from}）")
    if d.continued:
        out.append(f"（下转{d.continued}）")
    return out


def _junction(tail: str, head: str, issue_text: str) -> bool:
    """Does tail+head read as a phrase the issue prints elsewhere (重要 + 指示 -> 重要指示)?"""
    tail = tail.rstrip()
    if len(tail) < 2 or len(head) < 2:
        return False
    joint = tail[-2:] + head[:2]
    if re.search(r"\s", joint):
        return False
    return joint in issue_text


def _mark_captions(units: list[Unit]) -> list[Unit]:
    """A paragraph followed by a photographer's credit is a caption."""
    for n, u in enumerate(units[:-1]):
        if units[n + 1].kind is Kind.CREDIT and units[n + 1].gap <= 1 and u.kind in (Kind.BODY, Kind.HEADING):
            u.kind = Kind.CAPTION
    return units
