"""``baoku install-desktop [--uninstall]``: Baoku in the desktop's menu, with its icon."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.common import add_json_flag, print_json
from reader.messages import cli_text as _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("install-desktop",
                       help="add Baoku to the desktop's menu (a .desktop entry and icons)")
    p.add_argument("--uninstall", action="store_true", help="remove what install-desktop added")
    add_json_flag(p)
    p.set_defaults(run=run)


def _render_png(svg: Path, size: int, out: Path) -> None:
    """The SVG icon drawn at ``size`` pixels (Qt imported here only)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(out)):  # PNG, from the suffix
        raise OSError(f"cannot write {out}")


def run(args: argparse.Namespace) -> int:
    from reader import desktop
    from reader.paths import resources_dir

    if args.uninstall:
        done = desktop.uninstall()
        paths = done.removed
    else:
        try:
            import PySide6.QtSvg  # noqa: F401

            render: desktop.RenderPng | None = _render_png
        except ImportError:
            render = None  # the scalable icon alone still works
        done = desktop.install(resources_dir() / "icons" / "baoku.svg", render)
        paths = done.written
    if args.json:
        print_json({"removed" if args.uninstall else "written": [str(p) for p in paths]})
    else:
        for p in paths:
            print(p)
        what = "Removed {count} files." if args.uninstall else "Wrote {count} files."
        print(_(what).format(count=len(paths)))
    return 0
