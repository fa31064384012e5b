"""The research tools' command line on a synthetic archive of 3,650 daily issues (slow: ~1 min).

The archive is made as ``tests/bench_index.py`` makes it (seed titles over seed
paragraphs, fixed random seed, 2015-01-01 onwards): every figure below can be
checked against the library itself.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from test_research_cli import baoku

from reader.library import Library

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for bench_index

pytestmark = pytest.mark.slow
ISSUES = 3650


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench_index import make_archive, seed_material

    work = tmp_path_factory.mktemp("big")
    titles, paras = seed_material()
    make_archive(work / "src", ISSUES, date(2015, 1, 1), titles, paras)
    import reader.search.catalogue as catalogue
    from reader.index import sync_index

    with Library(work / "lib") as lib, pytest.MonkeyPatch.context() as patch:
        report = lib.import_paths([work / "src"])
        # searches read the index; only an import (or `baoku index`) writes it. The catalogue of
        # so many issues is written here, not left to a background process, for related reports.
        patch.setattr(catalogue, "BACKGROUND_ISSUES", ISSUES)
        sync_index(lib)
    assert report.count("imported") == ISSUES
    return work / "lib"


def test_histogram_sums_to_the_total_on_ten_years(big: Path) -> None:
    data = json.loads(baoku(big, "search", "冷链 物流", "--histogram", "year", "--json", "--limit", "1").stdout)
    buckets = data["histogram"]["buckets"]
    assert [b["period"] for b in buckets] == [str(y) for y in range(2015, 2025)]
    assert sum(b["articles"] for b in buckets) == data["total"] > 1000
    months = json.loads(baoku(big, "search", "冷链 物流", "--histogram", "month", "--json", "--limit", "1",
                              "--from", "2020", "--to", "2020").stdout)["histogram"]
    assert len(months["buckets"]) == 12 and months["total"] == buckets[5]["articles"]


def test_on_this_day_on_ten_years(big: Path) -> None:
    data = json.loads(baoku(big, "onthisday", "2030-02-24", "--json").stdout)
    assert [i["date"] for i in data["issues"]] == [f"{y}-02-24" for y in range(2024, 2014, -1)]
    leap = json.loads(baoku(big, "onthisday", "2030-02-29", "--json").stdout)
    assert [i["date"] for i in leap["issues"]] == ["2024-02-29", "2020-02-29", "2016-02-29"]


def test_related_and_cite_on_ten_years(big: Path) -> None:
    with Library(big) as lib:
        article = lib.articles(lib.issues()[1800].id)[0]
    found = json.loads(baoku(big, "related", article.id, "--json").stdout)["related"]
    assert 0 < len(found) <= 5 and article.id not in {r["article_id"] for r in found}
    assert all(r["shared"] for r in found)
    cited = baoku(big, "cite", article.id).stdout
    assert cited == f"{article.title}[N]. {article.date}.\n"
    ris = baoku(big, "cite", "--search", "title:大同", "--limit", "50", "--format", "ris").stdout
    assert ris.count("TY  - NEWS") == 50
