"""An issue's date and number: from the masthead, the file name, a manifest, or inferred.

Inference reads the datelines (``本报讯（记者 …）11月6日``, ``新华社北京11月6日电``):
a story dated the 6th is printed in the paper of the 7th, so the issue date
is the latest dateline plus one day. The year comes from explicit years in the
text (``截至2021年底`` points to the year after) and from events with known
dates (the 20th Party Congress, October 2022).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = "一二三四五六日"
_MASTHEAD_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(?:星期|周)?([一二三四五六日天])?"
)
_NUMBER = re.compile(r"第\s*(\d{3,6})\s*(?:号|期)")
_WEEKDAY = re.compile(r"(?:星期|周)([一二三四五六日天])")
_FILENAME_DATES = (
    re.compile(r"(?<!\d)(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)
_DATELINE = re.compile(
    r"(?:本报讯\s*(?:[（(][^）)\n]{0,40}[）)])?\s*"
    r"|(?:新华社|本报|中新社)[^\s，。（(]{0,12}?)"
    r"(?:(\d{1,2})月(\d{1,2})日)"
)
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_PAST_YEAR = (
    re.compile(r"截至\s*((?:19|20)\d{2})\s*年底"),
    re.compile(r"((?:19|20)\d{2})\s*年全年"),
    re.compile(r"((?:19|20)\d{2})\s*年[，,]\s*[^。]{0,20}?(?:实现|完成|达到|累计)"),
    re.compile(r"去年[（(]?((?:19|20)\d{2})"),
)
# Plans name future years (到2025年, 2035年远景目标): they say nothing about the year.
_FUTURE_YEAR = (
    re.compile(r"(?<!截)(?:到|至|力争|预计|计划|将于|争取)\s*((?:19|20)\d{2})\s*年"),
    re.compile(r"((?:19|20)\d{2})\s*年(?:底前|前|以前|远景|愿景|目标|左右|实现|基本实现|全面建成)"),
    # the end of a plan's span (2021—2025年行动计划); a past span (2019年至2021年，累计…) counts
    re.compile(r"(?:19|20)\d{2}\s*年?\s*[—－~～至-]\s*((?:19|20)\d{2})\s*年\s*[)）]?\s*"
               r"[^。，,；]{0,12}?(?:规划|计划|行动|方案|纲要|目标)"),
)
# (pattern, earliest possible issue date, latest possible issue date)
_EVENT_BOUNDS = (
    (re.compile(r"(?:学习|贯彻|宣传|落实)[^。]{0,12}(?:党的)?二十大精神|二十大报告|二十大(?:胜利)?闭幕"),
     date(2022, 10, 23), None),
    (re.compile(r"迎接(?:党的)?二十大|喜迎(?:党的)?二十大"), None, date(2022, 10, 22)),
    (re.compile(r"(?:学习|贯彻)[^。]{0,12}十九届六中全会"), date(2021, 11, 12), None),
)


@dataclass(frozen=True)
class DateFinding:
    date: str
    source: str  # masthead | filename | manifest | inferred
    note: str = ""
    number: int | None = None


def masthead_date(masthead: str) -> tuple[date, str] | None:
    """The date printed in a masthead, and a note if its weekday disagrees.

    >>> masthead_date("2022年1月 11 星期二")
    (datetime.date(2022, 1, 11), '')
    """
    flat = re.sub(r"\s+", " ", masthead)
    m = _MASTHEAD_DATE.search(flat)
    if not m:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    printed = m.group(4) or _first_weekday(flat)
    note = ""
    if printed:
        expected = WEEKDAYS[day.weekday()]
        if printed.replace("天", "日") != expected:
            note = f"报头印的是星期{printed}，但{_cn(day)}是星期{expected}"
    return day, note


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _first_weekday(text: str) -> str | None:
    m = _WEEKDAY.search(text)
    return m.group(1) if m else None


def masthead_number(masthead: str) -> int | None:
    m = _NUMBER.search(masthead)
    return int(m.group(1)) if m else None


def filename_date(path: str) -> date | None:
    """A date in a file name or its folders: 2022-01-11.txt, 20220111.txt, 2022/01/11/a.txt."""
    for pattern in _FILENAME_DATES:
        for m in pattern.finditer(path):
            try:
                d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if 1900 <= d.year <= 2100:
                return d
    return None


def infer_date(text: str, fallback: date | None = None) -> tuple[date, str] | None:
    """Infer an issue's date from its datelines and year cues: (date, explanation), or None.

    None when the text names no day at all: the issue's date is then unknown.
    """
    days = [(int(m.group(1)), int(m.group(2))) for m in _DATELINE.finditer(text)]
    days = [(mo, d) for mo, d in days if 1 <= mo <= 12 and 1 <= d <= 31]
    year, year_why = _infer_year(text, fallback)
    low, high = _event_bounds(text)
    source = "最晚的电头日期"
    if not days:
        # No dateline: the latest day the text mentions is the best lower bound we have.
        days = [(int(m.group(1)), int(m.group(2))) for m in _MONTH_DAY.finditer(text)]
        days = [(mo, d) for mo, d in days if 1 <= mo <= 12 and 1 <= d <= 31]
        source = "本期无电头，取正文提到的最晚日期"
    if not days:
        return None
    # Datelines of one issue span a few days; the latest (allowing a December dateline in a
    # January issue) is the day before the issue.
    months = {mo for mo, _ in days}
    wrap = 12 in months and 1 in months

    def key(md: tuple[int, int]) -> tuple[int, int, int]:
        mo, d = md
        return (0 if wrap and mo >= 11 else 1, mo, d)

    latest_mo, latest_d = max(days, key=key)
    candidates = []
    for y in (year - 1, year, year + 1):
        try:
            candidates.append(date(y, latest_mo, latest_d) + timedelta(days=1))
        except ValueError:
            continue
    if not candidates:
        return None

    def fits(d: date) -> bool:
        return (low is None or d >= low) and (high is None or d <= high)

    fitting = [d for d in candidates if fits(d)]
    chosen = min(fitting or candidates, key=lambda d: abs(d.year - year))
    count = Counter(days)[(latest_mo, latest_d)]
    why = f"{source}{latest_mo}月{latest_d}日（{count}处）的次日；{chosen.year}年：{year_why}"
    if low or high:
        why += "；与文中所记事件的时间相符"
    return chosen, why


def _infer_year(text: str, fallback: date | None) -> tuple[int, str]:
    future = {m.start(1) for p in _FUTURE_YEAR for m in p.finditer(text)}
    years = [int(m.group(1)) for m in _YEAR.finditer(text)
             if 1949 <= int(m.group(1)) <= 2100 and m.start(1) not in future]
    past = [int(m.group(1)) + 1 for p in _PAST_YEAR for m in p.finditer(text)]
    low, _high = _event_bounds(text)
    best = max(years + past) if years or past else None
    if low and (best is None or best < low.year):
        return low.year, "据文中所记事件"
    if best is not None:
        if past and best == max(past):
            return best, f"文中把{best - 1}年当作过去的年份"
        return best, f"文中提到的最晚年份是{best}年"
    if fallback:
        return fallback.year, "正文中没有年份，取文件的年份"
    return date.today().year, "正文中没有年份，取今年"


def _event_bounds(text: str) -> tuple[date | None, date | None]:
    low: date | None = None
    high: date | None = None
    for pattern, lo, hi in _EVENT_BOUNDS:
        if pattern.search(text):
            if lo and (low is None or lo > low):
                low = lo
            if hi and (high is None or hi < high):
                high = hi
    if low and high and low > high:
        return None, None
    return low, high
