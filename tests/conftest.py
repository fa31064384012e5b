"""Shared fixtures: the seed corpus, and a library built from it in a temporary directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"

# jieba's dictionary cache and platform dirs must never touch the real home during tests.
os.environ.setdefault("BAOKU_CACHE", str(ROOT / ".pytest_cache" / "baoku-cache"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def seed_library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with the five seed issues imported and indexed once per session (read-only use)."""
    from reader.index import sync_index
    from reader.library import Library

    root = tmp_path_factory.mktemp("seedlib")
    with Library(root) as lib:
        report = lib.import_paths([CORPUS])
        sync_index(lib)
    assert report.count("imported") == 5
    return root


@pytest.fixture
def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    from reader.library import Library

    lib = Library(tmp_path / "lib")
    yield lib
    lib.close()
