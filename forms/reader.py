"""Typed, located reading of plain data (parsed YAML) for the strict loader.

Every accessor takes the value and its key path, and raises :class:`TemplateError` naming the file,
the path and the problem, so a broken definition is fixed in one look.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from forms.model import Text


class TemplateError(ValueError):
    """A template definition is invalid. ``str()`` names the file, the key path and the problem."""

    def __init__(self, source: str, path: str, problem: str) -> None:
        self.source = source
        self.path = path
        self.problem = problem
        super().__init__(f"{source}: {path}: {problem}")


class Reader:
    def __init__(self, source: str, languages: Sequence[str] = ("en", "fr")) -> None:
        self.source = source
        self.languages = tuple(languages)

    def fail(self, path: str, problem: str) -> NoReturn:
        raise TemplateError(self.source, path or "(top level)", problem)

    def mapping(
        self,
        value: Any,
        path: str,
        *,
        required: Sequence[str] = (),
        optional: Sequence[str] = (),
    ) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(path, f"expected a mapping, found {type(value).__name__}")
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.fail(join(path, str(key)), f"unknown key {key!r}")
        for key in required:
            if key not in value:
                self.fail(path, f"missing key {key!r}")
        return dict(value)

    def sequence(self, value: Any, path: str, *, non_empty: bool = False) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, found {type(value).__name__}")
        if non_empty and not value:
            self.fail(path, "the list is empty")
        return value

    def string(self, value: Any, path: str, *, pattern: str | None = None) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, "expected a non-empty string")
        if pattern is not None and not re.fullmatch(pattern, value):
            self.fail(path, f"{value!r} does not match {pattern}")
        return value

    def integer(self, value: Any, path: str, *, minimum: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"expected an integer, found {value!r}")
        if minimum is not None and value < minimum:
            self.fail(path, f"must be at least {minimum}")
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, found {value!r}")
        return value

    def text(self, value: Any, path: str) -> Text:
        """A translatable text: exactly one non-empty string per language."""
        if not isinstance(value, Mapping):
            self.fail(path, "expected a translated text such as {en: ..., fr: ...}")
        for lang in self.languages:
            if lang not in value:
                self.fail(path, f"missing translation {lang!r}")
            if not isinstance(value[lang], str) or not value[lang].strip():
                self.fail(join(path, lang), "the translation is empty")
        for lang in value:
            if lang not in self.languages:
                self.fail(join(path, str(lang)), f"unknown language {lang!r}")
        return Text(en=value.get("en", ""), fr=value.get("fr", ""))


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
