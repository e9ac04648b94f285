"""The Qt bindings must not leak references to None.

PySide6/shiboken6 6.12.0 drops a reference to None on every call that returns nothing; on
CPython 3.11 None's count then reaches zero after a few thousand calls (a few dozen page changes)
and the interpreter aborts with "none_dealloc". pyproject.toml excludes that release; this test
fails loudly if a leaking release is ever installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSize


def test_calls_returning_nothing_keep_none_alive() -> None:
    probe = QSize()
    before = sys.getrefcount(None)
    for _ in range(1000):
        probe.setWidth(1)
    assert sys.getrefcount(None) >= before - 10
