"""Interface language: Simplified Chinese by default, English available.

Source strings in the code are English; ``resources/i18n/<lang>.json`` (and
``<lang>.<part>.json`` beside it) map them to another language. The catalog is plain
JSON loaded by :mod:`reader.messages` (nothing generated is checked in) and installed as a
QTranslator, so widgets use Qt's own ``tr()``. Messages the core formatted (errors, import
reasons, index notes) go through :func:`core_text`, which also translates the values in them.
The language follows the system locale unless the settings name one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from reader.messages import load_catalog
from reader.ui.resources import i18n_dir

CORE_CONTEXT = "core"


def core_text(message: str) -> str:
    """A message from the core (an error, a skip reason, an index note) in the interface's language."""
    return QCoreApplication.translate(CORE_CONTEXT, message)


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
        self._catalog = load_catalog(language, catalog_dir or i18n_dir())

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) tells Qt "not translated here": it then keeps the source text.
        if context == CORE_CONTEXT:
            return self._catalog.localize(source)
        return self._catalog.exact(source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return not len(self._catalog)
