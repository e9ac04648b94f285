"""Per-user preferences of the desktop application, kept by QSettings.

Every preference is declared once below (its key, its type through its getter, its default) and
the file carries ``SETTINGS_VERSION``; :meth:`Preferences.migrate` upgrades files written by older
versions. Window geometry lives in its own group: it is not a preference, so it is never migrated
and may be thrown away without losing anything the user chose.

The settings file is user-editable and may be damaged, copied between machines or written by
another version, so every read checks the stored type and falls back to the default: a bad
settings file must never stop the program from starting.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PySide6.QtCore import QByteArray, QLocale, QSettings

from forms.i18n import LANGUAGES, normalise_language

ORGANISATION: Final = "PoA Report"
APPLICATION: Final = "poa-report"
SETTINGS_VERSION: Final = 1
MAX_RECENT: Final = 8

# The declaration of every stored key. Preferences are versioned; window state is not.
KEY_VERSION: Final = "meta/version"
KEY_LANGUAGE: Final = "preferences/language"
KEY_RECENT: Final = "preferences/recent_reports"
KEY_LAST: Final = "preferences/last_report"
WINDOW_GROUP: Final = "window_state"

# Upgrades from version N to N + 1, applied in order by ``migrate``. Version 1 is the first, so
# there is nothing to upgrade yet; a future rename adds ``1: _rename_something`` here.
MIGRATIONS: Final[dict[int, Callable[[QSettings], None]]] = {}


@dataclass(frozen=True)
class ReportRef:
    """Where a report lives: its database file and its id in that database."""

    db_path: Path
    report_id: int

    def to_json(self) -> dict[str, object]:
        return {"db": str(self.db_path), "id": self.report_id}

    @staticmethod
    def from_json(data: object) -> ReportRef | None:
        """The reference stored as ``data``, or None when it is not a valid one."""
        if not isinstance(data, dict):
            return None
        db, report_id = data.get("db"), data.get("id")
        # bool is an int subclass; a stored ``true`` is garbage, not report 1.
        if not isinstance(db, str) or not db or "\0" in db or isinstance(report_id, bool):
            return None
        if not isinstance(report_id, int) or report_id < 1:
            return None
        return ReportRef(Path(db), report_id)


def default_settings() -> QSettings:
    """The user's settings file.

    An INI file on every platform (not the Windows registry) so that support staff can find,
    read, back up or delete it like any other file.
    """
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def system_language() -> str:
    return normalise_language(QLocale.system().name())


def _normalise_path(path: Path | str) -> Path:
    # The same file reached through two spellings must count once in the recent list.
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):  # a symbolic link loop, an unreadable drive
        return Path(path).absolute()


class Preferences:
    """Typed access to the user's preferences; pass a QSettings to use another file (tests)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else default_settings()
        self.migrate()

    @property
    def settings(self) -> QSettings:
        return self._settings

    # Versioning

    def stored_version(self) -> int:
        """The version the file was written with; 0 for a new (or unreadable) file."""
        value = self._settings.value(KEY_VERSION)
        try:
            return int(str(value)) if value is not None else 0
        except ValueError:
            return 0

    def migrate(self) -> None:
        """Bring a file written by an older version up to ``SETTINGS_VERSION``.

        A file from a newer version is left as it is: the getters read what they understand and
        fall back to defaults for the rest, and the newer program still finds its own data.
        """
        version = self.stored_version()
        if version > SETTINGS_VERSION:
            return
        for step in range(max(version, 1), SETTINGS_VERSION):
            MIGRATIONS[step](self._settings)
        if version != SETTINGS_VERSION:
            self._settings.setValue(KEY_VERSION, SETTINGS_VERSION)

    def sync(self) -> None:
        self._settings.sync()

    # Interface language

    @property
    def language(self) -> str:
        """The interface language; the system's language until the user chooses one."""
        value = self._settings.value(KEY_LANGUAGE)
        return value if isinstance(value, str) and value in LANGUAGES else system_language()

    @language.setter
    def language(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported interface language {lang!r}")
        self._settings.setValue(KEY_LANGUAGE, lang)

    # Reports the user opened

    @property
    def recent_reports(self) -> list[ReportRef]:
        """Reports opened lately, most recent first."""
        value = self._settings.value(KEY_RECENT)
        try:
            # Stored as JSON text: one string reads back the same from every QSettings backend,
            # where lists of mixed types do not.
            items = json.loads(value) if isinstance(value, str) else []
        except (ValueError, RecursionError):
            items = []
        refs = [ReportRef.from_json(item) for item in items] if isinstance(items, list) else []
        return _unique(ref for ref in refs if ref is not None)[:MAX_RECENT]

    @recent_reports.setter
    def recent_reports(self, refs: Iterable[ReportRef]) -> None:
        clean = _unique(ReportRef(_normalise_path(ref.db_path), ref.report_id) for ref in refs)[
            :MAX_RECENT
        ]
        self._settings.setValue(KEY_RECENT, json.dumps([ref.to_json() for ref in clean]))

    def add_recent_report(self, db_path: Path | str, report_id: int) -> None:
        """Put a report first in the recent list (moving it up if it is already there)."""
        ref = ReportRef(_normalise_path(db_path), report_id)
        self.recent_reports = [ref, *self.recent_reports]

    def forget_report(self, db_path: Path | str, report_id: int) -> None:
        """Remove a report (deleted, or its database moved) from the recent list."""
        ref = ReportRef(_normalise_path(db_path), report_id)
        self.recent_reports = [item for item in self.recent_reports if item != ref]
        if self.last_report == ref:
            self._settings.remove(KEY_LAST)

    @property
    def last_report(self) -> ReportRef | None:
        """The report open when the program last closed, to reopen it at start-up."""
        value = self._settings.value(KEY_LAST)
        try:
            return ReportRef.from_json(json.loads(value)) if isinstance(value, str) else None
        except (ValueError, RecursionError):
            return None

    @last_report.setter
    def last_report(self, ref: ReportRef | None) -> None:
        if ref is None:
            self._settings.remove(KEY_LAST)
            return
        clean = ReportRef(_normalise_path(ref.db_path), ref.report_id)
        self._settings.setValue(KEY_LAST, json.dumps(clean.to_json()))

    def remember_report(self, db_path: Path | str, report_id: int) -> None:
        """Record that a report was opened: first in the recent list, and the last report."""
        self.add_recent_report(db_path, report_id)
        self.last_report = ReportRef(Path(db_path), report_id)

    # Window state: kept apart from preferences

    def save_window(self, name: str, geometry: QByteArray, state: QByteArray) -> None:
        """Store a window's ``saveGeometry()`` and ``saveState()`` (empty for a dialog)."""
        self._settings.setValue(f"{WINDOW_GROUP}/{name}/geometry", geometry)
        self._settings.setValue(f"{WINDOW_GROUP}/{name}/state", state)

    def restore_window(self, name: str) -> tuple[QByteArray, QByteArray] | None:
        """The stored (geometry, state) of a window, or None when there is none usable."""
        geometry = self._settings.value(f"{WINDOW_GROUP}/{name}/geometry")
        state = self._settings.value(f"{WINDOW_GROUP}/{name}/state")
        if not isinstance(geometry, QByteArray) or geometry.isEmpty():
            return None
        return geometry, state if isinstance(state, QByteArray) else QByteArray()

    def forget_windows(self) -> None:
        """Drop every window's stored geometry (a "reset layout"); preferences stay."""
        self._settings.remove(WINDOW_GROUP)


def _unique(refs: Iterable[ReportRef]) -> list[ReportRef]:
    seen: set[ReportRef] = set()
    result: list[ReportRef] = []
    for ref in refs:
        if ref not in seen:
            seen.add(ref)
            result.append(ref)
    return result
