"""The five seed front pages, read as a reader would: dates, articles, bylines, mended bodies.

Expectations were written by reading each raw file; they fail when the parser
loses an article, turns a sub-head into one, or leaves text broken.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.models import ParsedIssue
from reader.parsing import parse_issue
from reader.parsing.dates import infer_date

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEEDS = {
    "000": "000_4a23ad43cd4d0672.txt",
    "001": "001_5d5f4632bb365153.txt",
    "002": "002_98064722886ee370.txt",
    "003": "003_48a213a88ada2c8a.txt",
    "004": "004_f9ee2ef9ceb0f632.txt",
}


def parse(seed: str) -> ParsedIssue:
    name = SEEDS[seed]
    return parse_issue((CORPUS / name).read_text(encoding="utf-8"), source_name=name)


def by_title(parsed: ParsedIssue, title: str):  # type: ignore[no-untyped-def]
    found = [a for a in parsed.articles if a.title == title]
    assert len(found) == 1, f"expected one article titled {title!r}, got {[a.title for a in parsed.articles]}"
    return found[0]


# (seed, date, date_source, number)
DATES = [
    ("000", "2022-11-07", "inferred", None),
    ("001", "2022-01-11", "masthead", 16076),
    ("002", "2022-02-24", "inferred", None),
    ("003", "2023-07-23", "inferred", None),
    ("004", "2022-03-26", "inferred", None),
]


@pytest.mark.parametrize(("seed", "day", "source", "number"), DATES)
def test_issue_date_and_its_source(seed: str, day: str, source: str, number: int | None) -> None:
    issue = parse(seed).issue
    assert (issue.date, issue.date_source, issue.number) == (day, source, number)
    if source == "inferred":
        assert "电头" in issue.date_note and "次日" in issue.date_note, issue.date_note


@pytest.mark.parametrize(("text", "year"), [
    ("11月6日，本报讯。2021—2025年规划提出目标。今年是2022年。", 2022),
    ("到2035年基本实现社会主义现代化。2022年是关键之年。", 2022),
    ("《大同市2021-2025年行动方案》提出，2022年全面推进。", 2022),
    ("2019年至2021年，全市累计完成投资。", 2022),
])
def test_plan_years_do_not_date_an_issue(text: str, year: int) -> None:
    """A plan's target year (到2035年, 2021—2025年规划) is not the issue's year."""
    day, note = infer_date("本报讯（记者 王）3月5日，" + text)
    assert day.year == year, note


# (seed, kicker, title, subtitle, byline, body start, body end)
ARTICLES = [
    ("000", "卢东亮深入部分重点场所、保供单位和12345政务服务便民热线中心督导调研",
     "细化管控举措 强化服务保障 让疫情防控既有力度更有温度", "", "本报讯（记者 李雪峰）",
     "11月6日，省委常委、市委书记卢东亮深入", "开展心理辅导等工作，确"),
    ("000", "", "习近平同马达加斯加总统拉乔利纳就中马建交50周年互致贺电", "", "新华社北京11月6日电",
     "11月6日，国家主席习近平同马达加斯加总统", "致力于构建更加紧密的马中命运共同体。"),
    ("000", "二十大精神在大同", "推动绿色发展 建设美丽家园", "", "□ 本报记者 韩云峰",
     "“加快发展方式绿色转型”“深入推进污染防治”", "市生态环境局相关负责人说。"),
    ("000", "", "防控中透出的温度", "", "孙 权", "11月5日凌晨，第一批因疫情滞留", "为尽快打赢这场疫情防控歼灭战赋能。"),
    ("000", "", "黄花丰收活动月入选全国100个丰收节庆特色活动名单", "", "本报讯（记者 宋芳）",
     "记者从市农业农村局了解到", "目标思路更加清晰。"),
    ("000", "", "中车大同公司战疫情保生产", "", "本报讯（记者 孙向阳）", "连日来，中车大同公司", "重点任务圆满完成。"),
    ("001", "", "扛稳扛牢疫情防控责任 从严从紧落实防控措施",
     "卢东亮主持召开市委第六十次疫情防控专题会暨市疫情防控工作领导小组会议 李慧出席",
     "本报讯（记者 李明璇）", "1月10日，省委常委、市委书记卢东亮主持召开", "会议以视频方式开到县一级。"),
    ("001", "", "2021山西公安“最美基层民警”名单公布", "本市民警田爱雨 李兴旺入选", "本报讯（记者 郝雨）",
     "近日，中共山西省委宣传部", "以优异成绩迎接党的二十大胜利召开。"),
    ("001", "", "市人大常委会党组(扩大)会议召开 谷明主持并讲话", "", "", "谷明在讲话中强调", "开出好效果。"),
    ("001", "", "把党和政府的关怀送到职工心坎上 市总工会启动“两节”期间送温暖活动", "", "本报讯（记者 董芳）",
     "记者近日从市总工会获悉", "今年“两节”期间送温暖活动有"),
    ("001", "", "习近平同白俄罗斯总统卢卡申科通电话", "", "新华社北京1月10日电",
     "国家主席习近平1月10日下午同白俄罗斯总统卢卡申科通电话。", "走符合本国国情的发展道路。"),
    ("001", "", "忠诚履职担当新使命 服务大局展现新作为", "卢东亮赴市公安局调研慰问 艾凌宇参加",
     "本报讯（记者 李雪峰）", "今年1月10日是第二个中国人民警察节", "颁发从警纪念章。"),
    ("001", "奋斗两个五年 跨入第一方阵 怎么看 怎么干", "抢抓发展机遇 提升城市品质",
     "——我市全方位推动晋北城镇圈建设解读", "□本报记者 吴华 张世敬", "隆冬时节的大同", "先进经验，"),
    ("002", "", "提振信心 鼓足干劲 奋力谱写大同全方位推动高质量发展新篇章",
     "卢东亮出席市管主要领导干部学习贯彻党的十九届六中全会和省第十二次党代会精神专题研讨班开班式并作专题辅导 张强主持 谷明姚鸿波出席",
     "本报讯（记者 李明璇）", "2月23日，市管主要领导干部", "为我们破解矛盾提供了战略指导。"),
    ("002", "市创城指挥部作出安排部署", "在创建文明城市中深入开展“微笑大同”主题活动", "", "本报讯（记者 潘红）",
     "为大力推动全国文明城市创建工作", "结合岗位特点，自觉提升工作能力。"),
    ("002", "奋进新征程 建功新时代", "灵丘经济技术开发区：为县域经济发展注入新活力", "", "□ 本报记者 张彩峰",
     "“去年以来，我们按照‘一区多园’", "进一步完善基础设施建设和服"),
    ("002", "", "我市加速推进铁路口岸项目", "", "本报讯（记者 吴华）", "围绕建设陆港型国家物流枢纽城市", "各项工作正在积极"),
    ("002", "", "习近平向尼雷尔领导力学院竣工启用仪式致贺信", "", "新华社北京2月23日电",
     "2月23日，尼雷尔领导力学院竣工启用仪式", "作出新的更大贡献。"),
    ("002", "", "坚决把防线防住、底线守牢", "", "本报讯（记者 李明璇）", "2月23日，省委常委、市委书记卢东亮主持召开市委第七十次",
     "各县（区）设分会场。"),
    ("002", "", "做实八大特色产业 全面推进乡村振兴", "", "", "风雨送春归，飞雪迎春到。", "防止返贫动态监测和帮扶机制，"),
    ("003", "", "持续深化拓展合作 携手互利共赢发展", "卢东亮率团赴陕西西安考察", "本报讯 (记者 李雪峰)",
     "7月21日至22日,省委常委、市委书记卢东亮率团赴西安考察", "主要负责同志参加考察。"),
    ("003", "", "省运会群众体育健美操赛在云州区开赛", "", "本报讯 (记者 陈杰)", "音乐动感,身姿灵活。", "1项自选动作。"),
    ("003", "", "市退役军人事务局大同军分区政治工作处市双拥办联合下发通知 做好“八一”期间双拥工作", "", "",
     "模范先进事迹,激励军民投身爱国拥军", "送上党和政府的关怀温暖。"),
    ("003", "新时代新征程新伟业 全面深入学习贯彻党的二十大精神", "大同造蓄电池动力机车蒙东上线", "",
     "本报讯 (记者 韩云峰)", "7月19日,蒙东地区首列新能源机车", "复杂工况地面条件的运输需求。"),
    ("003", "", "山西上半年累计产煤近6.8亿吨", "约占全国同期产量的29.5%", "新华社太原7月22日电 (记者 王飞航)",
     "为了应对夏季用电高峰", "力争煤炭产量达到13.65亿吨。"),
    ("003", "", "引水灌溉解民忧 抗旱保粮夺丰收", "我市册田灌区全力以赴为农作物送水“解渴”", "本报讯 (记者 范捷)",
     "6月17日,伴随着机器轰鸣声", "年节水量达1000多立方米。"),
    ("003", "", "“清凉夏都”扬名正当时", "", "良言", "炎炎盛夏,各地游人避暑纳凉", "人人向往的新境界。"),
    ("003", "", "减轻参保人员门诊医疗费用负担 本市进一步加强门诊保障政策落地执行", "", "本报讯 (记者 高燕)",
     "目前,记者从市医保中心获悉", "纳入“两病”门诊用药保障范围。"),
    ("004", "慎终如始做好常态化疫情防控 压紧压实责任链条 织牢织密防控网络", "慎终如始守好疫情防控“大同阵地”", "",
     "本报讯（记者 田雁）", "今年初，一场波及我市云冈区的新冠肺炎疫情袭来", "落实疫情防控措施情况进行明查暗访，"),
    ("004", "奋进新征程 建功新时代 我们的新时代", "云冈区聚力打造城市“净化器”", "", "□ 本报记者 韩云峰",
     "凌晨4时，当绝大多数的人还沉浸在梦中", "守护了大同的一方蓝天。"),
    ("004", "", "“群众的理解就是对我们最大的支持！”", "", "□ 本报记者 高燕", "疫情就是命令，防控就是责任。",
     "大家的理解就是对我们防疫工作最大的支持！”"),
    ("004", "", "今年本市将再建3个全国示范性老年友好型社区", "", "本报讯（记者 高燕）", "为深入推进老年友好型社区建设",
     "确保创建工作持续规范化、高质量开展。"),
    ("004", "", "我市精准施策全力提升金融服务能力", "", "本报讯（记者 张世敬）", "今年以来，市金融办紧紧围绕",
     "力争发放脱贫人口小额信贷进度位居全省前列。"),
    ("004", "奋进新征程 建功新时代", "党员“小积分” 撬动乡村“大治理”", "", "□ 本报记者 何婧 通讯员 王泽宇",
     "近年来，新荣区通过推行“党员积分制”", "把党员积分作为评议考核的重要内容，"),
]


@pytest.mark.parametrize(("seed", "kicker", "title", "subtitle", "byline", "start", "end"), ARTICLES,
                         ids=[f"{a[0]}-{a[2][:12]}" for a in ARTICLES])
def test_front_page_article(seed: str, kicker: str, title: str, subtitle: str, byline: str,
                            start: str, end: str) -> None:
    article = by_title(parse(seed), title)
    assert (article.kicker, article.subtitle, article.byline) == (kicker, subtitle, byline)
    assert article.body.startswith(start)
    assert article.body.endswith(end)
    assert not article.title_inferred


# Every story a reader sees, and nothing else (photos with only a caption are counted apart).
STORY_COUNTS = {"000": 6, "001": 8, "002": 7, "003": 9, "004": 6}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_no_extra_articles(seed: str) -> None:
    stories = [a for a in parse(seed).articles if a.kind == "article"]
    assert len(stories) == STORY_COUNTS[seed], [a.title for a in stories]


SUBHEADS = [
    ("000", "推动绿色发展 建设美丽家园", ["加快发展方式绿色转型", "深入推进污染防治"]),
    ("001", "抢抓发展机遇 提升城市品质", ["抢抓机遇发展商贸物流业"]),
    ("004", "慎终如始守好疫情防控“大同阵地”",
     ["高位推动 提级指挥 体现“大同高度”", "严密防范 科学管控 突出“大同精度”", "突出重点 持续作战 展示“大同力度”"]),
    ("004", "党员“小积分” 撬动乡村“大治理”", ["精细管理 筑牢乡村治理“桥头堡”"]),
]


@pytest.mark.parametrize(("seed", "title", "subheads"), SUBHEADS)
def test_subheads_stay_inside_their_article(seed: str, title: str, subheads: list[str]) -> None:
    parsed = parse(seed)
    article = by_title(parsed, title)
    paragraphs = article.body.split("\n")
    assert [paragraphs[i] for i in article.subheads] == subheads
    titles = {a.title for a in parsed.articles}
    assert not titles & set(subheads)


def test_column_breaks_are_rejoined() -> None:
    body = by_title(parse("000"), "细化管控举措 强化服务保障 让疫情防控既有力度更有温度").body
    assert "织密筑牢疫情防控防线。" in body
    assert "学校、社会福利院等重点场所疫情防控责任重大。" in body
    assert not re.search(r"疫情\n防控", body)


def test_fragment_interleaved_with_other_stories_is_reattached() -> None:
    parsed = parse("001")
    lead = by_title(parsed, "扛稳扛牢疫情防控责任 从严从紧落实防控措施")
    assert "关于疫情防控工作重要指示精神和省委、省政府部署要求" in lead.body
    assert "防控的压力仍然很大" in lead.body  # 防 / 控的压力 rejoined
    assert lead.highlights[0] == "维护疫情防控成果 坚决守好大同阵地"  # the summary box, not the body
    others = [a for a in parsed.articles if a is not lead]
    assert not any("指示精神和省委" in a.body for a in others)


def test_fragment_printed_before_its_headline_is_reattached() -> None:
    parsed = parse("002")
    story = by_title(parsed, "在创建文明城市中深入开展“微笑大同”主题活动")
    assert "引领带动全民全社会积极参与主题活动。\n“微笑大同”主题活动内容包括" in story.body
    assert story.continued == "第三版"
    assert not any(a.body.startswith("活动。") for a in parsed.articles)


def test_story_without_headline_gets_a_title_from_its_first_sentence() -> None:
    parsed = parse("001")
    untitled = [a for a in parsed.articles if a.title_inferred and a.kind == "article"]
    assert [a.title for a in untitled] == ["市十五届人大常委会召开第九十二次会议"]
    assert untitled[0].byline == "本报讯（记者 潘红）"
    assert untitled[0].author == "潘红"


def test_continuation_markers() -> None:
    assert by_title(parse("001"), "习近平同白俄罗斯总统卢卡申科通电话").continued == "第三版"
    assert by_title(parse("000"), "黄花丰收活动月入选全国100个丰收节庆特色活动名单").continued == "第二版"
    for seed in SEEDS:
        for a in parse(seed).articles:
            assert "下转" not in a.body


def test_captions_go_with_their_article_or_stand_as_photos() -> None:
    top = by_title(parse("000"), "细化管控举措 强化服务保障 让疫情防控既有力度更有温度")
    assert top.captions == ("11月6日，省委常委、市委书记卢东亮在指定保供单位之一沃尔玛超市进行督导调研。本报记者张燕伟摄",)
    photo = [a for a in parse("001").articles if a.kind == "photo"]
    assert len(photo) == 1 and photo[0].captions[0].endswith("本报记者 于宏摄")
    two = by_title(parse("002"), "提振信心 鼓足干劲 奋力谱写大同全方位推动高质量发展新篇章")
    assert two.captions[0].endswith("开班式举行。 本报记者 张燕伟摄")


def test_teasers_ads_and_masthead_are_not_articles() -> None:
    p2 = parse("002")
    assert not any("放射出更加灿烂的真理光芒" in a.title for a in p2.articles)
    assert any("刊3版▶" in e for e in p2.issue.extras)
    p0 = parse("000")
    assert not any("12345市民服务热线" in a.title for a in p0.articles)
    p1 = parse("001")
    assert "中共大同市委机关报" in p1.issue.extras[0]
    assert not any("大同日报社出版" in a.body for a in p1.articles)


def test_bullet_summary_box_is_kept_as_highlights() -> None:
    story = by_title(parse("002"), "坚决把防线防住、底线守牢")
    assert len(story.highlights) == 6
    assert story.highlights[0] == "要把住外防输入关口，持续强化毗邻重点地区入同交通卡口管控"


def test_authors() -> None:
    authors = {a.title: a.author for s in SEEDS for a in parse(s).articles}
    assert authors["防控中透出的温度"] == "孙权"
    assert authors["抢抓发展机遇 提升城市品质"] == "吴华 张世敬"
    assert authors["山西上半年累计产煤近6.8亿吨"] == "王飞航"
    assert authors["党员“小积分” 撬动乡村“大治理”"] == "何婧 王泽宇"


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_nothing_printed_is_lost(seed: str) -> None:
    """Every printed character is in an article field (traceable by its origins) or in the extras."""
    text = (CORPUS / SEEDS[seed]).read_text(encoding="utf-8")
    parsed = parse(seed)
    covered = bytearray(len(text))
    for a in parsed.articles:
        values = {"kicker": a.kicker, "title": a.title, "subtitle": a.subtitle, "byline": a.byline, "body": a.body}
        values.update({f"captions[{i}]": c for i, c in enumerate(a.captions)})
        values.update({f"highlights[{i}]": h for i, h in enumerate(a.highlights)})
        for o in a.origins:
            assert values[o.field][o.start:o.end] == text[o.src_start:o.src_end]
            covered[o.src_start:o.src_end] = b"\x01" * (o.src_end - o.src_start)
    extras = "\n".join(parsed.issue.extras)
    leftover = "".join("\x00" if covered[i] else c for i, c in enumerate(text))
    for run in re.split(r"[\x00\s]+", leftover):
        if run and not re.fullmatch(r"#+|-|■|[（(]下转第.+版[）)]", run):
            assert run in extras, run


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_article_ids_are_stable_and_unique(seed: str) -> None:
    first = [a.id for a in parse(seed).articles]
    assert first == [a.id for a in parse(seed).articles]
    assert len(set(first)) == len(first)


def _layout(parsed: ParsedIssue) -> list[tuple[str, str, str, str, str, str]]:
    return [(a.kind, a.kicker, a.title, a.subtitle, a.byline, a.body) for a in parsed.articles]


@pytest.mark.parametrize("variant", ["no-markdown", "no-blank-lines", "indented-crlf"])
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_same_articles_without_markdown_blank_lines_or_with_indents(seed: str, variant: str) -> None:
    """Markdown marks are hints only; other exports drop blank lines or indent with 　　."""
    text = (CORPUS / SEEDS[seed]).read_text(encoding="utf-8")
    changed = {
        "no-markdown": lambda t: re.sub(r"(?m)^#+\s*", "", t),
        "no-blank-lines": lambda t: re.sub(r"\n\s*\n+", "\n", t),
        "indented-crlf": lambda t: re.sub(r"(?m)^(?=\S)", "\u3000\u3000", t).replace("\n", "\r\n"),
    }[variant](text)
    from reader.textio import decode_bytes

    other = parse_issue(decode_bytes(changed.encode("utf-8")).text, source_name=SEEDS[seed])
    base = parse(seed)
    assert _layout(other) == _layout(base)
    assert other.issue.date == base.issue.date


def test_page_furniture_and_lost_boxes_go_to_extras() -> None:
    parsed = parse_issue("- 要点一\n- 要点二\n\n责任编辑：张三 美编：李四\n\n第1版：要闻\n", source_name="x.txt")
    assert parsed.articles == ()
    assert set(parsed.issue.extras) == {"要点一", "要点二", "责任编辑：张三 美编：李四", "第1版：要闻"}


@pytest.mark.parametrize("text", [
    "大同" * 200_000,
    "，。！？；：“”（）" * 500,
    "\n".join("大" for _ in range(3000)),
    "（下转第三版）\n\n（上接第一版）\n\n刊3版▶",
    "\n\n".join(f"本报讯（记者 甲）{i % 12 + 1}月1日，事。" for i in range(50)),
    "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
])
def test_odd_texts_parse_without_losing_anything(text: str) -> None:
    parsed = parse_issue(text, source_name="odd.txt")
    kept = "".join(parsed.issue.extras) + "".join(a.plain_text() for a in parsed.articles)
    for ch in set(text) - set(" \n\u3000"):
        assert ch in kept


# Minimal cases the property tests (test_properties.py) found: text that used to vanish or map wrongly.
def test_a_byline_with_no_story_stays_with_the_issue() -> None:
    parsed = parse_issue("□ 本报记者 张三", source_name="x.txt")
    assert parsed.articles == ()
    assert parsed.issue.extras == ("□ 本报记者 张三",)


def test_continued_from_marker_with_no_story_before_it_is_kept() -> None:
    parsed = parse_issue("(上接第一版)第一批旅客踏上了返程之路。", source_name="x.txt")
    assert [(a.body, a.continued_from) for a in parsed.articles] == [("第一批旅客踏上了返程之路。", "第一版")]


def test_a_second_marker_for_the_same_story_is_kept_with_the_issue() -> None:
    parsed = parse_issue("本报讯（记者 张三）正文一句。（下转第二版）\n\n刊头标题\n\n（下转第三版）", source_name="x.txt")
    assert [a.continued for a in parsed.articles] == ["第二版"]
    assert parsed.issue.extras == ("刊头标题", "（下转第三版）")


def test_author_line_broken_with_a_hard_break_maps_back_line_by_line() -> None:
    text = "标题\n孙  \n权\n正文。"
    (article,) = parse_issue(text, source_name="x.txt").articles
    assert article.byline == "孙 权"
    for o in article.origins:
        assert getattr(article, o.field)[o.start:o.end] == text[o.src_start:o.src_end]


def test_hard_break_in_a_crlf_text_read_as_it_is() -> None:
    lf = "做实八大特色产业  \n全面推进乡村振兴\n\n正文一句。"
    for text in (lf, lf.replace("\n", "\r\n")):
        (article,) = parse_issue(text, source_name="x.txt").articles
        assert article.title == "做实八大特色产业 全面推进乡村振兴"


def test_box_printed_before_a_moved_fragment_goes_with_it() -> None:
    text = ("标题甲\n\n本报讯（记者 张三）1月10日，会议传达了关于疫情防控工作重要\n\n标题乙\n\n"
            "本报讯（记者 李四）乙的正文，学习重要指示。\n\n（下转第二版）\n\n■ 要点一二三四\n\n指示精神和部署要求。\n")
    first, second = parse_issue(text, source_name="x.txt").articles
    assert first.body.endswith("工作重要指示精神和部署要求。")
    assert first.highlights == ("要点一二三四",)
    assert second.continued == "第二版"
