"""Tiny constructors shared by the panes (a named widget for the stylesheet, a text tool button)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QToolButton, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """``widget`` with its objectName set, so app.qss can style it (#error, #muted, ...)."""
    widget.setObjectName(name)
    return widget


def tool_button(text: str, tooltip: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    if tooltip:
        button.setToolTip(tooltip)
    return button
