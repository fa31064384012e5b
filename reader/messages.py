"""Messages in the reader's language: Baoku's catalogs ({English: translation}) applied to the
strings the interface shows, including messages the core formatted with values in them.

The core raises and reports in English (the command line's ``--json`` and logs stay stable);
this module turns such a message into the user's language at the edge (the CLI's stderr, the
GUI's dialogs and status bar). A catalog entry with ``{name}`` fields is a template: a message
that fits it is translated with the same values, each value translated in turn, so
``"cannot read x: [Errno 2] No such file or directory"`` becomes fully Chinese when the three
templates involved are in the catalog. Qt-free: the GUI's translator uses the same catalogs.

Catalogs are ``resources/i18n/<language>.json`` plus ``<language>.<part>.json`` files beside
it (parts keep separate pieces of work from editing one file).
"""

from __future__ import annotations

import json
import os
import re
from functools import cached_property, lru_cache
from pathlib import Path

from reader.paths import resources_dir

_FIELD = re.compile(r"\{(\w+)\}")


def catalog_files(language: str, directory: Path | None = None) -> list[Path]:
    folder = directory or resources_dir() / "i18n"
    main = folder / f"{language}.json"
    parts = sorted(folder.glob(f"{language}.*.json"))
    return ([main] if main.is_file() else []) + parts


class MessageCatalog:
    """Exact translations, and templates matched against formatted messages.

    >>> c = MessageCatalog({"no issue {id}": "没有期号 {id}", "draft": "草稿"})
    >>> c.localize("no issue 42")
    '没有期号 42'
    >>> c.localize("unknown words") is None
    True
    """

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries = {k: v for k, v in entries.items() if isinstance(v, str) and v}

    @cached_property
    def _templates(self) -> list[tuple[re.Pattern[str], str, int]]:
        """The entries with ``{fields}``, as patterns: compiled when a message first needs
        them (a few hundred regular expressions; the window's start-up needs none)."""
        templates: list[tuple[re.Pattern[str], str, int]] = []
        for source, target in self.entries.items():
            if not _FIELD.search(source):
                continue
            names = _FIELD.findall(source)
            if len(set(names)) != len(names):
                continue
            pattern = ""
            pos = 0
            for m in _FIELD.finditer(source):
                pattern += re.escape(source[pos:m.start()]) + f"(?P<{m.group(1)}>.+?)"
                pos = m.end()
            pattern += re.escape(source[pos:])
            fixed = len(_FIELD.sub("", source).strip())
            if fixed < 3:
                continue  # "{year}", "{month}/{day}": labels, not messages; they would fit anything
            templates.append((re.compile(pattern + r"\Z", re.DOTALL), target, fixed))
        # the template with the most fixed text wins when several fit
        templates.sort(key=lambda t: -t[2])
        return templates

    def __len__(self) -> int:
        return len(self.entries)

    def exact(self, source: str) -> str | None:
        return self.entries.get(source)

    def localize(self, message: str, _depth: int = 0) -> str | None:
        """``message`` translated, or None when no entry fits it."""
        found = self.entries.get(message)
        if found is not None or _depth > 4:
            return found
        for pattern, target, _fixed in self._templates:
            m = pattern.match(message)
            if m is None:
                continue
            values = {k: self.localize(v, _depth + 1) or v for k, v in m.groupdict().items()}
            try:
                return target.format(**values)
            except (KeyError, IndexError, ValueError):
                continue
        for sep, joined in (("; ", "；"), (". ", "。")):
            if sep in message:  # notes joined into one line: each part on its own
                parts = message.split(sep)
                done = [self.localize(p, _depth + 1) for p in parts]
                if any(d is not None for d in done):
                    return joined.join(d or p for d, p in zip(done, parts, strict=True))
        return None

    def text(self, message: str) -> str:
        """``message`` translated if the catalog can, else as it is."""
        return self.localize(message) or message


def load_catalog(language: str, directory: Path | None = None) -> MessageCatalog:
    entries: dict[str, str] = {}
    if language != "en":
        for path in catalog_files(language, directory):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a damaged catalog: English rather than no program
            if isinstance(data, dict):
                entries.update(data)
    return MessageCatalog(entries)


def cli_language(environ: dict[str, str] | None = None) -> str:
    """The command line's language, from the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``):
    "zh_CN" for a Chinese locale, else "en" (scripts in the C locale get English).

    >>> cli_language({"LANG": "zh_CN.UTF-8"}), cli_language({"LANG": "C.UTF-8"})
    ('zh_CN', 'en')
    """
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key)
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


@lru_cache(maxsize=4)
def _cli_catalog(language: str) -> MessageCatalog:
    return load_catalog(language)


def cli_text(message: str) -> str:
    """``message`` in the command line's language (see :func:`cli_language`)."""
    return _cli_catalog(cli_language()).text(message)
