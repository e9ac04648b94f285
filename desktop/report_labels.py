"""How the desktop names reports, languages and times: shared by every screen that lists reports."""

from __future__ import annotations

import datetime as dt
from typing import Final

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtGui import QFont

from desktop.language import locale_for
from forms.countries import country_name
from forms.i18n import LANGUAGES, tr
from storage import ReportInfo

REPORT_ID_ROLE: Final = Qt.ItemDataRole.UserRole
SEARCH_ROLE: Final = Qt.ItemDataRole.UserRole + 1
# A language is offered under its own name, as language pickers do everywhere.
ENDONYMS: Final = {"en": "English", "fr": "Français"}
SEPARATOR: Final = " — "  # punctuation between the parts of a report's name, in any language


def language_name(code: str, lang: str) -> str:
    return tr(f"desktop_app.language.{code}", lang) if code in LANGUAGES else code


def report_title(info: ReportInfo, lang: str) -> str:
    """A report's name, as "Demoland (fictional State) · demo — 2024 — English"."""
    country = country_name(info.country, lang)
    if info.is_demo:
        country = tr("desktop_app.welcome.demo_marker", lang, country=country)
    return SEPARATOR.join((country, str(info.cycle), language_name(info.language, lang)))


def format_timestamp(iso: str, lang: str) -> str:
    """A stored UTC timestamp as local date and time, the way ``lang`` writes them."""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    when = QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )
    return locale_for(lang).toString(when, QLocale.FormatType.ShortFormat)


def plain(label: str) -> str:
    """A label without its mnemonic marker, for accessible names."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


def scaled_bold(base: QFont, factor: float) -> QFont:
    font = QFont(base)
    font.setBold(True)
    if factor != 1.0:
        font.setPointSizeF(max(base.pointSizeF(), 1.0) * factor)
    return font
