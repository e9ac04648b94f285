"""Desktop tests run without a display: Qt's offscreen platform draws into memory."""

from __future__ import annotations

import os

# Before pytest-qt creates the QApplication; a developer can still override it (e.g. xcb).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.app import keep_none_alive  # after the platform is chosen

# The tests build windows without desktop.app.run(), which applies this workaround for
# PySide6 6.12.0 on Python 3.11; without it the test process aborts (see bindings_leak_none).
keep_none_alive()
