"""Messages in the reader's language: templates fit formatted core messages, values are
translated in turn, and the command line follows the locale (issue 13 item 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import QueryError
from reader.messages import MessageCatalog, cli_language, load_catalog
from reader.query import parse

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def zh() -> MessageCatalog:
    return load_catalog("zh_CN")


@pytest.mark.parametrize("query", ["(大同", "大同)", '"大同', "大同 OR", "foo:大同", "date:2022-13", "()",
                                   "大同 -", '""', "date:2022-03..2022-01", "title:"])
def test_every_query_error_has_a_chinese_form(zh: MessageCatalog, query: str) -> None:
    with pytest.raises(QueryError) as info:
        parse(query)
    translated = zh.localize(str(info.value))
    assert translated is not None, str(info.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in translated)


def test_values_inside_a_message_are_translated_too(zh: MessageCatalog) -> None:
    message = "cannot read the batch file /tmp/q.txt: [Errno 2] No such file or directory"
    assert zh.text(message) == "无法读取批量检索文件 /tmp/q.txt：没有那个文件或目录"


def test_notes_joined_in_one_line_are_translated_part_by_part(zh: MessageCatalog) -> None:
    note = "index updated: 3 articles written, 0 removed; 1 bookmark(s) detached (kept with their notes)"
    assert zh.text(note) == "索引已更新：写入 3 篇，移除 0 篇；1 个书签已脱离（备注仍保留）"


def test_unknown_messages_stay_as_they_are(zh: MessageCatalog) -> None:
    assert zh.text("something new happened") == "something new happened"
    assert load_catalog("en").text("the query is empty") == "the query is empty"


def test_short_labels_are_not_used_as_templates() -> None:
    c = MessageCatalog({"{year}": "{year}年", "{month}/{day}": "{month}月{day}日"})
    assert c.localize("anything at all") is None


@pytest.mark.parametrize("env,expected", [({"LANG": "zh_CN.UTF-8"}, "zh_CN"), ({"LANG": "en_US.UTF-8"}, "en"),
                                          ({"LANG": "C"}, "en"), ({}, "en"),
                                          ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
                                          ({"LANG": "en_US", "LC_MESSAGES": "zh_TW.UTF-8"}, "zh_CN")])
def test_the_command_line_language_follows_the_locale(env: dict[str, str], expected: str) -> None:
    assert cli_language(env) == expected


def test_the_command_line_speaks_chinese_in_a_chinese_locale(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    for lang, expected in (("zh_CN.UTF-8", "括号不配对"), ("C.UTF-8", "unbalanced parenthesis")):
        result = subprocess.run(
            [sys.executable, "-m", "reader", "search", "(大同", "--library", str(tmp_path / "lib")],
            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env={**env, "LANG": lang},
        )
        assert result.returncode == 1
        assert expected in result.stderr, result.stderr
