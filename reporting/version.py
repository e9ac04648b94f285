"""What ``poa-report --version`` prints: the program, its templates and its database schema."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from forms.loader import available_templates
from storage import SCHEMA_VERSION


def program_version() -> str:
    try:
        return version("poa-report")
    except PackageNotFoundError:
        return "0+unknown"


def version_text() -> str:
    templates = ", ".join(f"{tid} v{ver}" for tid, ver in available_templates())
    return (
        f"poa-report {program_version()}\ntemplates: {templates}\ndatabase schema: {SCHEMA_VERSION}"
    )
