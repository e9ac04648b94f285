"""Every message exists in English and French with the same placeholders (DEVELOPERS: languages)."""

from __future__ import annotations

from forms.i18n import LANGUAGES, LocalizedError, catalogue, normalise_language, placeholders, tr


def test_languages_have_the_same_messages() -> None:
    english = catalogue("en")
    for lang in LANGUAGES:
        messages = catalogue(lang)
        assert set(messages) == set(english), lang
        for key, text in messages.items():
            assert placeholders(text) == placeholders(english[key]), (lang, key)


def test_french_is_really_french() -> None:
    english, french = catalogue("en"), catalogue("fr")
    same = [key for key in english if english[key] == french[key] and len(english[key]) > 12]
    assert same == []


def test_tr_and_localized_error() -> None:
    assert tr("check.required", "fr_CA") == "Une réponse est obligatoire."
    assert normalise_language("de_DE") == "en"
    error = LocalizedError("value.negative", value="-3")
    assert error.message("fr") == "Un effectif ne peut pas être négatif (-3)."
    assert str(error) == "A count cannot be negative (-3)."
