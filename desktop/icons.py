"""Section state icons, drawn rather than taken from a theme or a font.

Drawn icons look the same on every platform, and each state differs in shape as well as colour
(outline, half disc, check mark, exclamation mark, circular arrow), so colour-blind users can tell
them apart. Not cached in the module: a pixmap must not outlive the QApplication.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from desktop.session import SectionState

ERROR_COLOUR: Final = "#b3261e"
WARNING_COLOUR: Final = "#8a5a00"  # a dark amber: pure amber is unreadable on white
CARRIED_COLOUR: Final = "#6a3fa0"
PROGRESS_COLOUR: Final = "#1f6fb2"
COMPLETE_COLOUR: Final = "#2e7d32"


def state_icon(state: SectionState) -> QIcon:
    scale = 2  # drawn at twice the size so it stays sharp on high-density screens
    pixmap = QPixmap(16 * scale, 16 * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    circle = QRectF(1.5, 1.5, 13, 13)
    white = QPen(QColor("white"), 2)
    white.setCapStyle(Qt.PenCapStyle.RoundCap)
    if state is SectionState.EMPTY:
        painter.setPen(QPen(QColor("#8a8a8a"), 1.5))
        painter.drawEllipse(circle)
    elif state is SectionState.IN_PROGRESS:
        blue = QColor(PROGRESS_COLOUR)
        painter.setPen(QPen(blue, 1.5))
        painter.drawEllipse(circle)
        half = QPainterPath()
        half.moveTo(circle.center())
        half.arcTo(circle, 90, 180)
        painter.fillPath(half, blue)
    elif state is SectionState.COMPLETE:
        _disc(painter, circle, COMPLETE_COLOUR)
        painter.setPen(white)
        painter.drawPolyline([QPointF(4.8, 8.2), QPointF(7, 10.4), QPointF(11.2, 5.8)])
    elif state is SectionState.CARRIED:
        _disc(painter, circle, CARRIED_COLOUR)
        painter.setPen(white)
        arc = QRectF(4.5, 4.5, 7, 7)
        painter.drawArc(arc, 30 * 16, 270 * 16)  # an open circular arrow: "to confirm"
        painter.drawPolyline([QPointF(10.2, 3.6), QPointF(11.2, 5.9), QPointF(8.8, 6.4)])
    else:
        _disc(painter, circle, ERROR_COLOUR)
        painter.setPen(white)
        painter.drawLine(QPointF(8, 4.5), QPointF(8, 8.8))
        painter.drawPoint(QPointF(8, 11.4))
    painter.end()
    return QIcon(pixmap)


def _disc(painter: QPainter, circle: QRectF, colour: str) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(circle)
