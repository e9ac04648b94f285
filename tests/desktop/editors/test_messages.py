"""The editors' messages exist in both languages, and every message the code asks for exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

from forms.i18n import LOCALE_DIR, placeholders
from forms.model import CONTACT_FIELDS

EDITORS_DIR = Path(__file__).resolve().parents[3] / "desktop" / "editors"


def messages(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / f"desktop_editors.{lang}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_both_languages_have_the_same_messages_and_placeholders() -> None:
    english, french = messages("en"), messages("fr")

    assert english.keys() == french.keys()
    for key, text in french.items():
        assert placeholders(text) == placeholders(english[key]), key


def test_every_message_used_by_an_editor_exists() -> None:
    english = messages("en")
    used: set[str] = set()
    for path in EDITORS_DIR.glob("*.py"):
        used |= set(re.findall(r'"(editor\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    contact = {f"editor.contact.{field}" for field in CONTACT_FIELDS}  # built from the field

    assert used
    assert used <= set(english)
    assert set(english) == used | contact  # and no message is left unused
