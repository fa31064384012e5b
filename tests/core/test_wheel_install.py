"""The built wheel, installed into a fresh virtual environment outside the repository, is a
working ``baoku``: version, resources, translations and the bundled corpus inside the package
(issue 13 item 11).

Kept fast and offline: the wheel is built from a copy of the sources without build isolation
(the project's setuptools), and installed with ``--no-deps`` into a venv that borrows the
project's already-installed dependencies through a path file.
"""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "reader", "corpus", "resources")


def _run(*cmd: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, timeout=600, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("setuptools", minversion="77")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(path, src / name)
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                 "-w", tmp / "dist", src, cwd=tmp)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("baoku-*.whl")
    env = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    target = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp)
    purelib = Path(target.stdout.strip())
    # the dependencies (PySide6, jieba, whoosh, platformdirs) from the project's environment
    deps = [p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if Path(p).is_dir()]
    (purelib / "project-deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    done = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel, cwd=tmp)
    assert done.returncode == 0, done.stderr
    return env


def test_the_installed_baoku_reports_its_version(installed: Path, tmp_path: Path) -> None:
    from reader import __version__

    result = _run(installed / "bin" / "baoku", "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"baoku {__version__}"


def test_the_installed_baoku_finds_its_files_inside_the_package(installed: Path, tmp_path: Path) -> None:
    code = (
        "import json, reader, reader.paths as p, reader.messages as m\n"
        "print(json.dumps({'package': reader.__file__, 'corpus': str(p.corpus_dir()),\n"
        "  'resources': str(p.resources_dir()), 'zh': len(m.load_catalog('zh_CN')),\n"
        "  'themes': (p.resources_dir() / 'style' / 'themes.json').is_file(),\n"
        "  'icon': (p.resources_dir() / 'icons' / 'baoku.svg').is_file()}))\n"
    )
    result = _run(installed / "bin" / "python", "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    for key in ("package", "corpus", "resources"):
        assert str(installed) in found[key], found  # not the clone
    assert found["zh"] > 100 and found["themes"] and found["icon"]


def test_the_installed_baoku_imports_its_bundled_corpus(installed: Path, tmp_path: Path) -> None:
    baoku = installed / "bin" / "baoku"
    corpus = _run(installed / "bin" / "python", "-c", "import reader.paths as p; print(p.corpus_dir())",
                  cwd=tmp_path).stdout.strip()
    result = _run(baoku, "--library", tmp_path / "lib", "import", corpus, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert sum(f["status"] == "imported" for f in report["files"]) == 5
    listed = _run(baoku, "issues", "--library", tmp_path / "lib", "--json", cwd=tmp_path)
    assert len(json.loads(listed.stdout)) == 5
