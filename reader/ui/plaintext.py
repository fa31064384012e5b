"""Text from files, names and notes is shown as text, never as markup.

Qt guesses: a tooltip, a QLabel or a QMessageBox whose string *looks* like HTML
(``Qt.mightBeRichText``) is rendered as HTML, so a file named
``<h1 style="color:red">x.txt`` became a red heading. Labels and message boxes
take ``Qt.PlainText``; a tooltip has no such switch, so one that could be taken
for markup is handed over as HTML that says the text literally.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def tooltip(text: str) -> str:
    """``text`` as a tooltip that shows exactly ``text``.

    >>> tooltip("2022-01-11.txt")
    '2022-01-11.txt'
    """
    if "<" not in text:  # no tag, so Qt will not take it for markup (Qt::mightBeRichText)
        return text
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def message_box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None,
                *, informative: str = "", detailed: str = "") -> QMessageBox:
    """A message box showing every string as plain text (the informative text included)."""
    box = QMessageBox(icon, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    if detailed:
        box.setDetailedText(detailed)  # always plain in Qt
    plain_labels(box)
    return box


def plain_labels(box: QMessageBox) -> None:
    """Every label in ``box`` plain text: QMessageBox applies setTextFormat to its main text only."""
    from PySide6.QtWidgets import QLabel

    for label in box.findChildren(QLabel):
        if label.objectName() in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
            label.setTextFormat(Qt.TextFormat.PlainText)
