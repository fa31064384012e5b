"""Citations (GB/T 7714, APA) and the reference-list formats (RIS, CSL-JSON, Markdown, CSV)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reader.models import Article
from reader.research.citation import CitationError, Reference, apa, cite, gbt7714
from reader.research.export_formats import Entry, csl_json, csv_text, export, markdown, ris


def article(**kw: object) -> Article:
    base: dict[str, object] = {"id": "ae4f7b2973512329e", "issue_id": "i1", "date": "2022-02-24",
                               "seq": 5, "title": "坚决把防线防住、底线守牢", "body": "正文"}
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def test_gbt7714_full_form() -> None:
    a = article(author="李明璇", paper="大同日报", page=1)
    assert cite(a) == "李明璇. 坚决把防线防住、底线守牢[N]. 大同日报, 2022-02-24(1)."


@pytest.mark.parametrize(("kw", "expected"), [
    ({"author": "李明璇", "paper": "大同日报"}, "李明璇. 坚决把防线防住、底线守牢[N]. 大同日报, 2022-02-24."),
    ({"paper": "大同日报", "page": 3}, "坚决把防线防住、底线守牢[N]. 大同日报, 2022-02-24(3)."),
    ({"author": "李明璇"}, "李明璇. 坚决把防线防住、底线守牢[N]. 2022-02-24."),
    ({}, "坚决把防线防住、底线守牢[N]. 2022-02-24."),
    ({"author": "甲乙 丙丁 戊己 庚辛"}, "甲乙, 丙丁, 戊己, 等. 坚决把防线防住、底线守牢[N]. 2022-02-24."),
])
def test_gbt7714_leaves_out_what_is_unknown(kw: dict[str, object], expected: str) -> None:
    assert cite(article(**kw)) == expected


def test_a_headline_broken_over_lines_is_one_line() -> None:
    assert gbt7714(Reference.of(article(title="坚决把防线\n防住"))) == "坚决把防线 防住[N]. 2022-02-24."


def test_apa() -> None:
    assert apa(Reference.of(article(author="李明璇", paper="大同日报", page=1))) == (
        "李明璇. (2022, February 24). 坚决把防线防住、底线守牢. 大同日报, 1.")
    assert cite(article(), "apa") == "坚决把防线防住、底线守牢. (2022, February 24)."
    with pytest.raises(CitationError):
        cite(article(), "mla")  # type: ignore[arg-type]


def entries() -> list[Entry]:
    full = Reference.of(article(author="李明璇 韩云峰", paper="大同日报", page=1))
    bare = Reference.of(article(id="a2", title="无名报道", date="2023-07-20"))
    return [Entry(full, snippet="2月23日，省委常委…", note="要点\n第二行", tags=("疫情",)),
            Entry(bare, quotes=("引文一段",))]


def test_ris_news_records() -> None:
    text = ris(entries())
    records = text.split("ER  - \n")
    assert records[-1] == "" and len(records) == 3
    first = records[0].splitlines()
    assert first[0] == "TY  - NEWS"
    assert [x for x in first if x.startswith("AU")] == ["AU  - 李明璇", "AU  - 韩云峰"]
    assert "T2  - 大同日报" in first and "SP  - 1" in first and "DA  - 2022/02/24" in first
    assert "N1  - 要点 第二行" in first and "KW  - 疫情" in first
    second = records[1].splitlines()
    assert not any(x.startswith(("AU", "T2", "SP")) for x in second)
    assert "N1  - 引文一段" in second
    assert all(len(line) >= 5 and line[2:6] == "  - " for line in text.splitlines())


def test_csl_json() -> None:
    items = json.loads(csl_json(entries()))
    assert items[0] == {
        "id": "ae4f7b2973512329e", "type": "article-newspaper", "title": "坚决把防线防住、底线守牢",
        "language": "zh-CN", "author": [{"literal": "李明璇"}, {"literal": "韩云峰"}],
        "container-title": "大同日报", "issued": {"date-parts": [[2022, 2, 24]]}, "page": "1",
        "abstract": "2月23日，省委常委…", "note": "要点\n第二行", "keyword": "疫情"}
    assert "author" not in items[1] and "container-title" not in items[1] and "page" not in items[1]


def test_markdown_and_csv_carry_the_citation() -> None:
    md = markdown(entries())
    assert md.startswith("1. 李明璇, 韩云峰. 坚决把防线防住、底线守牢\\[N\\]. 大同日报, 2022-02-24(1).\n")
    assert "   > 2月23日，省委常委…" in md and "2. 无名报道\\[N\\]. 2023-07-20." in md
    rows = list(csv.DictReader(io.StringIO(csv_text(entries()))))
    assert rows[0]["citation"] == "李明璇, 韩云峰. 坚决把防线防住、底线守牢[N]. 大同日报, 2022-02-24(1)."
    assert rows[0]["note"] == "要点\n第二行" and rows[1]["page"] == "" and rows[1]["note"] == "引文一段"
    assert export([], "ris") == "" and export([], "markdown") == ""
    with pytest.raises(ValueError, match="unknown export format"):
        export([], "bibtex")
