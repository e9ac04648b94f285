"""The application's own font: DejaVu Sans, shipped in ``desktop/fonts``.

Relying on the system's fonts would make the window look different on every machine and could
leave French accents, Spanish letters or Arabic names as empty boxes on a trimmed-down
workstation. DejaVu Sans covers Latin and Arabic letters; its licence (Bitstream Vera, with the
DejaVu changes in the public domain) is ``desktop/fonts/LICENSE-DejaVu.txt``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

FONT_DIR: Final = Path(__file__).with_name("fonts")
FONT_FILES: Final = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)
FAMILY: Final = "DejaVu Sans"
MIN_POINT_SIZE: Final = 10.0

# A dynamic property of the application: registered fonts belong to one QGuiApplication, and
# registering a file twice would add it twice.
_LOADED_PROPERTY: Final = "poa_report_fonts"

log = logging.getLogger(__name__)


def register_fonts() -> list[str]:
    """Register the shipped font files; the families Qt found in them."""
    families: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id < 0:
            # A damaged or trimmed installation: the system font still shows the text.
            log.warning("could not load the font file %s", FONT_DIR / name)
            continue
        families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    return families


def load_fonts(app: QGuiApplication) -> str:
    """Make DejaVu Sans the application font and return the family in use.

    The size stays the system's (people set it larger on purpose) but never below
    ``MIN_POINT_SIZE``, so forms stay readable on screens with small default fonts.
    """
    if app.property(_LOADED_PROPERTY) is None:
        app.setProperty(_LOADED_PROPERTY, register_fonts())
    families = app.property(_LOADED_PROPERTY)
    font = QFont(app.font())
    if isinstance(families, list) and FAMILY in families:
        font.setFamilies([FAMILY])
    size = font.pointSizeF()  # -1 when the system font is sized in pixels
    font.setPointSizeF(max(size, MIN_POINT_SIZE))
    app.setFont(font)
    return font.family()
