"""The command line as a desktop citizen: ``--version``, global options before or after the
command, ``install-desktop`` (issue 13 items 11-13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import build_parser
from reader.cli.global_options import paths_to_gui, settle
from reader.desktop import ICON_SIZES, desktop_entry

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def baoku(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env={**os.environ, **(env or {})},
                          timeout=300)


def test_version() -> None:
    from reader import __version__

    result = baoku("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"baoku {__version__}"


@pytest.mark.parametrize("words", [
    ["--library", "L", "--json", "issues"],
    ["--json", "issues", "--library", "L"],
    ["issues", "--library", "L", "--json"],
    ["--library=L", "issues", "--json"],
])
def test_global_options_before_or_after_the_command(words: list[str]) -> None:
    args = settle(build_parser().parse_args(words))
    assert args.command == "issues" and args.library == "L" and args.json is True


def test_a_command_without_global_options_keeps_the_defaults() -> None:
    args = settle(build_parser().parse_args(["issues"]))
    assert args.library is None and args.json is False


def test_nested_commands_take_them_too() -> None:
    args = settle(build_parser().parse_args(["bookmarks", "list", "--library", "L", "--json"]))
    assert args.library == "L" and args.json is True


def test_import_with_the_library_after_the_paths(tmp_path: Path) -> None:
    result = baoku("import", CORPUS, "--library", tmp_path / "lib", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["files"]
    assert (tmp_path / "lib" / "library.db").is_file()


def test_a_bare_folder_opens_the_app_and_imports_it(tmp_path: Path) -> None:
    commands = ["import", "issues", "gui"]
    assert paths_to_gui([str(tmp_path)], commands) == ["gui", "--import", str(tmp_path)]
    assert paths_to_gui(["--library", str(tmp_path), str(CORPUS)], commands) == [
        "--library", str(tmp_path), "gui", "--import", str(CORPUS)]
    assert paths_to_gui(["issues"], commands) == ["issues"]
    assert paths_to_gui([str(tmp_path / "missing")], commands) == [str(tmp_path / "missing")]
    args = build_parser().parse_args(paths_to_gui([str(CORPUS)], commands))
    assert args.command == "gui" and args.import_paths == [CORPUS]


def test_desktop_entry_opens_dropped_folders() -> None:
    text = desktop_entry("/opt/baoku/bin/baoku")
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    assert "Exec=/opt/baoku/bin/baoku %F" in lines
    assert "MimeType=inode/directory;text/plain;" in lines
    assert "Icon=baoku" in lines and "Type=Application" in lines


def test_install_desktop_and_uninstall(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = baoku("install-desktop", "--json", env=env)
    assert result.returncode == 0, result.stderr
    written = json.loads(result.stdout)["written"]
    entry = tmp_path / "applications" / "baoku.desktop"
    assert str(entry) in written and entry.is_file()
    for n in ICON_SIZES:
        png = tmp_path / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "baoku.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == n
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "baoku.svg").is_file()
    result = baoku("install-desktop", "--uninstall", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["removed"]) == len(written)
    assert not entry.exists()
