"""Answer values as canonical JSON text, timestamps and the acting user.

Values are opaque to storage: whatever JSON-compatible Python value goes in comes back out
identical. Floats are refused because JSON/IEEE doubles would silently round figures that
reports must keep exact (decimals travel as strings); tuples, sets and non-string dict keys
are refused because JSON would hand back a different type.
"""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from typing import Any


def check_value(value: object, where: str = "value") -> None:
    """Raise ``TypeError`` unless ``value`` round-trips exactly through JSON."""
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, float):
        raise TypeError(f"{where}: floats are not stored ({value!r}); pass decimals as strings")
    if isinstance(value, str):
        _check_text(value, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_value(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for name, item in value.items():
            if not isinstance(name, str):
                raise TypeError(f"{where}: dict keys must be str, got {type(name).__name__}")
            _check_text(name, where)
            check_value(item, f"{where}[{name!r}]")
    else:
        raise TypeError(f"{where}: {type(value).__name__} is not a JSON value")


def _check_text(text: str, where: str) -> None:
    # A lone surrogate cannot be stored as UTF-8; fail here, before any transaction starts.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TypeError(f"{where}: text is not valid Unicode ({exc.reason})") from None


def encode_value(value: object) -> str | None:
    """Canonical JSON text (equal values give equal text), or ``None`` for a blank."""
    if value is None:
        return None
    check_value(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_value(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def check_key(key: object) -> str:
    """Answer keys are opaque, but ``@`` is reserved for storage's own history entries."""
    if not isinstance(key, str):
        raise TypeError(f"answer key must be str, got {type(key).__name__}")
    if not key or key.startswith("@"):
        raise ValueError(f"invalid answer key {key!r}")
    _check_text(key, "key")
    return key


def utc_now() -> str:
    """UTC ISO-8601 with microseconds: sorts as text, unambiguous across time zones."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def current_user(user: str | None = None) -> str:
    """``user`` if given, else the login name; never fails, since saving must not."""
    if user:
        return user
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # OSError, KeyError or ImportError depending on platform and version
        return "unknown"
