"""Parsing an issue's text: its date, its articles, and the mended text.

``parse_issue(text, ...)`` is the single entry point; see :mod:`.dates`,
:mod:`.blocks`, :mod:`.articles` and :mod:`.mending` for the steps.

The parser (its regular expressions are compiled at import, a tenth of a second) loads on
first use of ``parse_issue``: importing ``reader.parsing.layout`` for a page's label, or
reading :data:`PARSER_VERSION`, does not load it (the window's start-up does both).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Bump when parsing changes what articles come out: stored issues are then re-parsed.
PARSER_VERSION = 6

if TYPE_CHECKING:
    from reader.parsing.issue import parse_issue

__all__ = ["PARSER_VERSION", "parse_issue"]


def __getattr__(name: str) -> Any:
    if name == "parse_issue":
        from reader.parsing.issue import parse_issue

        return parse_issue
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
