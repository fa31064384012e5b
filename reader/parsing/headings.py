"""Which line of a headline group is the kicker (引题), the title (主题) and the subtitle (副题).

Print convention: the kicker stands above the title, the subtitle below it;
the title is the most "headline-like" line. Seed 001's markdown levels (##
title, ### subtitle) are used when present; otherwise a slogan-shaped line
(parallel phrases separated by spaces) is the title and a factual line naming
an event (…出席, …调研) is its kicker or subtitle. Recurring column banners
(奋进新征程 建功新时代) are always kickers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.parsing.units import Unit

# Column banners this paper prints above stories; extend per paper.
COLUMN_BANNERS = (
    re.compile(r"^奋进新征程\s*建功新时代"),
    re.compile(r"^新时代新征程新伟业"),
    re.compile(r"^二十大精神在大同"),
    re.compile(r"^奋斗两个五年\s*跨入第一方阵"),
    re.compile(r"^我们的新时代$"),
    re.compile(r"^怎么看\s*怎么干$"),
    re.compile(r"^(?:新春走基层|一线见闻|记者观察|镜头|短评|时评|评论员文章|本报评论员)$"),
)
_EVENT = re.compile(
    r"出席|主持|参加|召开|调研|考察|会见|慰问|率团|督导|讲话|致辞|通电话|致贺信|贺电|贺信|看望|检查|部署|陪同"
)


@dataclass
class HeadingParts:
    kicker: list[Unit]
    title: Unit | None
    subtitle: list[Unit]
    box: list[Unit]  # further heading lines in the group (a summary box's own heading)


def banner_prefix(text: str) -> int:
    """Length of a column banner at the start of ``text`` (0 if none)."""
    for pattern in COLUMN_BANNERS:
        m = pattern.match(text)
        if m:
            return m.end()
    return 0


def is_banner(text: str) -> bool:
    n = banner_prefix(text)
    return n > 0 and not text[n:].strip()


def _event(text: str) -> bool:
    return bool(_EVENT.search(text))


def _slogan(text: str) -> bool:
    """Parallel phrases: 引水灌溉解民忧 抗旱保粮夺丰收 (two parts of about the same length)."""
    parts = [p for p in re.split(r"[ \u3000]+", text) if p]
    if len(parts) < 2 or _event(text) or any(len(p) < 4 for p in parts):
        return False
    lengths = sorted(len(p) for p in parts)
    return any(b - a <= 1 for a, b in zip(lengths, lengths[1:], strict=False))


# A lead-in that introduces what someone said, an occasion, or the kind of piece below it: a kicker.
_SPEAKER = re.compile(r"(?:强调|指出|表示|要求|提出|宣布|号召|寄语|勉励)$")
_OCCASION = re.compile(r"^在.{2,16}(?:之际|前夕|期间|时)$|(?:之际|前夕|来临|到来|首日|节前|节后)$")
_GENRE = re.compile(r"(?:解读|综述|述评|见闻|巡礼|系列报道|观察|访谈)(?:之[一二三四五六七八九十]+)?$")
_KICKER_MAX = 7  # a line this short above a longer one is a lead-in, not the news sentence


def _lead_in(text: str) -> bool:
    """A line that can only be a kicker: a speaker's lead-in, an occasion, a genre label."""
    return bool(_SPEAKER.search(text) or _OCCASION.search(text) or _GENRE.search(text))


def split_group(group: list[Unit]) -> HeadingParts:
    """Assign kicker, title, subtitle (and box) roles to a group of heading units."""
    subs = [u for u in group if u.text.startswith("——")]
    lines = [u for u in group if not u.text.startswith("——")]
    if not lines:
        return HeadingParts([], subs[0] if subs else None, subs[1:], [])
    marked = [u for u in lines if u.level == 2]
    if marked:
        title = marked[0]
        i = lines.index(title)
        after = lines[i + 1:]
        return HeadingParts(lines[:i], title, subs + after[:1], after[1:])
    if any(u.level == 3 for u in lines) and lines[0].level == 0:
        # a plain title followed by ###-marked lines: those are its subtitles
        plain = [u for u in lines if u.level == 0]
        rest = [u for u in lines if u.level != 0]
        parts = _by_shape(plain)
        parts.subtitle += subs + rest[:1]
        parts.box += rest[1:]
        return parts
    parts = _by_shape(lines)
    parts.subtitle += subs
    return parts


def _by_shape(lines: list[Unit]) -> HeadingParts:
    kicker: list[Unit] = []
    rest = list(lines)
    while len(rest) > 1 and banner_prefix(rest[0].text):
        kicker.append(rest.pop(0))
    if len(rest) == 1:
        return HeadingParts(kicker, rest[0], [], [])
    lead_ins = [n for n, u in enumerate(rest[:-1]) if _lead_in(u.text)]
    if lead_ins:  # the last lead-in and every line above it are the kicker
        k = lead_ins[-1] + 1
        return HeadingParts(kicker + rest[:k], rest[k], rest[k + 1:k + 2], rest[k + 2:])
    if len(rest) == 2:
        a, b = rest
        if _event(b.text) and not _event(a.text):
            return HeadingParts(kicker, a, [b], [])
        if _event(a.text) and not _event(b.text):
            return HeadingParts(kicker + [a], b, [], [])
        if _slogan(a.text) and not _slogan(b.text):
            return HeadingParts(kicker, a, [b], [])
        if _slogan(b.text) and not _slogan(a.text):
            return HeadingParts(kicker + [a], b, [], [])
        if _short(a.text) and len(_compact(b.text)) >= len(_compact(a.text)):
            return HeadingParts(kicker + [a], b, [], [])
        return HeadingParts(kicker, a, [b], [])
    # Three or more lines: a title is the line above its event subtitle; else kicker, title, subtitle
    # as printed, unless the middle line is a slogan over a plain last line (a two-line kicker).
    for i in range(len(rest) - 1):
        if _event(rest[i + 1].text) and not _event(rest[i].text):
            return HeadingParts(kicker + rest[:i], rest[i], [rest[i + 1]], rest[i + 2:])
    if len(rest) == 3 and not (_slogan(rest[1].text) and not _slogan(rest[2].text)):
        return HeadingParts(kicker + rest[:1], rest[1], rest[2:], [])
    return HeadingParts(kicker + rest[:-1], rest[-1], [], [])


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _short(text: str) -> bool:
    """Short enough to be a lead-in above a longer line (一碗热汤面, 国庆假期首日)."""
    return len(_compact(text)) <= _KICKER_MAX
