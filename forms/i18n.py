"""Translatable messages for everything outside Qt.

Messages live as data in ``forms/locale/<namespace>.<lang>.json`` (one file per
package and language, so packages never edit each other's files). Each message
uses named ``{placeholders}``; a test checks that every language has the same
messages with the same placeholders.
"""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path
from typing import Any, Final

LANGUAGES: Final = ("en", "fr")
DEFAULT_LANGUAGE: Final = "en"
LOCALE_DIR: Final = Path(__file__).with_name("locale")


class MessageCatalogueError(RuntimeError):
    """A locale file is malformed: a packaging bug, never user input."""


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, merged from every namespace file."""
    if lang not in LANGUAGES:
        raise MessageCatalogueError(f"unsupported language {lang!r}")
    merged: dict[str, str] = {}
    for path in sorted(LOCALE_DIR.glob(f"*.{lang}.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise MessageCatalogueError(f"{path.name}: expected an object")
        for key, text in data.items():
            if key in merged:
                raise MessageCatalogueError(f"{path.name}: message {key!r} defined twice")
            if not isinstance(text, str) or not text:
                raise MessageCatalogueError(f"{path.name}: message {key!r} is empty")
            merged[key] = text
    return merged


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in a message."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def normalise_language(lang: str | None) -> str:
    """Map a locale name such as ``fr_CA`` or ``FR`` to a supported language."""
    if not lang:
        return DEFAULT_LANGUAGE
    short = lang.replace("-", "_").split("_")[0].lower()
    return short if short in LANGUAGES else DEFAULT_LANGUAGE


def tr(message_id: str, lang: str, /, **params: Any) -> str:
    """The message ``message_id`` in ``lang``, with its placeholders filled in."""
    messages = catalogue(normalise_language(lang))
    text = messages.get(message_id)
    if text is None:
        # A missing id is a bug; show the id rather than nothing.
        return message_id
    # A nested error (the problem inside a table cell, say) reads in the same language.
    params = {
        name: value.message(lang) if isinstance(value, LocalizedError) else value
        for name, value in params.items()
    }
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


class LocalizedError(Exception):
    """An error meant for the user, renderable in any supported language."""

    def __init__(self, message_id: str, /, **params: Any) -> None:
        self.message_id = message_id
        self.params = params
        super().__init__(self.message(DEFAULT_LANGUAGE))

    def message(self, lang: str) -> str:
        return tr(self.message_id, lang, **self.params)


class Phrase(LocalizedError):
    """A text the program already holds in every language (a question's label), as a message
    parameter: it reads in the language of the message it is put in."""

    def __init__(self, texts: Any) -> None:
        self.texts = texts  # anything with .get(lang) -> str, such as forms.model.Text
        super().__init__("phrase")

    def message(self, lang: str) -> str:
        return str(self.texts.get(lang))
