"""Parsing an issue's text: its date, its articles, and the mended text.

``parse_issue(text, ...)`` is the single entry point; see :mod:`.dates`,
:mod:`.blocks`, :mod:`.articles` and :mod:`.mending` for the steps.
"""

from reader.parsing.issue import PARSER_VERSION, parse_issue

__all__ = ["PARSER_VERSION", "parse_issue"]
