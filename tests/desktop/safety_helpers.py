"""Shared by the safety tests of issue 8: answering message boxes, and screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

SCREENS = Path("/tmp/screens")


def answer_boxes(monkeypatch: pytest.MonkeyPatch, role: QMessageBox.ButtonRole) -> list[str]:
    """Every QMessageBox shown with ``exec()`` is answered with its button of ``role``; the texts
    of the boxes are returned (the list fills as they are shown)."""
    seen: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append(box.text())
        for button in box.buttons():
            if box.buttonRole(button) == role:
                button.click()  # the box's own wiring records it as the clicked button
                break
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return seen


def record_static(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Replace ``QMessageBox.<name>`` (warning, critical…) with a recorder of its text."""
    seen: list[str] = []

    def fake(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, name, staticmethod(fake))
    return seen


def screenshot(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"safety_{name}.png"
    assert widget.grab().save(str(path))
    return path
