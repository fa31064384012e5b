"""Split an issue's text into units (lines or joined heading lines) and classify each.

A unit keeps the offsets of its text in the decoded source so that every
character an article shows can be traced back to the file. Classification is
local (what a line looks like); deciding what a unit *means* in context
(headline or sub-head, new story or stray fragment) is :mod:`.segment`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    HEADING = "heading"  # short line without sentence punctuation: headline, kicker, sub-head
    LEAD = "lead"  # a paragraph that opens with a byline: 本报讯（记者 …）, 新华社…电
    BYLINE = "byline"  # a byline on its own line: □ 本报记者 …
    CAPTION = "caption"  # a photo caption: … 本报记者 于宏摄
    CREDIT = "credit"  # a photographer's credit on its own line: 本报记者 张燕伟摄
    BULLET = "bullet"  # an item of a summary box: ■…, - …
    MARKER = "marker"  # a continuation marker on its own: （下转第三版）
    POINTER = "pointer"  # a pointer to another page: 刊3版▶
    SIGNOFF = "signoff"  # what ends a story: （本报记者 …）, （新华社…电）, a letter's date line
    BODY = "body"  # anything else: body text


@dataclass
class Unit:
    text: str
    start: int  # offset of text[0] in the source (for joined lines: of the first line)
    end: int
    gap: int  # blank lines before this unit
    level: int  # markdown heading level (0 = none)
    kind: Kind
    pieces: tuple[tuple[int, int, int], ...] = ()  # (offset in text, src start, src end) per line

    @property
    def length(self) -> int:
        return len(self.text)


_TERMINAL = "。！？!?…"
_CLOSERS = "”’」』）)》】"
LEAD_RE = re.compile(
    r"^(?:"
    r"本报讯\s*(?:[（(][^）)\n]{0,40}[）)])?"
    r"|本报[^\s，。（(]{0,12}?\d{1,2}月\d{1,2}日电\s*(?:[（(][^）)\n]{0,40}[）)])?"
    r"|(?:据)?新华社[^\s，。（(]{0,12}?\d{1,2}月\d{1,2}日电\s*(?:[（(][^）)\n]{0,40}[）)])?"
    r"|(?:中新社|人民日报|央视网|光明日报|经济日报|山西日报)[^\s，。（(]{0,12}?\d{1,2}月\d{1,2}日电\s*(?:[（(][^）)\n]{0,40}[）)])?"
    r"|本报综合\s*(?:[（(][^）)\n]{0,40}[）)])?"
    # 1940s papers bracket the dateline: 【新华社张家口十四日电】, 【本报讯】, 【本报阜平讯】
    r"|【[^】\n]{0,16}?(?:电|讯)】"
    r")"
)
# Who wrote or photographed a story: 本报记者, 首席记者, 本报特约通讯员, 新华社记者, 实习生 …
_ROLE = (r"(?:本报|新华社|[\u4e00-\u9fff]{2}报)?(?:首席|特约|实习|摄影)?"
         r"(?:记者|通讯员|实习生)")
_NAME = r"(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff]){1,2}(?![\u4e00-\u9fff]))"
_CREDITED = rf"(?:(?:文|图|文/图|文／图)\s*[/／]?\s*)?{_ROLE}\s*{_NAME}(?:[\s、，]+{_NAME})*"
BYLINE_RE = re.compile(
    rf"^[□■]?\s*(?:{_CREDITED}(?:\s+{_CREDITED})*"
    r"|(?:本报|[\u4e00-\u9fff]{2,4}报)?(?:特约)?评论员(?:\s*[\u4e00-\u9fff·]{2,4})?)"
    r"(?:\s*(?:整理|报道|采写))?$"
)
# A credit or dateline set in brackets after the last paragraph: （本报记者 张三 李四）, （新华社北京5月4日电）
SIGNOFF_RE = re.compile(
    rf"^[（(]\s*(?:{_CREDITED}(?:\s+{_CREDITED})*|(?:据)?新华社[^）)]{{0,12}}电|本报[^）)]{{0,12}}讯)\s*[）)]$"
)
# A date on a line of its own: the date line that signs a letter, a notice or an appeal.
DATE_LINE_RE = re.compile(
    r"^(?:[12]\d{3}|[〇零○一二三四五六七八九]{4}|(?:中华)?民国[一二三四五六七八九十]{1,4})\s*年"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日$"
    r"|^[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$"
)
CREDIT_RE = re.compile(
    r"^(?:本报记者|记者|本报通讯员|通讯员|新华社记者|新华社发|新华社|图/文|图文)?\s*"
    r"[（(]?\s*[\u4e00-\u9fff·\s]{0,12}(?:摄|撰|摄影)\s*[）)]?$"
)
CAPTION_END_RE = re.compile(r"(?:摄|摄影|撰)\s*[）)]?\s*$")
MARKER_RE = re.compile(r"[（(]\s*(下转|上接)\s*第?\s*([一二三四五六七八九十百\d]+)\s*版\s*[）)]")
# Page furniture: editors' credits and page headers, kept with the issue's extras.
FURNITURE_RE = re.compile(
    r"^(?:责任编辑|责编|美编|校对|版式设计|版式|组版|编辑|本版编辑|图片编辑|本版责编)\s*[：:]"
    r"|^第\s*[一二三四五六七八九十\d]+\s*版\s*[:：·\s]"
)
# Masthead lines a page layout did not set apart: a paper's name, the date with its weekday, the number.
MASTHEAD_LINE_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,6}(?:日报|晚报|时报|早报)$"
    r"|^(?:[\u4e00-\u9fff]{2,6}(?:日报|晚报)\s*)?(?:中华)?(?:民国)?[\d〇零○一二三四五六七八九十]{2,4}\s*年"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日?"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s+\S.{0,24})?$"
    r"|^第\s*[一二三四五六七八九十百千〇零\d]+\s*[号期]$"
)
# What else a masthead line is made of: the lunar date, the number, the count of pages.
_MASTHEAD_TOKENS = re.compile(
    r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年(?:[正一二三四五六七八九十冬腊]{1,2}月"
    r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|廿[一二三四五六七八九]?|二十|三十)?)?"
    r"|农历|第\s*[一二三四五六七八九十百千〇零\d]+\s*[号期]|今日\s*\d+\s*版|(?:星期|周)[一二三四五六日天]"
)


def masthead_only(text: str) -> bool:
    """A line made of nothing but masthead matter: 己亥年正月廿六　第25412期　今日24版."""
    return len(text) <= 40 and not re.sub(r"\s+", "", _MASTHEAD_TOKENS.sub("", text))
POINTER_RE = re.compile(r"^(?:(?:详见|见|刊|转)第?\s*[一二三四五六七八九十\d]+\s*版\s*[▶►>》]*|.{0,20}[▶►])$")
BULLET_RE = re.compile(r"^(?:[■●◆•▲★]|[-*+]\s)\s*")
_HEADING_MAX = 64
# A paragraph cannot begin with these: a heading-like line followed by one is a broken line.
NO_START = set("的了着过们地得年月日号、，。；：！？”’）》】…%")


# A numbered head inside a story: 一、产业升级, 1.打好生态牌, （二）…, 第3招 以退为进
NUMBERED_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|第[一二三四五六七八九十\d]{1,3}[招条步课章篇问计]\s*)"
)


def split_units(text: str) -> list[Unit]:
    """Non-blank lines as units; a heading line ending in a markdown hard break joins the next."""
    units: list[Unit] = []
    gap = 0
    pos = 0
    hard_break = False
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            gap += 1
            continue
        lead = len(line) - len(line.lstrip())
        start = line_start + lead
        level = 0
        m = re.match(r"#{1,6}\s+", stripped)
        if m:
            level = len(m.group(0).strip())
            start += m.end()
            stripped = stripped[m.end():]
        unit = Unit(stripped, start, start + len(stripped), gap, level, classify(stripped),
                    ((0, start, start + len(stripped)),))
        prev = units[-1] if units else None
        # A markdown hard break (two trailing spaces) continues a heading on the next line.
        if (prev is not None and gap == 0 and hard_break and prev.kind is Kind.HEADING
                and unit.kind is Kind.HEADING and prev.level == unit.level):
            units[-1] = _join(prev, unit)
        else:
            units.append(unit)
        hard_break = line.rstrip("\r").endswith("  ")  # a CRLF file read as it is: same break
        gap = 0
    return units


def _join(a: Unit, b: Unit) -> Unit:
    offset = len(a.text) + 1
    pieces = a.pieces + tuple((o + offset, s, e) for o, s, e in b.pieces)
    text = f"{a.text} {b.text}"
    return Unit(text, a.start, b.end, a.gap, a.level, classify(text), pieces)


def classify(text: str) -> Kind:
    """What a unit looks like on its own.

    >>> classify("本报讯（记者 李明璇）1月10日，省委常委…").value
    'lead'
    >>> classify("□ 本报记者 韩云峰").value
    'byline'
    >>> classify("加快发展方式绿色转型").value
    'heading'
    """
    if LEAD_RE.match(text) and len(text) > 12 and not BYLINE_RE.match(text):
        return Kind.LEAD
    if len(text) <= 40 and (SIGNOFF_RE.match(text) or DATE_LINE_RE.match(text)):
        return Kind.SIGNOFF
    if len(text) <= 24 and CREDIT_RE.match(text):
        return Kind.CREDIT
    if BYLINE_RE.match(text):
        return Kind.BYLINE
    if BULLET_RE.match(text) and len(text) > 3:
        return Kind.BULLET
    if MARKER_RE.fullmatch(text.strip()):
        return Kind.MARKER
    if ((len(text) <= 20 and POINTER_RE.match(text)) or (len(text) <= 60 and FURNITURE_RE.match(text))
            or (len(text) <= 48 and MASTHEAD_LINE_RE.match(text)) or masthead_only(text)):
        return Kind.POINTER
    if CAPTION_END_RE.search(text) and len(text) <= 400:
        return Kind.CAPTION
    if is_heading_like(text):
        return Kind.HEADING
    return Kind.BODY


def is_heading_like(text: str) -> bool:
    """Short, no sentence punctuation inside, balanced quotes: it could be a headline."""
    if len(text) > _HEADING_MAX:
        return False
    if any(c in text for c in "。；;") or text.endswith(("，", ",", "、", "：", ":")):
        return False
    if ("，" in text and len(text) > 24) or text[-1].isdigit():
        return False
    core = text.rstrip(_CLOSERS)
    if core.endswith(("…", "……")):
        return False
    return balanced(text)


def balanced(text: str) -> bool:
    """Quotes and brackets close in the order they open (a broken line often leaves one open)."""
    pairs = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "「": "」", "【": "】"}
    closing = set(pairs.values())
    stack: list[str] = []
    for c in text:
        if c in pairs:
            stack.append(pairs[c])
        elif c in closing and (not stack or stack.pop() != c):
            return False
    return not stack


def ends_sentence(text: str) -> bool:
    """Does a paragraph end a sentence (so the next one may start a new paragraph)?"""
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1]
    if not t:
        return True
    return t[-1] in _TERMINAL


def is_name_line(text: str) -> bool:
    """An author line under a commentary's title: 孙 权, 良言 (2-4 characters)."""
    compact = text.replace(" ", "").replace("\u3000", "")
    return 2 <= len(compact) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in compact)
