"""The issue list the navigator gets from its thread: the order, the look-ups and the
paper → year → month groups the tree is made from (Qt-free)."""

from __future__ import annotations

from reader.models import Issue
from reader.ui.issue_list import IssueList


def issue(iid: str, date: str, paper: str = "", articles: int = 1) -> Issue:
    return Issue(iid, date, "masthead" if date else "unknown", f"{iid}.txt", article_count=articles, paper=paper)


def test_the_list_keeps_the_librarys_order_with_the_undated_last() -> None:
    given = [issue("u1", ""), issue("a", "2023-12-31"), issue("b", "2024-01-02"), issue("u2", ""),
             issue("c", "2024-01-02", "晚报")]
    listed = IssueList.of(given)
    assert [i.id for i in listed.issues] == ["a", "b", "c", "u1", "u2"]
    assert listed.pos == {"a": 0, "b": 1, "c": 2, "u1": 3, "u2": 4}
    assert listed.dates == ["2023-12-31", "2024-01-02", "2024-01-02"]
    assert [i.id for i in listed.by_date["2024-01-02"]] == ["b", "c"]
    assert [i.id for i in listed.by_date[""]] == ["u1", "u2"]
    assert listed.by_id["c"].paper == "晚报"
    assert listed.articles == 5
    newest = listed.newest()
    assert newest is not None and newest.id == "c"
    assert IssueList.of([issue("u", "")]).newest() == issue("u", "")
    assert IssueList.of([]).newest() is None


def test_papers_are_grouped_by_year_and_month_for_the_tree() -> None:
    given = [issue("x1", "2023-02-01", "晚报"), issue("d1", "2023-11-05"), issue("d2", "2024-01-02"),
             issue("d3", "2024-01-09"), issue("x2", "2024-03-01", "晚报"), issue("du", "")]
    papers = IssueList.of(given).papers
    assert [p.paper for p in papers] == ["晚报", ""]  # named papers by name, the unnamed last
    evening, unnamed = papers
    assert [(year, [(m, [i.id for i in its]) for m, its in months]) for year, months in evening.years] == [
        ("2023", [(2, ["x1"])]), ("2024", [(3, ["x2"])])]
    assert [(year, [(m, [i.id for i in its]) for m, its in months]) for year, months in unnamed.years] == [
        ("2023", [(11, ["d1"])]), ("2024", [(1, ["d2", "d3"])])]
    assert [i.id for i in unnamed.undated] == ["du"] and evening.undated == []
