"""Start the desktop app: QApplication, language, theme, font check, the window, and the
screenshot mode used for docs and checks.

Screenshot mode waits on signals, never on a clock: the window's ``loaded``
(first-run import and search warm-up done), then the search's answer, then the
first result opened; only then is the window rendered to the PNG.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.errors import BaokuError, LibraryDamagedError
from reader.library import Library
from reader.paths import corpus_dir
from reader.store import SCHEMA_VERSION
from reader.ui import plaintext as plain
from reader.ui.i18n import CatalogTranslator, choose_language
from reader.ui.mainwindow import TAB_BOOKMARKS, TAB_ISSUES, TAB_SEARCH, MainWindow
from reader.ui.resources import icon_path
from reader.ui.search_service import SearchService
from reader.ui.settings import Settings
from reader.ui.style import apply_app_theme, chinese_families, load_theme, sans_family

if TYPE_CHECKING:
    from reader.bookmarks import Bookmarks

SCREENSHOT_TIMEOUT_MS = 180_000
PANELS = {"issues": TAB_ISSUES, "search": TAB_SEARCH, "bookmarks": TAB_BOOKMARKS}
CJK_FONT_PACKAGE = "fonts-noto-cjk"
SWITCH_INTERVAL_S = 0.001  # Python's default is 5 ms
LARGE_LIBRARY_DB = 256 * 1024 * 1024  # bytes; above this a reading Store checks tables, not pages


@dataclass
class Options:
    library: Path
    screenshot: Path | None = None
    search: str | None = None
    open_first: bool = False
    theme: str | None = None
    panel: str | None = None
    size: tuple[int, int] = (1280, 800)
    settings_path: Path | None = None
    import_corpus: bool = True
    walk_issues: int = 0  # step through issues this many times, then quit (a check)
    import_paths: list[Path] = field(default_factory=list)  # dropped on the launcher: import them


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("baoku")
    QCoreApplication.setApplicationName("baoku")
    return QApplication(argv or [sys.argv[0]])


def install_language(app: QApplication, settings: Settings) -> list[QTranslator]:
    """Our catalog plus Qt's own translations (standard buttons, context menus) for the language."""
    language = choose_language(settings.language)
    translators: list[QTranslator] = [CatalogTranslator(language)]
    if language != "en":
        # qtbase_*: the standard buttons (OK, Cancel, Show Details…) and context menus (Copy,
        # Select All). qt_zh_CN is only a meta-catalog naming modules PySide6 may not ship.
        for catalog in (f"qtbase_{language}", f"qt_{language}"):
            qt_own = QTranslator()
            if qt_own.load(catalog, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                translators.append(qt_own)
                break
    for t in translators:
        app.installTranslator(t)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if language == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return translators


def missing_font_message() -> str:
    return QCoreApplication.translate(
        "app",
        "No Chinese font is installed, so Chinese text would show as empty boxes.\n\nInstall one and restart Baoku, for example on Debian or Ubuntu:\n    sudo apt install {package}",
    ).format(package=CJK_FONT_PACKAGE)


def check_fonts(parent: QObject | None, *, interactive: bool) -> bool:
    """True if a Chinese font is installed; else say so once (a dialog, or stderr when not interactive)."""
    if chinese_families():
        return True
    message = missing_font_message()
    if interactive:
        QMessageBox.warning(None, QCoreApplication.translate("app", "Chinese font missing"), message)
    else:
        print(f"baoku: {message}", file=sys.stderr)
    return False


def _open_bookmarks(library: Library) -> tuple[Bookmarks | None, str]:
    """The library's bookmarks, or None and why (the panel is then disabled) if they cannot be opened."""
    from reader.bookmarks import Bookmarks

    try:
        return Bookmarks.for_library(library), ""
    except BaokuError as exc:
        print(f"baoku: bookmarks are not available: {exc}", file=sys.stderr)
        return None, str(exc)


def damaged_library_message(exc: LibraryDamagedError) -> str:
    return QCoreApplication.translate(
        "app",
        "The library database {path} is damaged ({what}).\n\nBaoku has not changed anything. To rebuild it from the source files, close Baoku and run:\n    {command}\nThe damaged file is kept beside the new one.",
    ).format(path=exc.path, what=exc.what, command=exc.command)


def _open_for_reading(path: Path) -> Library:
    """The window's library. The window only reads it (imports write through their own
    connection, on their thread), so a large library of this version is opened read-only: a
    writer checks every page of library.db first, seconds for a GB, before the first issue
    could show (a reader checks the tables, and the pages of a small library as a writer does).
    A new library, a small one, or one an older version made, is opened to be written."""
    db = path / "library.db"
    if db.is_file() and db.stat().st_size > LARGE_LIBRARY_DB:
        library = Library(path, readonly=True)
        if library.store.meta("schema") == str(SCHEMA_VERSION):
            return library
        library.close()
    return Library(path)


def _open_library(path: Path, *, interactive: bool) -> Library | None:
    """The library, or None after saying why not (a dialog, or stderr when not interactive).

    A damaged library.db stops here, before the window could import the bundled issues
    into it, update the index from it, or reconcile bookmarks with it.
    """
    try:
        return _open_for_reading(path)
    except LibraryDamagedError as exc:
        message = damaged_library_message(exc)
    except BaokuError as exc:
        message = str(exc)
    if interactive:
        plain.message_box(QMessageBox.Icon.Critical,
                          QCoreApplication.translate("app", "Baoku cannot open the library"), message).exec()
    else:
        print(f"baoku: {message}", file=sys.stderr)
    return None


def run(options: Options) -> int:
    """Run the app until the window closes (or, in screenshot mode, until the PNG is written)."""
    app = make_app()
    # The search thread's Python work (related reports, snippets) and the window take turns
    # on the interpreter: a shorter turn keeps the window's repaints from queueing behind it.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    shooting = options.screenshot is not None
    settings = Settings(options.settings_path, readonly=shooting)
    translators = install_language(app, settings)  # noqa: F841 - must outlive the window
    if options.theme:
        settings.theme = options.theme
    theme = load_theme(options.theme or settings.theme)
    apply_app_theme(app, theme)
    ui_font = QFont(sans_family())
    ui_font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(ui_font)
    app.setWindowIcon(QIcon(str(icon_path("baoku"))))
    check_fonts(None, interactive=not shooting)

    library = _open_library(options.library, interactive=not shooting and not options.walk_issues)
    if library is None:
        return 1
    bookmarks, bookmarks_problem = _open_bookmarks(library)
    search = SearchService(library.root)
    window = MainWindow(
        library, settings, search, bookmarks,
        first_run_corpus=corpus_dir() if options.import_corpus else None,
    )
    if bookmarks_problem:
        off = QCoreApplication.translate("app", "Bookmarks are off: {reason}").format(reason=bookmarks_problem)
        window.tabs.setTabToolTip(TAB_BOOKMARKS, plain.tooltip(off))
        window.statusBar().showMessage(off)
    if options.theme:
        window.set_theme(options.theme)
    if shooting:
        window.resize(*options.size)
        shooter = Screenshotter(window, options)
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, shooter.give_up)
    walker = None
    if options.walk_issues > 0:
        from reader.ui.walk import IssueWalker

        walker = IssueWalker(window, options.walk_issues)
    window.show()
    window.start()
    if options.import_paths and not shooting:
        window.import_when_loaded(options.import_paths)
    code = app.exec()
    if shooting:
        code = shooter.code
    if walker is not None:
        code = code or walker.code
    if bookmarks is not None:
        bookmarks.close()
    library.close()
    return code


class Screenshotter(QObject):
    """Drives screenshot mode: loaded → (search → results → open first) → PNG → quit."""

    def __init__(self, window: MainWindow, options: Options) -> None:
        super().__init__(window)
        self.window = window
        self.options = options
        self.code = 1
        window.loaded.connect(self._loaded, Qt.ConnectionType.QueuedConnection)

    def _loaded(self) -> None:
        if self.options.search:
            self.window.searchShown.connect(self._searched, Qt.ConnectionType.QueuedConnection)
            self.window.tabs.setCurrentIndex(TAB_SEARCH)
            self.window.search_panel.set_query(self.options.search)
            self.window.search_panel.run()
            return
        if self.options.panel:
            self.window.tabs.setCurrentIndex(PANELS[self.options.panel])
        if self.options.panel == "bookmarks":
            self._open_first_bookmark()
        self._shoot()

    def _open_first_bookmark(self) -> None:
        """Show the panel in use: the first bookmark selected and open."""
        panel = self.window.bookmarks_panel
        if panel.model.rowCount():
            panel.view.setCurrentIndex(panel.model.index(0, 0))
            panel.open_button.click()

    def _searched(self, _count: int) -> None:
        self.window.searchShown.disconnect(self._searched)
        if self.options.open_first:
            self.window.search_panel.open_first()
        if self.options.panel:
            self.window.tabs.setCurrentIndex(PANELS[self.options.panel])
        self._shoot()

    def _shoot(self) -> None:
        research = self.window.research
        if research.busy:  # the timeline and related reports belong in the picture
            research.idle.connect(self._shoot, Qt.ConnectionType.SingleShotConnection)
            return
        assert self.options.screenshot is not None
        path = self.options.screenshot
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = self.window.grab().save(str(path), "PNG")
        if not ok:
            print(f"baoku: cannot write the screenshot {path}", file=sys.stderr)
        self.code = 0 if ok else 1
        self.window.close()

    def give_up(self) -> None:
        print("baoku: the window did not finish loading in time; no screenshot", file=sys.stderr)
        self.code = 1
        self.window.close()
