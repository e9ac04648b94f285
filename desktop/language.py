"""The interface language as Qt sees it: number and date formats, and Qt's own dialogs.

Our own strings come from ``forms.i18n.tr``; this module covers what Qt draws itself (the
buttons of message boxes and file dialogs, context menus of text fields) and how numbers and
dates look in widgets.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QTranslator

from forms.i18n import normalise_language

# The installed translator is a child of the application, found again by name on a switch: its
# lifetime is the application's, with no module-level state to reset between tests.
_TRANSLATOR_NAME: Final = "poa_report_qtbase"


def locale_for(lang: str) -> QLocale:
    """French (France), or English (United Kingdom): day-first dates, as UN offices write them."""
    if normalise_language(lang) == "fr":
        return QLocale(QLocale.Language.French, QLocale.Country.France)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def local_time(iso: str, lang: str) -> str:
    """A stored UTC timestamp as local date and time, in the interface language's format."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso  # an unreadable time is still better shown than hidden
    when = QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000))  # in local time
    return locale_for(lang).toString(when, QLocale.FormatType.ShortFormat)


def apply_language(app: QCoreApplication, lang: str) -> bool:
    """Switch Qt's locale and translations to ``lang``; whether Qt's translation loaded.

    Widgets created afterwards use the new locale; existing ones keep theirs, so call this
    before building windows (or rebuild them).
    """
    locale = locale_for(lang)
    QLocale.setDefault(locale)
    for previous in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(previous)
        # Unparented, the Python wrapper owns it again and frees it when this loop drops it.
        previous.setParent(None)
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(locale, "qtbase", "_", directory):
        # A bundle without Qt's translations: Qt's dialogs stay in English, which still works.
        translator.setParent(None)
        return False
    return app.installTranslator(translator)
