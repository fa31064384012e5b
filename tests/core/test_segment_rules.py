"""Each segmentation rule for other papers on its own, on the smallest page that needs it.

The labelled pages in tests/data/papers/ measure the rules together
(tests/bench_segmentation.py); ``test_the_labelled_pages_meet_the_issue_goals``
keeps those figures from sliding back.
"""

from __future__ import annotations

import re

import pytest
from paper_fixtures import load_pages

from reader.models import Article
from reader.parsing import parse_issue
from reader.parsing.bylines import author_of
from reader.parsing.units import Kind, classify


def articles(text: str) -> list[Article]:
    return list(parse_issue(text, source_name="page.txt").articles)


def layers(a: Article) -> tuple[str, str, str]:
    return a.kicker, a.title, a.subtitle


@pytest.mark.parametrize(("text", "kind"), [
    ("【新华社张家口十四日电】晋察冀边区各地春耕生产已全面展开。", Kind.LEAD),
    ("【本报阜平讯】阜平县城关合作社近日从外地购进谷种。", Kind.LEAD),
    ("首席记者 周平", Kind.BYLINE),
    ("本报特约通讯员 孙涛", Kind.BYLINE),
    ("文/本报记者 李洋　图/本报记者 孙杰", Kind.BYLINE),
    ("本报记者 林 川", Kind.BYLINE),
    ("人民日报评论员", Kind.BYLINE),
    ("（本报记者 王磊 通讯员 民宣）", Kind.SIGNOFF),
    ("（新华社北京5月4日电）", Kind.SIGNOFF),
    ("2020年5月3日", Kind.SIGNOFF),
    ("五月三十一日", Kind.SIGNOFF),
    ("第三百二十一号", Kind.POINTER),
    ("临河日报　2022年4月2日　星期六　第12671号", Kind.POINTER),
    ("2022年1月1日起施行新规", Kind.HEADING),
])
def test_what_a_line_looks_like(text: str, kind: Kind) -> None:
    assert classify(text) is kind


@pytest.mark.parametrize(("byline", "author"), [
    ("【新华社张家口十四日电】", "新华社"),
    ("【本报讯】", ""),
    ("据新华社北京11月24日电", "新华社"),
    ("本报讯（记者 王磊 实习生 林悦）", "王磊 林悦"),
    ("文/图　本报记者 孙杰", "孙杰"),
    ("本报记者 林 川", "林川"),
    ("本报评论员", ""),
])
def test_authors_of_other_bylines(byline: str, author: str) -> None:
    assert author_of(byline) == author


def test_a_bracketed_dateline_belongs_to_the_heading_above() -> None:
    (a,) = articles("春耕生产全面展开\n【新华社张家口十四日电】各地春耕生产已全面展开。\n")
    assert (a.title, a.byline, a.author, a.body) == (
        "春耕生产全面展开", "【新华社张家口十四日电】", "新华社", "各地春耕生产已全面展开。")


def test_a_closing_credit_stays_with_its_story() -> None:
    text = "甲事\n本报讯 下周一起，市公交集团将新开3条公交线路。\n首席记者 周平\n乙事\n本报讯（记者 孙丽）记者昨天走访多家农贸市场发现菜价明显回落。\n（本报记者 赵鹏）\n"
    first, second = articles(text)
    assert (first.title, first.byline, first.body) == ("甲事", "本报讯", "下周一起，市公交集团将新开3条公交线路。\n首席记者 周平")
    assert (second.title, second.kicker) == ("乙事", "")
    assert second.body.endswith("（本报记者 赵鹏）")


def test_a_closing_credit_is_the_byline_of_a_story_printed_without_one() -> None:
    (a,) = articles("高考首日\n全市考生走进考场\n今天上午，考试拉开帷幕。\n本报记者　吴晓\n")
    assert (a.byline, a.author) == ("本报记者　吴晓", "吴晓")


def test_a_letter_keeps_its_signature_date_line_and_closing_dateline() -> None:
    text = ("给学生的回信\n新华社北京5月4日电 近日，回信全文如下：\n同志们：\n来信收悉。希望你们继续努力。\n"
            "习近平\n2020年5月3日\n（新华社北京5月4日电）\n下一篇的标题\n本报讯（记者 韩鑫）全国铁路累计发送旅客6145万人次。\n")
    letter, other = articles(text)
    assert letter.body.split("\n")[-3:] == ["习近平", "2020年5月3日", "（新华社北京5月4日电）"]
    assert other.title == "下一篇的标题"


def test_numbered_heads_are_sub_heads() -> None:
    text = "大标题\n【新华社冀中二十二日电】运动已取得胜利。\n一、清算运动的经过\n各村先召开会议。\n二、今后的任务\n各地正在颁发土地证。\n"
    (a,) = articles(text)
    assert [a.body.split("\n")[i] for i in a.subheads] == ["一、清算运动的经过", "二、今后的任务"]


def test_a_picture_item_keeps_its_heading_as_title() -> None:
    text = "甲事\n本报讯 下周一起，市公交集团将新开3条公交线路。\n图片新闻\n1月17日，代表们步入会场。\n本报记者 韩冰摄\n乙事\n本报讯 记者昨天走访多家农贸市场发现菜价明显回落。\n"
    story, photo, other = articles(text)
    assert (photo.kind, photo.title, photo.captions) == ("photo", "图片新闻", ("1月17日，代表们步入会场。 本报记者 韩冰摄",))
    assert (story.title, other.title) == ("甲事", "乙事")


def test_a_heading_over_a_box_and_a_credit_is_not_a_picture_item() -> None:
    """Only captions make a picture item (a box item under the heading once made the pass loop forever)."""
    text = "图片新闻\n■ 要点一二三\n本报记者 韩冰摄\n乙事\n"
    parsed = parse_issue(text, source_name="page.txt")
    kept = "".join(parsed.issue.extras) + "".join(a.plain_text() for a in parsed.articles)
    assert all(c in kept for c in set(text) - set("\n■ "))


def test_a_picture_shown_inside_a_story_is_its_caption() -> None:
    text = "立冬菜窖忙\n本报讯（记者 何静）菜农们正忙着入窖。\n图为菜农在装运大白菜。本报记者 韩冰摄\n下一条\n本报讯 记者昨天走访多家农贸市场发现菜价明显回落。\n"
    first, _second = articles(text)
    assert first.captions == ("图为菜农在装运大白菜。本报记者 韩冰摄",)


def test_a_summary_under_the_heading_is_a_summary() -> None:
    (a,) = articles("全城播绿添新景\n市民踊跃参加义务植树，今年全市计划新增绿地120公顷\n本报记者 张晓燕\n昨天是植树节。\n")
    assert (a.highlights, a.byline, a.body) == (("市民踊跃参加义务植树，今年全市计划新增绿地120公顷",), "本报记者 张晓燕", "昨天是植树节。")


def test_a_labelled_box_above_a_story_is_its_highlights() -> None:
    (a,) = articles("核心阅读\n今年以来，一大批优秀教师扎根乡村。\n乡村教师队伍建设取得新进展\n本报记者 赵婀娜\n走进一所村小。\n")
    assert (a.title, a.highlights) == ("乡村教师队伍建设取得新进展", ("核心阅读", "今年以来，一大批优秀教师扎根乡村。"))


def test_a_byline_printed_above_the_heading_belongs_to_the_story_under_it() -> None:
    (a,) = articles("新华社记者 王晓东\n大江两岸春潮涌\n——长江经济带生态保护见闻\n早春时节，记者沿长江而行。\n")
    assert (a.title, a.subtitle, a.byline, a.author) == ("大江两岸春潮涌", "——长江经济带生态保护见闻", "新华社记者 王晓东", "王晓东")


def test_a_continued_from_marker_on_its_own_line_heads_the_text_below_it() -> None:
    story, rest = articles("月饼礼盒“瘦身”了\n本报讯（记者 陈静）记者走访发现礼盒明显瘦身。\n（上接第1版）\n第一批旅客踏上了返程之路。\n")
    assert (story.continued_from, rest.continued_from, rest.body) == (None, "第1版", "第一批旅客踏上了返程之路。")
    parsed = parse_issue("月饼礼盒“瘦身”了\n本报讯（记者 陈静）记者走访发现礼盒明显瘦身。\n（上接第1版）\n", source_name="p.txt")
    assert parsed.articles[0].continued_from is None and "（上接第1版）" in parsed.issue.extras


def test_masthead_lines_are_not_headings() -> None:
    (a,) = articles("江城晚报  2021年6月7日  星期一\n庚子年二月十八 第25777期 今日24版\n\n高考首日\n全市考生走进考场\n\n"
                    "本报讯 今天上午，全市4.6万名考生走进考场。\n")
    assert layers(a) == ("高考首日", "全市考生走进考场", "")


@pytest.mark.parametrize(("heading", "expected"), [
    ("习近平在安徽考察时强调\n坚持改革开放坚持高质量发展\n在加快建设美好安徽上取得新的更大进展",  # a speaker's lead-in
     ("习近平在安徽考察时强调", "坚持改革开放坚持高质量发展", "在加快建设美好安徽上取得新的更大进展")),
    ("在教师节到来之际\n市领导走访慰问优秀教师", ("在教师节到来之际", "市领导走访慰问优秀教师", "")),  # an occasion
    ("第十四个五年规划建议解读\n推动形成优势互补的区域经济布局", ("第十四个五年规划建议解读", "推动形成优势互补的区域经济布局", "")),
    ("中秋节前\n市场供应充足价格平稳", ("中秋节前", "市场供应充足价格平稳", "")),  # short over longer
    ("春运客流平稳有序\n铁路日均发送旅客超千万人次", ("", "春运客流平稳有序", "铁路日均发送旅客超千万人次")),
    ("项目建设攻坚年\n我市22个重点项目集中开工\n总投资186亿元", ("项目建设攻坚年", "我市22个重点项目集中开工", "总投资186亿元")),
])
def test_heading_layers(heading: str, expected: tuple[str, str, str]) -> None:
    (a,) = articles(heading + "\n本报讯（记者 甲乙）正文一句。\n")
    assert layers(a) == expected


def test_the_labelled_pages_meet_the_issue_goals() -> None:
    """Headlines found, no fakes, heading layers and bylines on the 32 pages (the benchmark's figures)."""
    printed = found = right = bylines = bylined = made = 0
    for page in load_pages():
        got = list(parse_issue(page.text, source_name="page.txt").articles)
        made += len(got)
        for e in page.articles:
            printed += 1
            bylined += bool(e.byline)
            key = re.sub(r"\s", "", e.kicker + e.title + e.subtitle)
            hit = [a for a in got if re.sub(r"\s", "", a.kicker + a.title + a.subtitle) == key]
            found += bool(hit) or any(a.title == e.title for a in got)
            right += bool(hit) and layers(hit[0]) == (e.kicker, e.title, e.subtitle)
            bylines += bool(hit) and bool(e.byline) and hit[0].byline == e.byline
    assert found / printed >= 0.97 and made / printed <= 1.05
    assert right / printed >= 0.90 and bylines / bylined >= 0.90


@pytest.mark.parametrize("page", load_pages(), ids=lambda p: p.name)
def test_nothing_printed_on_the_labelled_pages_is_lost(page) -> None:  # type: ignore[no-untyped-def]
    """Every printed character is in an article field (traced by its origins) or in the issue's extras."""
    parsed = parse_issue(page.text, source_name="page.txt")
    covered = bytearray(len(page.text))
    for a in parsed.articles:
        values = {"kicker": a.kicker, "title": a.title, "subtitle": a.subtitle, "byline": a.byline, "body": a.body}
        values.update({f"captions[{i}]": c for i, c in enumerate(a.captions)})
        values.update({f"highlights[{i}]": h for i, h in enumerate(a.highlights)})
        for o in a.origins:
            assert values[o.field][o.start:o.end] == page.text[o.src_start:o.src_end]
            covered[o.src_start:o.src_end] = b"\x01" * (o.src_end - o.src_start)
    extras = "\n".join(parsed.issue.extras)
    leftover = "".join("\x00" if covered[i] else c for i, c in enumerate(page.text))
    for run in re.split(r"[\x00\s]+", leftover):
        assert not run or run in extras, run


@pytest.mark.parametrize("variant", ["squeezed", "indented-crlf"])
@pytest.mark.parametrize("page", load_pages(), ids=lambda p: p.name)
def test_labelled_pages_read_the_same_squeezed_or_indented(page, variant: str) -> None:  # type: ignore[no-untyped-def]
    """Blank lines are evidence, not law: the same articles without them, or with 　　 indents and CRLF."""
    from reader.textio import decode_bytes

    changed = {
        "squeezed": lambda t: re.sub(r"\n\s*\n+", "\n", t),
        "indented-crlf": lambda t: re.sub(r"(?m)^(?=\S)", "\u3000\u3000", t).replace("\n", "\r\n"),
    }[variant](page.text)

    def layout(text: str) -> list[tuple[str, ...]]:
        return [(a.kind, a.kicker, a.title, a.subtitle, a.byline, a.body)
                for a in parse_issue(text, source_name="page.txt").articles]

    assert layout(decode_bytes(changed.encode("utf-8")).text) == layout(page.text)
