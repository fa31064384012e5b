"""``baoku gui``: the desktop app (also what ``baoku`` with no command runs).

PySide6 is imported only inside :func:`run`, so the rest of the CLI stays Qt-free.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.common import library_dir


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    return w, h


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", help="open the desktop app (the default with no command)")
    p.add_argument("--screenshot", metavar="OUT.png", type=Path,
                   help="render the loaded main window to a PNG and exit")
    p.add_argument("--search", metavar="QUERY", help="run this search once loaded")
    p.add_argument("--open-first", action="store_true", help="open the first search result")
    p.add_argument("--theme", choices=("light", "sepia", "dark"), help="use this theme (and remember it)")
    p.add_argument("--panel", choices=("issues", "search", "bookmarks"),
                   help="screenshot mode: show this side panel")
    p.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH",
                   help="screenshot mode: window size (default 1280x800)")
    p.add_argument("--settings", metavar="FILE", type=Path,
                   help="read (and save) the GUI settings in this ini file")
    # A check, not a feature (the regression test for the PySide6 6.12.0 abort): step through
    # issues N times once loaded, then quit.
    p.add_argument("--walk-issues", metavar="N", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--import", dest="import_paths", nargs="+", type=Path, default=[], metavar="PATH",
                   help="import these files or folders once the window is open")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.ui.app import Options
    from reader.ui.app import run as run_app

    options = Options(
        library=library_dir(args),
        screenshot=args.screenshot,
        search=args.search,
        open_first=args.open_first,
        theme=args.theme,
        panel=args.panel,
        size=args.size,
        settings_path=args.settings,
        walk_issues=args.walk_issues,
        import_paths=list(args.import_paths),
    )
    return run_app(options)
