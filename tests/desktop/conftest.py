"""Desktop tests run without a display: Qt's offscreen platform draws into memory."""

from __future__ import annotations

import os

# Before pytest-qt creates the QApplication; a developer can still override it (e.g. xcb).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
