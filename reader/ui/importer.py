"""Imports from the GUI: one background job at a time, its progress in the status bar,
and the report (imported, unchanged, skipped and why) at the end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.models import ImportReport
from reader.ui import plaintext as plain
from reader.ui.i18n import core_text
from reader.ui.job_status import JobStatus
from reader.ui.worker import BackgroundJob, import_job

REPORT_LINES = 12


class Importer(QObject):
    """``finished(report, note)`` when a job ends (also after a cancel); ``failed(message)``."""

    finished = Signal(object, str)
    failed = Signal(str)

    def __init__(self, root: Path, status: JobStatus, window: QWidget) -> None:
        super().__init__(window)
        self.root = root
        self.status = status
        self.window = window
        self.job: BackgroundJob | None = None
        self.report_box: QMessageBox | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, paths: list[Path], title: str) -> bool:
        """Import ``paths`` in the background; False if an import is already running."""
        if self.job is not None:
            return False
        job = BackgroundJob(import_job(self.root, paths), title, self)
        job.succeeded.connect(lambda result: self.finished.emit(*result))
        job.failed.connect(self.failed)
        job.finished.connect(self._job_finished)
        self.job = job
        self.status.track(job)
        job.start()
        return True

    def stop(self) -> None:
        """Cancel a running import and wait for its thread (on close)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    def _job_finished(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    def summary(self, report: ImportReport) -> str:
        text = self.tr("Files: {imported} imported, {updated} updated, {unchanged} unchanged, {skipped} skipped; {articles} articles stored").format(
            imported=report.count("imported"), updated=report.count("updated"),
            unchanged=report.count("unchanged") + report.count("duplicate") + report.count("moved"),
            skipped=report.count("skipped"), articles=report.to_json()["articles"])
        if report.cancelled:
            text = self.tr("Import cancelled.") + " " + text
        return text

    def show_report(self, report: ImportReport, note: str = "") -> QMessageBox:
        """The end-of-import report (non-blocking): counts, then each skipped file and why."""
        lines = []
        for f in report.files:
            if f.status == "skipped":
                lines.append(self.tr("Skipped {path}: {reason}").format(path=f.path, reason=core_text(f.reason)))
            elif f.status == "duplicate":
                lines.append(self.tr("Duplicate {path}: {reason}").format(path=f.path, reason=core_text(f.reason)))
        if note:
            lines.append(core_text(note))
        more = "\n…" if len(lines) > REPORT_LINES else ""
        box = plain.message_box(  # file names are text, whatever they look like
            QMessageBox.Icon.Information, self.tr("Import finished"), self.summary(report), self.window,
            informative="\n".join(lines[:REPORT_LINES]) + more if lines else "",
            detailed="\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_box = box
        box.open()
        return box

    def show_error(self, message: str) -> QMessageBox:
        box = plain.message_box(QMessageBox.Icon.Warning, self.tr("Import"), core_text(message), self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_box = box
        box.open()
        return box
