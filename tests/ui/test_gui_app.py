"""The app as a user starts it: main() in a subprocess (a second QApplication in one process
aborts), settings restored across windows, the translation catalog complete, no Qt in the core."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_gui(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BAOKU_SETTINGS": str(tmp_path / "s.ini")}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(tmp_path / "lib"), "gui", *extra],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=300,
    )


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_screenshot_mode_on_a_new_library(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = _run_gui(tmp_path, "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()
    assert _png_size(out) == (1280, 800)
    assert not (tmp_path / "s.ini").exists() or "layout" not in (tmp_path / "s.ini").read_text()


def test_screenshot_mode_with_search_and_open_first(tmp_path: Path) -> None:
    out = tmp_path / "search.png"
    result = _run_gui(tmp_path, "--screenshot", str(out), "--search", "大同", "--open-first", "--theme", "dark")
    assert result.returncode == 0, result.stderr
    assert out.exists() and out.stat().st_size > 10_000


def test_settings_are_restored(harness: Any, seeded_root: Path, qtbot: Any) -> None:
    window = harness.open(seeded_root)
    issues = window.library.issues()
    target = issues[1]
    window.navigator.select_issue(target.id)
    articles = window.library.articles(target.id)
    window.open_article(articles[-1].id)
    window.resize(780, 560)  # inside the offscreen screen (800x600), above the minimum
    window.splitter.setSizes([316, 120, 336])  # the reading pane keeps its 25 characters a line
    sizes = window.splitter.sizes()
    size = window.size()
    harness.close(window)

    again = harness.open(seeded_root)
    assert again.navigator.current_issue == target.id
    assert again.reader.article.id == articles[-1].id
    assert again.size() == size
    assert again.splitter.sizes() == sizes


def test_theme_and_font_size_are_restored(harness: Any, seeded_root: Path) -> None:
    window = harness.open(seeded_root)
    window.set_theme("sepia")
    window.zoom(+2)
    size = window.reader.font_size
    harness.close(window)
    again = harness.open(seeded_root)
    assert again.theme.name == "sepia"
    assert again.reader.font_size == size
    assert again.theme.colors["paper"] in again.reader.browser.styleSheet()


def test_every_interface_string_is_translated() -> None:
    catalog: dict[str, str] = {}
    for part in sorted((ROOT / "resources" / "i18n").glob("zh_CN*.json")):
        catalog.update(json.loads(part.read_text(encoding="utf-8")))
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "reader" / "ui").glob("*.py"))
    strings = set(re.findall(r'\b_?tr\(\s*"((?:[^"\\]|\\.)*)"', source))
    strings |= set(re.findall(r'translate\(\s*"app",\s*"((?:[^"\\]|\\.)*)"', source))
    missing = sorted(s for s in strings if s.encode().decode("unicode_escape") not in catalog and s not in catalog)
    assert not missing, missing


def test_core_modules_do_not_import_qt() -> None:
    code = (
        "import sys, reader.cli, reader.cli.gui_cmd, reader.library, reader.service, reader.ui.renderer\n"
        "reader.cli.build_parser()\n"
        "assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide6' in m)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("setting,locale,expected", [("", "zh_CN", "zh_CN"), ("", "en_US", "en"),
                                                      ("", "C", "zh_CN"), ("en", "zh_CN", "en"),
                                                      ("zh_CN", "en_GB", "zh_CN")])
def test_language_follows_the_system_unless_set(setting: str, locale: str, expected: str) -> None:
    from PySide6.QtCore import QLocale

    from reader.ui.i18n import choose_language

    assert choose_language(setting, QLocale(locale)) == expected


def test_missing_chinese_font_is_explained(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                           qapp: Any) -> None:
    import reader.ui.app as app_module

    monkeypatch.setattr(app_module, "chinese_families", lambda: [])
    assert not app_module.check_fonts(None, interactive=False)
    err = capsys.readouterr().err
    assert "fonts-noto-cjk" in err
    monkeypatch.undo()
    assert app_module.check_fonts(None, interactive=False)  # this machine has Noto CJK


def test_the_interface_speaks_chinese(harness: Any, seeded_root: Path, qapp: Any) -> None:
    from reader.ui.i18n import CatalogTranslator

    translator = CatalogTranslator("zh_CN")
    qapp.installTranslator(translator)
    try:
        window = harness.open(seeded_root)
        assert [window.tabs.tabText(i) for i in range(3)] == ["报纸", "检索", "书签"]
        assert window.menuBar().actions()[0].text() == "文件(&F)"
        inferred = [i for i in window.library.issues() if i.date_source == "inferred"]
        if inferred:
            window.navigator.select_issue(inferred[0].id)
            assert "推断" in window.navigator.details.text()
    finally:
        qapp.removeTranslator(translator)
