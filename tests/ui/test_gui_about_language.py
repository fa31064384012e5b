"""About shows the version and data paths (issue 13 item 11); Qt's own buttons speak
Chinese because qtbase_zh_CN is loaded (item 6); core messages reach the GUI in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from reader import __version__


def test_about_shows_the_version_and_where_the_files_are(window: Any, qtbot: Any) -> None:
    box = window.show_about()
    qtbot.addWidget(box)
    text = box.text()
    assert __version__ in text
    assert str(window.library.root) in text
    assert window.settings.path in text
    box.close()


def test_qt_buttons_and_core_messages_in_chinese(qapp: Any, tmp_path: Path) -> None:
    from reader.ui.app import install_language
    from reader.ui.i18n import core_text
    from reader.ui.settings import Settings

    settings = Settings(tmp_path / "s.ini")
    settings.language = "zh_CN"
    translators = install_language(qapp, settings)
    try:
        assert len(translators) == 2  # our catalog and qtbase_zh_CN
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
        assert core_text("unbalanced parenthesis: ')' at character 3 closes nothing") == \
            "括号不配对：第 3 个字符处的“)”没有对应的“(”"
        assert core_text("a message nobody translated") == "a message nobody translated"
    finally:
        for t in translators:
            qapp.removeTranslator(t)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
