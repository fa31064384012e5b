"""The status-bar widget for a background job: what it is doing, a progress bar, Cancel.

It polls the job's :class:`~reader.jobs.Progress` from a timer and repaints only
when the snapshot changed; it never hears from the worker thread directly.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from reader.jobs import Snapshot
from reader.ui.worker import BackgroundJob

POLL_MS = 100


class JobStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText(self.tr("Cancel"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(8)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._job: BackgroundJob | None = None
        self._last: Snapshot | None = None
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self.cancel_button.clicked.connect(self.cancel)
        self.hide()

    def phase_text(self, phase: str) -> str:
        names = {
            "scan": self.tr("Looking for issues"),
            "parse": self.tr("Importing"),
            "index": self.tr("Indexing"),
            "catalogue": self.tr("Cataloguing (related reports, bylines)"),
            "load": self.tr("Loading"),
            "update": self.tr("Re-reading issues with this version"),
        }
        return names.get(phase, phase)

    def track(self, job: BackgroundJob) -> None:
        self._job = job
        self._last = None
        self.label.setText(job.title)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()
        self._timer.start()
        job.finished.connect(self._job_finished)

    @property
    def job(self) -> BackgroundJob | None:
        return self._job

    def poll(self) -> None:
        if self._job is None:
            return
        snap = self._job.progress.snapshot()
        if snap == self._last:
            return
        self._last = snap
        if snap.total > 0:
            self.bar.setRange(0, snap.total)
            self.bar.setValue(min(snap.done, snap.total))
        else:
            self.bar.setRange(0, 0)
        text = self._job.title
        if snap.phase:
            text = f"{self.phase_text(snap.phase)}"
            if snap.total:
                text += f" {snap.done}/{snap.total}"
        self.label.setText(text)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))

    def _job_finished(self) -> None:
        self._timer.stop()
        self._job = None
        self.hide()
