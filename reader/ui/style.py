"""Themes (light, sepia, dark), the application stylesheet and the reading pane's CSS.

Colours live in ``resources/style/themes.json``; the stylesheets are
``string.Template`` files next to it, filled in here. Fonts: a CJK serif for
reading, a CJK sans for the chrome, picked from what the system has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from string import Template

from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from reader.ui.resources import read_text, style_dir

SERIF_CANDIDATES = (
    "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Songti SC",
    "STSong", "SimSun", "AR PL UMing CN", "Noto Serif CJK TC",
)
SANS_CANDIDATES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC",
    "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK TC",
)


@dataclass(frozen=True)
class Theme:
    name: str
    colors: dict[str, str]

    def color(self, key: str) -> QColor:
        return QColor(self.colors[key])


@lru_cache(maxsize=1)
def _theme_table() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(read_text(style_dir() / "themes.json"))
    return data


def theme_names() -> list[str]:
    return list(_theme_table())


def load_theme(name: str) -> Theme:
    table = _theme_table()
    return Theme(name if name in table else "light", dict(table.get(name, table["light"])))


def chinese_families() -> list[str]:
    """Font families the system has for Simplified Chinese (empty: Chinese would show as boxes)."""
    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def _pick(candidates: tuple[str, ...], fallback: str) -> str:
    have = set(QFontDatabase.families())
    for family in candidates:
        if family in have:
            return family
    chinese = chinese_families()
    return chinese[0] if chinese else fallback


def serif_family() -> str:
    return _pick(SERIF_CANDIDATES, "serif")


def sans_family() -> str:
    return _pick(SANS_CANDIDATES, "sans-serif")


def apply_app_theme(app: QApplication, theme: Theme) -> None:
    """Fusion style, a palette and the chrome stylesheet for ``theme``."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    c = theme.color
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, c("window"))
    pal.setColor(QPalette.ColorRole.WindowText, c("text"))
    pal.setColor(QPalette.ColorRole.Base, c("base"))
    pal.setColor(QPalette.ColorRole.AlternateBase, c("panel"))
    pal.setColor(QPalette.ColorRole.Text, c("text"))
    pal.setColor(QPalette.ColorRole.Button, c("panel"))
    pal.setColor(QPalette.ColorRole.ButtonText, c("text"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, c("base"))
    pal.setColor(QPalette.ColorRole.ToolTipText, c("text"))
    pal.setColor(QPalette.ColorRole.Highlight, c("selection"))
    pal.setColor(QPalette.ColorRole.HighlightedText, c("selection_text"))
    pal.setColor(QPalette.ColorRole.PlaceholderText, c("muted"))
    pal.setColor(QPalette.ColorRole.Link, c("accent"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, c("muted"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, c("muted"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, c("muted"))
    app.setPalette(pal)
    qss = Template(read_text(style_dir() / "app.qss")).safe_substitute(theme.colors)
    app.setStyleSheet(qss)


def _bullet_width(size_pt: int, dpi: float) -> int:
    """Pixels the 要点 bullet ("• ") takes, so wrapped lines hang under the text, not the bullet."""
    font = QFont(sans_family())
    font.setPointSizeF(size_pt * dpi / 96 if dpi > 0 else size_pt)
    return max(1, round(QFontMetricsF(font).horizontalAdvance("• ")))


def article_css(theme: Theme, font_size: int, dpi: float = 96.0) -> str:
    """The reading pane's stylesheet for ``theme`` at a base size of ``font_size`` points.

    ``dpi`` converts the two-character first-line indent to pixels (Qt reads it only in px).
    """
    values = dict(theme.colors)
    values.update(
        serif=serif_family(),
        sans=sans_family(),
        base=str(font_size),
        small=str(max(8, round(font_size * 0.8))),
        kicker=str(round(font_size * 1.0)),
        title=str(round(font_size * 1.75)),
        subtitle=str(round(font_size * 1.2)),
        box=str(max(8, round(font_size * 0.9))),
        para=str(round(font_size * 0.6)),
        indent=str(round(2 * font_size * dpi / 72)),
        hang=str(_bullet_width(max(8, round(font_size * 0.9)), dpi)),
    )
    return Template(read_text(style_dir() / "article.css")).safe_substitute(values)
