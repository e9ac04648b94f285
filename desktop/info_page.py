"""The page shown for a Part or a heading of the outcome document in the navigation tree."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.question_block import plain_label
from forms.catalogue import load_catalogue
from forms.model import Template


def info_page(template: Template, kind: str, key: Any, lang: str) -> QWidget:
    """A Part's title and help, or a heading with the chapeau the document puts under it."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(24, 16, 24, 24)
    if kind == "part":
        part = next(p for p in template.parts if p.key == key)
        layout.addWidget(plain_label(part.title.get(lang), style="font-size: 15pt;"))
        if part.help is not None:
            layout.addWidget(plain_label(part.help.get(lang)))
    else:
        layout.addWidget(plain_label(" › ".join(key), style="font-size: 13pt;"))
        heading = next((h for h in load_catalogue().headings if h.path == tuple(key)), None)
        if heading is not None and heading.chapeau:
            layout.addWidget(plain_label(heading.chapeau))
    layout.addStretch(1)
    return page
