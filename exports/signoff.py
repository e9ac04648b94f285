"""The sign-off questions of the template, which both the PDF and the Excel cover print.

Section ``f_signoff`` holds who prepared, reviewed and approved the report (contacts, with
their position and organisation) and when (dates). A template without all of them gets no
sign-off block: its questions, if any, are printed like any others.
"""

from __future__ import annotations

from typing import Any, Final

from forms.display import format_contact
from forms.model import Template

SIGNOFF_SECTION: Final = "f_signoff"
SIGNOFF_ROLES: Final = (  # (contact question, date question), in the order people sign
    ("prepared_by", "prepared_on"),
    ("reviewed_by", "reviewed_on"),
    ("approved_by", "approved_on"),
)


def has_signoff(template: Template) -> bool:
    """Whether the template has the sign-off section with all its questions."""
    return all(
        template.has_question(f"{SIGNOFF_SECTION}.{who}")
        and template.has_question(f"{SIGNOFF_SECTION}.{when}")
        for who, when in SIGNOFF_ROLES
    )


def person_name(contact: dict[str, Any], lang: str) -> str:
    """ "Ms. Mireille Andoh-Lefèvre": the title translated as every contact shows it."""
    return format_contact(
        {key: contact[key] for key in ("title", "name") if contact.get(key)}, lang
    )
