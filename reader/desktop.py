"""Desktop integration on Linux: a freedesktop ``.desktop`` entry and hicolor icons for Baoku,
so it appears in the desktop's menu and opens (imports) folders dropped on it.

Files go under ``$XDG_DATA_HOME`` (``~/.local/share``): ``applications/baoku.desktop`` and
``icons/hicolor/<size>/apps/baoku.png`` (plus ``scalable/apps/baoku.svg``). Qt-free: the
PNG sizes are drawn by a function the caller passes (the CLI's uses Qt's SVG renderer).
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import BaokuError

APP_ID = "baoku"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

RenderPng = Callable[[Path, int, Path], None]  # (svg, size, out.png)


@dataclass
class DesktopFiles:
    """What ``install`` wrote or ``uninstall`` removed."""

    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def data_home() -> Path:
    env = os.environ.get("XDG_DATA_HOME")
    return Path(env).expanduser() if env else Path.home() / ".local" / "share"


def entry_path(home: Path | None = None) -> Path:
    return (home or data_home()) / "applications" / f"{APP_ID}.desktop"


def icon_paths(home: Path | None = None) -> list[Path]:
    base = (home or data_home()) / "icons" / "hicolor"
    return [base / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES] + [
        base / "scalable" / "apps" / f"{APP_ID}.svg"
    ]


def launcher() -> str:
    """The command the menu entry runs: the ``baoku`` script beside this Python if there is one
    (a venv or pipx install need not be on the menu's PATH), else ``python -m reader``."""
    script = Path(sys.executable).with_name("baoku")
    if script.is_file() and os.access(script, os.X_OK):
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m reader"


def desktop_entry(exec_command: str) -> str:
    """The ``.desktop`` file's text. ``%F``: folders (and files) dropped on it are imported.

    >>> "MimeType=inode/directory;" in desktop_entry("baoku")
    True
    """
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        "Name=Baoku",
        "Name[zh_CN]=报库",
        "GenericName=Newspaper archive reader",
        "GenericName[zh_CN]=报纸档案阅读器",
        "Comment=Read and search a Chinese newspaper archive",
        "Comment[zh_CN]=阅读和检索中文报纸档案",
        f"Exec={exec_command} %F",
        f"TryExec={shlex.split(exec_command)[0]}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Office;Viewer;Education;",
        "Keywords=newspaper;archive;search;报纸;档案;检索;",
        "MimeType=inode/directory;text/plain;",
        "StartupWMClass=baoku",
        "",
    ])


def install(svg: Path, render_png: RenderPng | None, home: Path | None = None,
            exec_command: str | None = None) -> DesktopFiles:
    """Write the entry and icons; returns what was written. Raises BaokuError if it cannot."""
    done = DesktopFiles()
    try:
        entry = entry_path(home)
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(desktop_entry(exec_command or launcher()), encoding="utf-8")
        done.written.append(entry)
        *pngs, scalable = icon_paths(home)
        scalable.parent.mkdir(parents=True, exist_ok=True)
        scalable.write_bytes(svg.read_bytes())
        done.written.append(scalable)
        if render_png is not None:
            for size, png in zip(ICON_SIZES, pngs, strict=True):
                png.parent.mkdir(parents=True, exist_ok=True)
                render_png(svg, size, png)
                done.written.append(png)
    except OSError as exc:
        raise BaokuError(f"cannot install the desktop entry: {exc.strerror or exc}") from None
    return done


def uninstall(home: Path | None = None) -> DesktopFiles:
    """Remove the entry and icons ``install`` wrote (what is missing is skipped)."""
    done = DesktopFiles()
    for path in [entry_path(home), *icon_paths(home)]:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise BaokuError(f"cannot remove {path}: {exc.strerror or exc}") from None
        done.removed.append(path)
    return done
