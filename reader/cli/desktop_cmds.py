"""``baoku install-desktop [--uninstall]``: Baoku in the desktop's menu, with its icon."""

from __future__ import annotations

import argparse

from reader.cli.common import add_json_flag, print_json
from reader.messages import cli_text as _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("install-desktop",
                       help="add Baoku to the desktop's menu (a .desktop entry and icons)")
    p.add_argument("--uninstall", action="store_true", help="remove what install-desktop added")
    add_json_flag(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader import desktop
    from reader.paths import resources_dir

    if args.uninstall:
        done = desktop.uninstall()
        paths = done.removed
    else:
        render: desktop.RenderPng | None
        try:  # Qt draws the PNG sizes; only the Qt layer imports it
            from reader.ui.icon_render import render_png as render
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
