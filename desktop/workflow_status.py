"""How the desktop shows a section's review status (issue 7): words, colours, drawn icons.

The statuses and the rules of which may follow which belong to :mod:`reporting.workflow`; this
module only says how they look. Icons differ in shape as well as colour (a padlock, an arrow
forward, an arrow back), as the navigation's state icons do (:mod:`desktop.icons`).
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from desktop.icons import COMPLETE_COLOUR, ERROR_COLOUR, PROGRESS_COLOUR
from desktop.language import local_time
from forms.i18n import tr
from reporting import workflow
from reporting.workflow import SectionStatus

MUTED: Final = "#5f6368"
COLOURS: Final = {
    "not_started": MUTED,
    "draft": MUTED,
    "ready": PROGRESS_COLOUR,
    "approved": COMPLETE_COLOUR,
    "returned": ERROR_COLOUR,
}
# Light backgrounds of the section page's banner, one per status.
TINTS: Final = {
    "not_started": "#f5f5f5",
    "draft": "#f5f5f5",
    "ready": "#e8f1fa",
    "approved": "#e9f4ea",
    "returned": "#fcebea",
}
# The statuses the navigation names beside a section; the others are the usual case.
NOTABLE: Final = ("ready", "approved", "returned")


def status_label(status: str, lang: str) -> str:
    """A status standing alone, as a label: "Ready for review" (the workflow's words start in
    lower case, to sit inside sentences)."""
    text = workflow.status_name(status, lang)
    return text[:1].upper() + text[1:]


def short_label(status: str, lang: str) -> str:
    """A notable status in a word or two, for the navigation's narrow column."""
    return tr(f"desktop_workflow.short.{status}", lang)


def who_and_when(status: SectionStatus, lang: str) -> dict[str, str]:
    """The ``who`` and ``when`` of a message about the last change of status."""
    when = local_time(status.changed_at, lang) if status.changed_at else ""
    return {"who": status.changed_by or "", "when": when}


def status_summary(status: SectionStatus, owner: str | None, lang: str) -> str:
    """Status, who changed it and when, the ministry and the comment: tooltips, screen readers."""
    label = status_label(status.status, lang)
    lines = [tr("desktop_workflow.tooltip.status", lang, status=label)]
    if status.changed_at and status.status != "not_started":
        lines.append(tr("desktop_workflow.tooltip.changed", lang, **who_and_when(status, lang)))
    if owner:
        lines.append(tr("desktop_workflow.banner.owner", lang, ministry=owner))
    if status.comment:
        lines.append(tr("desktop_workflow.tooltip.comment", lang, comment=status.comment))
    return "\n".join(lines)


def status_icon(status: str) -> QIcon:
    """A padlock (approved), an arrow forward (ready), an arrow back (returned), else a ring."""
    scale = 2  # drawn at twice the size so it stays sharp on high-density screens
    pixmap = QPixmap(16 * scale, 16 * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(COLOURS.get(status, MUTED))
    white = QPen(QColor("white"), 1.8)
    white.setCapStyle(Qt.PenCapStyle.RoundCap)
    white.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if status == "approved":
        painter.setPen(QPen(colour, 1.8))
        painter.drawArc(QRectF(4.5, 1.5, 7, 8), 0, 180 * 16)  # the shackle
        painter.drawLine(QPointF(4.5, 5.5), QPointF(4.5, 7.5))
        painter.drawLine(QPointF(11.5, 5.5), QPointF(11.5, 7.5))
        body = QPainterPath()
        body.addRoundedRect(QRectF(2.5, 7, 11, 8), 1.5, 1.5)
        painter.fillPath(body, colour)
        painter.setPen(white)
        painter.drawPoint(QPointF(8, 11))
    elif status in ("ready", "returned"):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(1.5, 1.5, 13, 13))
        painter.setPen(white)
        direction = 1 if status == "ready" else -1
        tip, tail = 8 + 3.2 * direction, 8 - 3.2 * direction
        painter.drawLine(QPointF(tail, 8), QPointF(tip, 8))
        back = tip - 2.6 * direction
        painter.drawPolyline([QPointF(back, 5.4), QPointF(tip, 8), QPointF(back, 10.6)])
    else:
        painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DotLine))
        painter.drawEllipse(QRectF(2, 2, 12, 12))
    painter.end()
    return QIcon(pixmap)
