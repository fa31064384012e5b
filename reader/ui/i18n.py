"""Interface language: Simplified Chinese by default, English available.

Source strings in the code are English; ``resources/i18n/<lang>.json`` maps them
to another language. The catalog is plain JSON loaded here (nothing generated is
checked in) and installed as a QTranslator, so widgets use Qt's own ``tr()``.
The language follows the system locale unless the settings name one.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QLocale, QTranslator

from reader.ui.resources import i18n_dir


def choose_language(setting: str, locale: QLocale | None = None) -> str:
    """The language to use: the setting if any, else English for an English system, else Chinese.

    >>> choose_language("en")
    'en'
    """
    if setting:
        return setting
    name = (locale or QLocale.system()).name()
    return "en" if name.startswith("en") else "zh_CN"


class CatalogTranslator(QTranslator):
    """A QTranslator backed by a JSON catalog {english source: translation}."""

    def __init__(self, language: str, catalog_dir: Path | None = None) -> None:
        super().__init__()
        self.language_code = language
        self._catalog: dict[str, str] = {}
        path = (catalog_dir or i18n_dir()) / f"{language}.json"
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            self._catalog = {k: v for k, v in data.items() if isinstance(v, str) and v}

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) tells Qt "not translated here": it then keeps the source text.
        return self._catalog.get(source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return not self._catalog
