"""The query language: every form parses to the tree it means; every malformed query is one clear line."""

from __future__ import annotations

import pytest

from reader.errors import QueryError
from reader.query import And, DateRange, Not, Or, Term, check_date, parse, positive_terms


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("大同", Term("大同")),
        ("  大同  ", Term("大同")),
        ("大同 冷链", And((Term("大同"), Term("冷链")))),
        ("大同 AND 冷链", And((Term("大同"), Term("and"), Term("冷链")))),
        ('"OR"', Term("or")),
        ("大同 OR 太原", Or((Term("大同"), Term("太原")))),
        ("大同 or 太原", And((Term("大同"), Term("or"), Term("太原")))),
        ("大同 -疫情", And((Term("大同"), Not(Term("疫情"))))),
        ("-疫情", Not(Term("疫情"))),
        ('"云冈 石窟"', Term("云冈 石窟")),
        ('"（下转2版）"', Term("(下转2版)")),  # full-width forms fold, as in the text searched
        ('"a OR (b)"', Term("a or (b)")),
        ("(大同 OR 太原) 冷链", And((Or((Term("大同"), Term("太原"))), Term("冷链")))),
        ("大同 OR 太原 冷链", Or((Term("大同"), And((Term("太原"), Term("冷链")))))),
        ("title:冷链", Term("冷链", "title")),
        ('title:"冷链 物流"', Term("冷链 物流", "title")),
        ("title:(大同 OR 太原)", Or((Term("大同", "title"), Term("太原", "title")))),
        ("author:韩云峰", Term("韩云峰", "author")),
        ("-author:韩云峰", Not(Term("韩云峰", "author"))),
        ("TITLE:冷链", Term("冷链", "title")),
        ("date:2022", DateRange("2022-01-01", "2022-12-31")),
        ("date:2022-02", DateRange("2022-02-01", "2022-02-28")),
        ("date:2024-02", DateRange("2024-02-01", "2024-02-29")),
        ("date:2022-01-10", DateRange("2022-01-10", "2022-01-10")),
        ("date:2022-01-10..2022-03-31", DateRange("2022-01-10", "2022-03-31")),
        ("date:2022..2023-06", DateRange("2022-01-01", "2023-06-30")),
        ("date:2022-03..", DateRange("2022-03-01", "")),
        ("date:..2022", DateRange("", "2022-12-31")),
        ("5G", Term("5g")),
        ("５Ｇ GW", And((Term("5g"), Term("gw")))),
        ("12345", Term("12345")),
        ("12:30", Term("12:30")),
        ("大同-太原", Term("大同-太原")),
    ],
)
def test_every_form_parses_to_what_it_means(query: str, tree: object) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ('"大同', "unbalanced quote"),
        ('大同 "冷链', "unbalanced quote"),
        ('""', "empty quotes"),
        ("(大同", "unbalanced parenthesis"),
        ("((大同) 冷链", "unbalanced parenthesis"),
        ("大同)", "unbalanced parenthesis"),
        (")", "unbalanced parenthesis"),
        ("()", "empty parentheses"),
        ("OR", "lone OR"),
        ("OR 大同", "lone OR"),
        ("大同 OR", "lone OR"),
        ("大同 OR OR 太原", "lone OR"),
        ("(大同 OR) 太原", "lone OR"),
        ("-", "lone '-'"),
        ("大同 -", "lone '-'"),
        ("--大同", "lone '-'"),
        ("foo:大同", "unknown field foo:"),
        ("http://example.com", "unknown field http:"),
        ("title:", "needs a value"),
        ("title:(author:韩云峰)", "inside title:"),
        ("date:2022-02-30", "impossible date: 2022-02-30"),
        ("date:2023-02-29", "impossible date"),
        ("date:2022-13", "impossible date"),
        ("date:2022-00-10", "impossible date"),
        ("date:yesterday", "not a date"),
        ("date:22-01-01", "not a date"),
        ("date:2023..2022", "ends before it starts"),
        ("date:..", "at least one date"),
        ("date:(2022)", "date: takes one date"),
    ],
)
def test_every_malformed_query_is_one_clear_line(query: str, says: str) -> None:
    with pytest.raises(QueryError) as info:
        parse(query)
    message = str(info.value)
    assert says in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "query",
    [
        "大" * 10_000,
        " OR ".join(["大同"] * 3000),
        " OR ".join(["大"] * 400),
        "(" * 5000 + "大同" + ")" * 5000,
        "(" * 30 + "大同" + ")" * 30,
        "-" * 900 + "大",
    ],
)
def test_hostile_queries_are_refused_quickly(query: str) -> None:
    with pytest.raises(QueryError):
        parse(query)


def test_deep_but_reasonable_nesting_is_fine() -> None:
    assert parse("(" * 10 + "大同" + ")" * 10) == Term("大同")


def test_positive_terms_skip_exclusions() -> None:
    tree = parse("(大同 OR title:太原) -疫情 -(-冷链) date:2022 大同")
    assert positive_terms(tree) == [Term("大同"), Term("太原", "title"), Term("冷链")]


def test_cli_dates_are_checked_the_same_way() -> None:
    assert check_date("2022", first=True) == "2022-01-01"
    assert check_date("2022-02", first=False) == "2022-02-28"
    with pytest.raises(QueryError, match="impossible date"):
        check_date("2022-02-30", first=True)


@pytest.mark.parametrize(("typed", "ascii_form"), [
    ("“疫情防控”", '"疫情防控"'),
    ("‘疫情防控’", '"疫情防控"'),
    ("「云冈 石窟」", '"云冈 石窟"'),
    ("『云冈 石窟』", '"云冈 石窟"'),
    ("title：习近平", "title:习近平"),
    ("title：“冷链 物流”", 'title:"冷链 物流"'),
    ("（大同 OR 太原） 冷链", "(大同 OR 太原) 冷链"),
    ("大同 －疫情", "大同 -疫情"),
    ("大同 —疫情", "大同 -疫情"),
    ("大同\u3000冷链", "大同 冷链"),
    ("title：（大同 OR 太原）", "title:(大同 OR 太原)"),
])
def test_ime_punctuation_is_the_query_syntax(typed: str, ascii_form: str) -> None:
    assert parse(typed) == parse(ascii_form)


def test_ime_quotes_keep_what_is_inside_and_pair_up() -> None:
    assert parse("“他说\"好\"”") == Term('他说"好"')
    assert parse("——") == Term("——")  # a dash as printed, not a minus
    for query, says in (("“疫情", "unbalanced quote"), ("「」", "empty quotes"), ("大同 －", "lone")):
        with pytest.raises(QueryError, match=says):
            parse(query)


def test_paper_and_page_fields() -> None:
    assert parse("paper:大同日报 page:3") == And((Term("大同日报", "paper"), Term("3", "page")))
    assert parse("page：０3") == Term("3", "page")
    assert parse("paper:(大同 OR 人民)") == Or((Term("大同", "paper"), Term("人民", "paper")))
    for query in ("page:A3", "page:(1 OR 2)", "page:三"):
        with pytest.raises(QueryError, match="page: takes a page number"):
            parse(query)
