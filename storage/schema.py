"""The current table layout, for queries (SQLAlchemy Core).

The tables are *created and altered* only by the frozen DDL in ``migrations.py``; this module
mirrors the latest schema and a test checks the two agree. Timestamps are UTC ISO-8601 text;
values are canonical JSON text (see ``values.py``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("country", Text, nullable=False),  # ISO 3166-1 alpha-3
    Column("cycle", Integer, nullable=False),  # reporting year
    Column("language", Text, nullable=False),
    Column("template_id", Text, nullable=False),
    Column("template_version", Integer, nullable=False),
    Column("title", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("carried_from", Integer, ForeignKey("reports.id", ondelete="SET NULL")),
    Column("is_demo", Boolean, nullable=False),
    UniqueConstraint("country", "cycle"),
)

answers = Table(
    "answers",
    metadata,
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),  # a blank answer is no row at all
    Column("carried_over", Boolean, nullable=False),
    Column("updated_at", Text, nullable=False),
)

history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),  # AUTOINCREMENT: ids never reused
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("key", Text, nullable=False),
    Column("old_value", Text),  # NULL = was blank
    Column("new_value", Text),  # NULL = cleared
    Column("changed_at", Text, nullable=False),
    Column("user", Text, nullable=False),
    Column("source_kind", Text, nullable=False),
    Column("source_detail", Text),
    Column("seal", Text),  # see audit.py; NULL only if someone removed it
)

attachments = Table(
    "attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", Text, nullable=False),
)

# Version 2 (issue 6): ministry spreadsheet exchange.

ministries = Table(
    "ministries",
    metadata,
    Column("id", Integer, primary_key=True),
    # Unique without regard to ASCII case; storage also compares with str.casefold.
    Column("name", Text(collation="NOCASE"), nullable=False, unique=True),
    Column("created_at", Text, nullable=False),
)

section_owners = Table(
    "section_owners",
    metadata,
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("section_key", Text, primary_key=True),
    Column("ministry_id", ForeignKey("ministries.id", ondelete="CASCADE"), nullable=False),
)

exchanges = Table(
    "exchanges",
    metadata,
    Column("id", Text, primary_key=True),  # uuid4 hex, also written into the workbook
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("ministry", Text, nullable=False),  # the name when sent: a record, not a link
    Column("sections", Text, nullable=False),  # JSON list of section keys
    Column("file_name", Text, nullable=False),
    Column("sent_at", Text, nullable=False),
    Column("sent_by", Text, nullable=False),
    Column("checksum", Text, nullable=False),  # SHA-256 hex of the values sent
    Column("sent_values", Text, nullable=False),  # canonical JSON object: key -> value or null
    Column("returned_at", Text),  # the four returned_* are NULL until the workbook comes back
    Column("returned_file", Text),
    Column("returned_sha256", Text),
    Column("returned_by", Text),
)

# Version 3 (issue 7): review, approval and sign-off.

section_reviews = Table(
    "section_reviews",
    metadata,
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("section_key", Text, primary_key=True),
    # draft | ready | approved | returned; a section without a row has never been submitted.
    Column("status", Text, nullable=False),
    Column("comment", Text),  # of the last change: why it was returned, reopened, …
    Column("changed_at", Text, nullable=False),
    Column("changed_by", Text, nullable=False),
)

report_final = Table(
    "report_final",
    metadata,
    # A row means the report is final; reopening it deletes the row (the history keeps both).
    Column("report_id", ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("finalised_at", Text, nullable=False),
    Column("finalised_by", Text, nullable=False),
    Column("acknowledged", Text),  # JSON list of the warning messages acknowledged
)
