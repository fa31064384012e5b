"""Where the GUI's plain-file resources live (stylesheets, icons, translations).

Everything is resolved from :func:`reader.paths.resources_dir`, the one place
that knows the project layout.
"""

from __future__ import annotations

from pathlib import Path

from reader.paths import resources_dir


def style_dir() -> Path:
    return resources_dir() / "style"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
