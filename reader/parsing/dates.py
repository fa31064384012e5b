"""An issue's date and number: from the masthead, the file name, a manifest, or inferred.

Dates of any era are read: Chinese numerals (``一九四六年五月十六日``,
``【新华社张家口十四日电】``) and the Republican calendar (``民国三十五年`` = 1946)
are first rewritten as ``1946年5月16日`` / ``14日电`` (:func:`arabic_dates`).

Inference reads a date printed at the top of the page (a masthead the page
layout did not set apart), else the datelines (``本报讯（记者 …）11月6日``,
``新华社北京11月6日电``, ``【新华社张家口十四日电】`` with the month from the
text): a story dated the 6th is printed in the paper of the 7th, so the issue
date is the latest dateline plus one day. The year comes from explicit years in
the text (``截至2021年底`` points to the year after) and from events with known
dates (the 20th Party Congress, October 2022). Without a year, or with nothing
but a date after ``today``, there is no evidence: :func:`infer_date` says so
(None) instead of guessing from the file's time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
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
    r"|(?:新华社|本报|中新社)[^\s，。（(【】\d]{0,12}?)"
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


_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○一二两三四五六七八九十"
_ROC_YEAR = re.compile(r"(?:中华)?民国\s*([" + _CN + r"\d]{1,4})\s*年")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年")
_CN_MONTH = re.compile(r"(?<![" + _CN + r"])([一二三四五六七八九十]{1,3})\s*月")
_CN_DAY = re.compile(r"(?<![星期周拜" + _CN + r"])([一二三四五六七八九十]{1,4})\s*日")


def cn_number(text: str) -> int | None:
    """A number written in Chinese numerals: 三十五 -> 35, 二十 -> 20, 十四 -> 14, 一九四六 -> 1946.

    >>> cn_number("二十三"), cn_number("一九四六"), cn_number("十")
    (23, 1946, 10)
    """
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:  # digit by digit: 一九四六
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def arabic_dates(text: str) -> str:
    """The text with dates in Chinese numerals and Republican years written as 1946年5月16日.

    >>> arabic_dates("中华民国三十五年五月十六日 【新华社张家口十四日电】 星期日")
    '1946年5月16日 【新华社张家口14日电】 星期日'
    """
    def roc(m: re.Match[str]) -> str:
        n = cn_number(m.group(1))
        return f"{1911 + n}年" if n else m.group(0)

    def number(unit: str, low: int, high: int) -> Callable[[re.Match[str]], str]:
        def sub(m: re.Match[str]) -> str:
            n = cn_number(m.group(1))
            return f"{n}{unit}" if n is not None and low <= n <= high else m.group(0)
        return sub

    text = _ROC_YEAR.sub(roc, text)
    text = _CN_YEAR.sub(number("年", 1800, 2200), text)
    text = _CN_MONTH.sub(number("月", 1, 12), text)
    return _CN_DAY.sub(number("日", 1, 31), text)


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
    flat = re.sub(r"\s+", " ", arabic_dates(masthead))
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


_TOP_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A dispatch dated by its day alone (【新华社张家口14日电】, after arabic_dates): the month is in the text.
_DAY_DATELINE = re.compile(r"(?:新华社|本报|中央社|中新社)[^\s，。,（(【】\d]{0,8}?(?<!月)(\d{1,2})日电")


def infer_date(text: str, today: date | None = None) -> tuple[date, str] | None:
    """The issue's date as the text gives it, and how; None when the text gives no evidence.

    ``today`` bounds the answer (no issue is dated after it; tests pass a fixed day).

    >>> infer_date("【新华社延安十三日电】本年八月十日以来，一九四六年……", date(2026, 1, 1))[0]
    datetime.date(1946, 8, 14)
    >>> infer_date("本报讯 昨天，市民……") is None
    True
    """
    today = today or date.today()
    text = arabic_dates(text)
    top = _top_date(text, today)
    if top is not None:
        return top, "版面顶端印的日期"
    days = [(int(m.group(1)), int(m.group(2))) for m in _DATELINE.finditer(text)]
    days = [(mo, d) for mo, d in days if 1 <= mo <= 12 and 1 <= d <= 31]
    source = "最晚的电头日期"
    if not days:
        days = _day_datelines(text)
        source = "最晚的电头日期（月份据正文）"
    if not days:
        # No dateline: the latest day the text mentions is the best lower bound we have.
        days = [(int(m.group(1)), int(m.group(2))) for m in _MONTH_DAY.finditer(text)]
        days = [(mo, d) for mo, d in days if 1 <= mo <= 12 and 1 <= d <= 31]
        source = "本期无电头，取正文提到的最晚日期"
    found = _infer_year(text, today)
    if not days or found is None:
        return None
    year, year_why = found
    low, high = _event_bounds(text)
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
    # A dispatch dated today is in today's paper (an evening paper); none is dated later.
    candidates = [min(d, today) for d in candidates if d - timedelta(days=1) <= today]
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


def _top_date(text: str, today: date) -> date | None:
    """A full date on one of the page's first short lines: a masthead set as ordinary lines."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:5]
    for line in lines:
        if len(line) > 40:
            break
        m = _TOP_DATE.search(line)
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
            return day if day <= today else None
    return None


def _day_datelines(text: str) -> list[tuple[int, int]]:
    """Day-only datelines (14日电), each given the month of the latest earlier day the text names."""
    mentions = [(int(m.group(1)), int(m.group(2))) for m in _MONTH_DAY.finditer(text)]
    mentions = [(mo, d) for mo, d in mentions if 1 <= mo <= 12 and 1 <= d <= 31]
    out = []
    for m in _DAY_DATELINE.finditer(text):
        day = int(m.group(1))
        before = [md for md in mentions if md[1] <= day]
        if 1 <= day <= 31 and before:
            out.append((max(before)[0], day))
    return out


def _infer_year(text: str, today: date) -> tuple[int, str] | None:
    future = {m.start(1) for p in _FUTURE_YEAR for m in p.finditer(text)}
    years = [int(m.group(1)) for m in _YEAR.finditer(text)
             if 1900 <= int(m.group(1)) <= today.year and m.start(1) not in future]
    past = [int(m.group(1)) + 1 for p in _PAST_YEAR for m in p.finditer(text)]
    past = [y for y in past if y <= today.year]
    low, _high = _event_bounds(text)
    best = max(years + past) if years or past else None
    if low and (best is None or best < low.year):
        return low.year, "据文中所记事件"
    if best is not None:
        if past and best == max(past):
            return best, f"文中把{best - 1}年当作过去的年份"
        return best, f"文中提到的最晚年份是{best}年"
    return None


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
