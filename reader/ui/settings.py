"""The one place the GUI keeps its preferences: a small wrapper over QSettings with defaults.

Tests (and screenshot runs) pass their own ini path, or set ``BAOKU_SETTINGS``,
so nothing they do touches the user's real settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

THEMES = ("light", "sepia", "dark")
LANGUAGES = ("zh_CN", "en")
DEFAULT_FONT_SIZE = 15
MIN_FONT_SIZE = 9
MAX_FONT_SIZE = 36

_DEFAULTS: dict[str, Any] = {
    "theme": "light",
    "language": "",  # "" = follow the system locale
    "font_size": DEFAULT_FONT_SIZE,
    "last_issue": "",
    "last_article": "",
    "left_tab": 0,
}


class Settings:
    """Typed accessors over one QSettings store (an ini file when ``path`` is given)."""

    def __init__(self, path: Path | str | None = None, *, readonly: bool = False) -> None:
        if path is None and os.environ.get("BAOKU_SETTINGS"):
            path = os.environ["BAOKU_SETTINGS"]
        if path is not None:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "baoku", "baoku")
        self.readonly = readonly

    @property
    def path(self) -> str:
        return self._qs.fileName()

    def _get(self, key: str) -> Any:
        return self._qs.value(key, _DEFAULTS.get(key))

    def _set(self, key: str, value: Any) -> None:
        if not self.readonly:
            self._qs.setValue(key, value)

    def sync(self) -> None:
        if not self.readonly:
            self._qs.sync()

    # -- appearance ----------------------------------------------------------
    @property
    def theme(self) -> str:
        value = str(self._get("theme"))
        return value if value in THEMES else "light"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("theme", value if value in THEMES else "light")

    @property
    def language(self) -> str:
        """"zh_CN", "en", or "" to follow the system locale."""
        value = str(self._get("language") or "")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        self._set("language", value if value in LANGUAGES else "")

    @property
    def font_size(self) -> int:
        try:
            size = int(self._get("font_size"))
        except (TypeError, ValueError):
            return DEFAULT_FONT_SIZE
        return max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, size))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._set("font_size", max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, int(value))))

    # -- where the reader was ----------------------------------------------------
    @property
    def last_issue(self) -> str:
        return str(self._get("last_issue") or "")

    @last_issue.setter
    def last_issue(self, value: str) -> None:
        self._set("last_issue", value)

    @property
    def last_article(self) -> str:
        return str(self._get("last_article") or "")

    @last_article.setter
    def last_article(self, value: str) -> None:
        self._set("last_article", value)

    @property
    def left_tab(self) -> int:
        try:
            return int(self._get("left_tab"))
        except (TypeError, ValueError):
            return 0

    @left_tab.setter
    def left_tab(self, value: int) -> None:
        self._set("left_tab", int(value))

    @property
    def on_this_day_at_start(self) -> bool:
        """Open 历史上的今天 when the app starts."""
        return str(self._get("on_this_day_at_start")).lower() in ("true", "1")

    @on_this_day_at_start.setter
    def on_this_day_at_start(self, value: bool) -> None:
        self._set("on_this_day_at_start", bool(value))

    # -- window layout (opaque blobs from Qt) -------------------------------------
    def blob(self, key: str) -> QByteArray | None:
        value = self._qs.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_blob(self, key: str, value: QByteArray) -> None:
        self._set(f"layout/{key}", value)
