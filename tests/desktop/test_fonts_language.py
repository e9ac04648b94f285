"""The shipped font renders French, Spanish and Arabic; Qt's own dialogs follow the interface
language, and dates are written day first in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QRawFont
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop import fonts, language
from desktop.fonts import FAMILY, FONT_DIR, FONT_FILES, MIN_POINT_SIZE, load_fonts
from desktop.language import apply_language, locale_for

SAMPLES = "éèçœ ñ¿¡ عربي"


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, with its font, locale and translators restored afterwards."""
    font, locale = QFont(qapp.font()), QLocale()
    yield qapp
    qapp.setFont(font)
    QLocale.setDefault(locale)
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.setParent(None)


def test_the_fonts_and_their_licence_are_shipped() -> None:
    for name in FONT_FILES:
        assert (FONT_DIR / name).stat().st_size > 100_000, name
    licence = (FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence
    assert "public domain" in licence


def test_load_fonts_registers_dejavu_and_makes_it_the_application_font(app: QApplication) -> None:
    family = load_fonts(app)
    assert family == FAMILY
    assert FAMILY in QFontDatabase.families()
    assert app.font().family() == FAMILY
    assert app.font().pointSizeF() >= MIN_POINT_SIZE
    styles = set(QFontDatabase.styles(FAMILY))
    assert {"Book", "Bold", "Oblique", "Bold Oblique"} <= styles


def test_the_font_covers_french_spanish_and_arabic(app: QApplication) -> None:
    load_fonts(app)
    raw = QRawFont.fromFont(QFont(FAMILY))
    metrics = QFontMetrics(app.font())
    for char in SAMPLES.replace(" ", ""):
        assert raw.supportsCharacter(ord(char)), char
        assert metrics.inFontUcs4(ord(char)), char
    # The shipped file itself, whatever the system has installed.
    shipped = QRawFont(str(FONT_DIR / "DejaVuSans.ttf"), 12)
    assert all(shipped.supportsCharacter(ord(char)) for char in "éñع")


def test_load_fonts_keeps_a_larger_system_size_and_raises_a_small_one(app: QApplication) -> None:
    small = QFont(app.font())
    small.setPointSizeF(7)
    app.setFont(small)
    load_fonts(app)
    assert app.font().pointSizeF() == MIN_POINT_SIZE
    large = QFont(app.font())
    large.setPointSizeF(14)
    app.setFont(large)
    load_fonts(app)
    assert app.font().pointSizeF() == 14


def test_load_fonts_registers_the_files_once(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_fonts(app)
    calls: list[str] = []

    def add(path: str) -> int:
        calls.append(path)
        return -1

    monkeypatch.setattr(QFontDatabase, "addApplicationFont", add)
    assert load_fonts(app) == FAMILY
    assert calls == []


def test_a_missing_font_file_leaves_the_system_font(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "FONT_FILES", ("missing.ttf",))
    assert fonts.register_fonts() == []


def test_locale_for() -> None:
    french, english = locale_for("fr_CA"), locale_for("en")
    assert (french.language(), french.territory()) == (
        QLocale.Language.French,
        QLocale.Country.France,
    )
    assert (english.language(), english.territory()) == (
        QLocale.Language.English,
        QLocale.Country.UnitedKingdom,
    )
    assert locale_for("de").language() == QLocale.Language.English


def test_apply_language_translates_qt_dialogs_and_switches_back(app: QApplication) -> None:
    assert apply_language(app, "fr")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in buttons.buttons()] == ["Annuler"]
    assert QLocale().language() == QLocale.Language.French

    assert apply_language(app, "en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().territory() == QLocale.Country.UnitedKingdom
    # One translator of ours at a time, whatever the number of switches.
    apply_language(app, "fr")
    apply_language(app, "fr")
    assert len(app.findChildren(QTranslator, language._TRANSLATOR_NAME)) == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dates_are_day_first(app: QApplication, lang: str) -> None:
    apply_language(app, lang)
    assert QLocale().toString(QDate(2024, 3, 1), QLocale.FormatType.ShortFormat).startswith("01/03")


def test_missing_qt_translations_are_reported_not_fatal(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QTranslator, "load", lambda *args: False)
    assert apply_language(app, "fr") is False
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QLocale().language() == QLocale.Language.French
