"""Dates of any era from the text alone: Chinese numerals, 民国 years, day-only datelines, no guessing."""

from __future__ import annotations

from datetime import date

import pytest

from reader.parsing.dates import arabic_dates, cn_number, infer_date, masthead_date

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(("text", "number"), [
    ("十", 10), ("十四", 14), ("二十", 20), ("二十三", 23), ("三十五", 35), ("一九四六", 1946), ("二〇二〇", 2020),
    ("35", 35), ("", None), ("十十", None), ("百", None),
])
def test_chinese_numerals(text: str, number: int | None) -> None:
    assert cn_number(text) == number


def test_dates_in_chinese_numerals_and_republican_years_become_arabic() -> None:
    assert arabic_dates("中华民国三十五年五月十六日") == "1946年5月16日"
    assert arabic_dates("民国三十五年") == "1946年"
    assert arabic_dates("一九四六年十月二日") == "1946年10月2日"
    assert arabic_dates("【新华社张家口二十三日电】") == "【新华社张家口23日电】"
    assert arabic_dates("星期日 周日 十三日") == "星期日 周日 13日"  # a weekday is not a day of the month


@pytest.mark.parametrize(("masthead", "day"), [
    ("北岳日报\n中华民国三十五年五月十六日 星期四\n第三百二十一号", date(1946, 5, 16)),
    ("北岳日报\n一九四六年六月三日　星期一", date(1946, 6, 3)),
    ("民国三十五年七月八日 星期一", date(1946, 7, 8)),
])
def test_mastheads_of_any_era(masthead: str, day: date) -> None:
    assert masthead_date(masthead) == (day, "")


def test_a_day_only_dateline_takes_its_month_from_the_text() -> None:
    text = "【新华社延安十三日电】解放区救济总会于本月十二日成立。本年八月十日以来……今年一九四六年的冬季"
    assert infer_date(text, TODAY)[0] == date(1946, 8, 14)  # type: ignore[index]


def test_a_date_printed_at_the_top_of_the_page_is_the_issue_date() -> None:
    text = "江城晚报  2021年6月7日  星期一\n\n高考首日\n\n今天上午，2021年高考拉开帷幕。6月8日结束。"
    assert infer_date(text, TODAY) == (date(2021, 6, 7), "版面顶端印的日期")


@pytest.mark.parametrize("text", [
    "本报讯（记者 陈静）市气象台今天中午发布高温橙色预警，昨天最高气温37℃。",  # relative dates only
    "【新华社冀中二十二日电】土地改革运动已取得伟大胜利。",  # a day, no month, no year
    "本报讯（记者 王）3月5日，会议召开。",  # a month and day, but no year
])
def test_no_evidence_is_unknown_not_a_guess(text: str) -> None:
    assert infer_date(text, TODAY) is None


def test_never_a_date_after_today() -> None:
    assert infer_date("本报讯（记者 王）11月29日，2026年的会议召开。到2030年建成。", TODAY) == (
        TODAY, "最晚的电头日期11月29日（1处）的次日；2026年：文中提到的最晚年份是2026年")
    assert infer_date("新华社北京12月3日电 2027年的计划。", TODAY) is None  # a year after today is a plan
    assert infer_date("江城晚报 2027年1月1日 星期五\n\n标题", TODAY) is None
