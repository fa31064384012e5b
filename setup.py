"""Baoku's build. Everything is declared in pyproject.toml but one step: the wheel carries
the bundled issues (``corpus/``) and the GUI's plain-file resources (``resources/``), kept
at the top of a clone, inside the package as ``reader/corpus`` and ``reader/resources``,
where :mod:`reader.paths` finds them once installed (pip, pipx)."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("corpus", "resources")


class BuildWithBundledData(build_py):
    """``build_py``, then a copy of corpus/ and resources/ into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the clone
        for name in BUNDLED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, Path(self.build_lib) / "reader" / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithBundledData})
