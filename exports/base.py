"""What every exporter shares: one interface, the report's checksum, and atomic file writes.

An exporter takes a report (``reporting.service.ReportState``) and returns bytes; choosing where
they go (a file dialog, a command-line path) belongs to the caller. Files are written through
:func:`write_atomic`, so a crash leaves the old file or a complete new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from forms.i18n import tr
from reporting.service import ReportState
from storage.audit import short as short_seal

# progress(done, total): called now and then by long exports; it may raise to cancel.
Progress = Callable[[int, int], None]


class Exporter(Protocol):
    """``export(state, lang=…, progress=…) -> bytes``; options are keyword-only."""

    extension: str

    def export(
        self, state: ReportState, *, lang: str, progress: Progress | None = None, **options: Any
    ) -> bytes: ...


def report_checksum(state: ReportState) -> str:
    """SHA-256 of the report's data: template, settings and every answer, canonically encoded.

    Two exports of the same data carry the same checksum, whatever the language or format.
    """
    info = state.info
    payload = {
        "template": [info.template_id, info.template_version],
        "report": [info.country, info.cycle, info.language],
        "answers": state.answers,
    }
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def history_head_text(state: ReportState, lang: str) -> str:
    """ "214 entries · 3f9a0c2b71de:9c1e…" — the sealed history as it stood at export."""
    count, seal = state.history_head
    return tr("export.history_head", lang, count=count, head=short_seal(seal))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync and rename."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
