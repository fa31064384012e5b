"""The one place that finds corpus/, resources/ and the user's data and cache directories."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "baoku"
_PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = _PACKAGE_DIR.parent


def _bundled(name: str) -> Path:
    """``name`` at the top of a clone (where it is edited), else inside the installed package
    (where ``setup.py`` puts it in a wheel)."""
    in_clone = PROJECT_DIR / name
    if (PROJECT_DIR / "pyproject.toml").is_file() and in_clone.is_dir():
        return in_clone
    return _PACKAGE_DIR / name


def corpus_dir() -> Path:
    """The bundled default library: the seed issues of 大同日报."""
    return _bundled("corpus")


def resources_dir() -> Path:
    """Icons, stylesheets, article CSS and translations."""
    return _bundled("resources")


def default_library_dir() -> Path:
    """Where Baoku keeps what it derives, unless ``--library`` or ``BAOKU_HOME`` says otherwise."""
    env = os.environ.get("BAOKU_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The user's cache directory for Baoku (jieba's dictionary cache lives here)."""
    env = os.environ.get("BAOKU_CACHE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
