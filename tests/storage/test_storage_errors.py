"""Error messages exist in every language with the same placeholders, and render."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from forms.i18n import LANGUAGES, LOCALE_DIR
from storage import (
    AttachmentNotFoundError,
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseLocationError,
    DatabaseWriteError,
    DuplicateReportError,
    EncryptionUnavailableError,
    NotEncryptedError,
    NotOurDatabaseError,
    PassphraseRequiredError,
    ReportNotFoundError,
    SchemaTooNewError,
    StorageError,
    WrongPassphraseError,
)

MAIN = Path(__file__).resolve().parents[2]
PATH = Path("/data/reports.sqlite")
ERRORS: list[StorageError] = [
    DatabaseLocationError(PATH, "missing_directory"),
    DatabaseLocationError(PATH, "is_directory"),
    DatabaseLocationError(PATH, "cannot_create"),
    DatabaseLocationError(PATH, "no_wal"),
    NotOurDatabaseError(PATH),
    SchemaTooNewError(PATH, 3, 1),
    DatabaseDamagedError(PATH, ["*** in database main ***"]),
    DatabaseBusyError(PATH),
    DatabaseWriteError(PATH, "disk full"),
    ReportNotFoundError(7),
    DuplicateReportError("FRA", 2024),
    AttachmentNotFoundError(9),
    WrongPassphraseError(PATH),
    PassphraseRequiredError(PATH),
    NotEncryptedError(PATH),
    EncryptionUnavailableError(),
]


def load(lang: str) -> dict[str, str]:
    data = json.loads((LOCALE_DIR / f"storage.{lang}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.message_id)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_error_renders(error: StorageError, lang: str) -> None:
    text = error.message(lang)
    assert text != error.message_id
    assert "{" not in text and "}" not in text
    assert error.message_id in load(lang)


def test_french_message() -> None:
    error = SchemaTooNewError(PATH, 3, 1)
    assert error.message("fr") == (
        f"La base de données {PATH} a été enregistrée par une version plus récente de ce "
        "programme (version de schéma 3\u202f; cette version prend en charge au plus la version"
        " 1). Elle n’a pas été modifiée\u202f; installez la version plus récente pour l’ouvrir."
    )
    assert str(DuplicateReportError("FRA", 2024)) == (
        "A report for FRA for the 2024 cycle already exists."
    )
    assert DuplicateReportError("FRA", 2024).message("fr_CA") == (
        "Un rapport pour FRA pour le cycle 2024 existe déjà."
    )


def test_storage_never_imports_qt_desktop_or_reporting() -> None:
    code = (
        "import sys, storage, storage.database\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'PySide6', 'desktop', 'reporting'})\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=MAIN, timeout=60)
