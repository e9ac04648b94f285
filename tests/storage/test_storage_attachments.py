"""Attachments keep their name, media type, size, SHA-256 and bytes exactly."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from storage import (
    ATTACHMENT_KEY_PREFIX,
    AttachmentNotFoundError,
    Database,
    ReportInfo,
    ReportNotFoundError,
    open_database,
)


def test_attachment_round_trip(db_path: Path) -> None:
    data = os.urandom(300_000) + b"\x00\xff" * 10
    with open_database(db_path) as db:
        report = db.create_report(
            country="MEX", cycle=2024, language="en", template_id="t", template_version=1
        )
        info = db.add_attachment(
            report.id,
            name="Décret n° 42 — annexe.pdf",
            media_type="application/pdf",
            data=data,
            user="frank",
        )
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    with open_database(db_path) as db:
        assert db.attachment_data(info.id) == data
        assert db.attachment(info.id) == info
        assert db.list_attachments(report.id) == [info]
        (entry,) = db.history(report.id)
    assert entry.key == f"{ATTACHMENT_KEY_PREFIX}{info.id}"
    assert entry.user == "frank"
    assert entry.new_value == {
        "name": info.name,
        "media_type": "application/pdf",
        "size": len(data),
        "sha256": info.sha256,
    }


def test_empty_attachment(db: Database, report: ReportInfo) -> None:
    info = db.add_attachment(report.id, name="empty.txt", media_type="text/plain", data=b"")
    assert info.size == 0
    assert db.attachment_data(info.id) == b""


def test_attachment_errors(db: Database, report: ReportInfo) -> None:
    with pytest.raises(AttachmentNotFoundError):
        db.attachment(404)
    with pytest.raises(AttachmentNotFoundError):
        db.attachment_data(404)
    with pytest.raises(ReportNotFoundError):
        db.add_attachment(404, name="a", media_type="text/plain", data=b"a")
    with pytest.raises(TypeError):
        db.add_attachment(report.id, name="a", media_type="text/plain", data="text")  # type: ignore[arg-type]
    assert db.list_attachments(report.id) == []
