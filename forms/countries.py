"""ISO 3166-1 countries with English and French names, from pycountry's offline data.

User-assigned alpha-3 codes (AAA–AAZ, QMA–QZZ, XAA–XZZ, ZZA–ZZZ) are accepted too, so that a
fictional demonstration State (``XDM``) never borrows a real State's code.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import pycountry

DEMO_COUNTRY: Final = "XDM"
_DEMO_NAMES: Final = {"en": "Demoland (fictional State)", "fr": "Démolande (État fictif)"}


@dataclass(frozen=True)
class Country:
    alpha3: str
    name_en: str
    name_fr: str

    def name(self, lang: str) -> str:
        return self.name_fr if lang == "fr" else self.name_en

    def label(self, lang: str) -> str:
        """How a list shows the country: "Côte d'Ivoire (CIV)"."""
        return f"{self.name(lang)} ({self.alpha3})"


def is_user_assigned(code: str) -> bool:
    return bool(re.fullmatch(r"AA[A-Z]|Q[M-Z][A-Z]|X[A-Z]{2}|ZZ[A-Z]", code))


@cache
def _french() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:  # a trimmed bundle without the locale: English names rather than nothing
        return gettext.NullTranslations()


@cache
def all_countries() -> tuple[Country, ...]:
    """Every ISO 3166-1 country, sorted by English name."""
    fr = _french()
    found = [
        Country(record.alpha_3, record.name, fr.gettext(record.name))
        for record in pycountry.countries
    ]
    return tuple(sorted(found, key=lambda country: country.name_en))


@cache
def _by_code() -> dict[str, Country]:
    return {country.alpha3: country for country in all_countries()}


def lookup(code: str) -> Country | None:
    """The country for an alpha-3 code (any case), a user-assigned code, or None."""
    code = code.strip().upper()
    if code in _by_code():
        return _by_code()[code]
    if code == DEMO_COUNTRY:
        return Country(code, _DEMO_NAMES["en"], _DEMO_NAMES["fr"])
    if is_user_assigned(code):
        return Country(code, code, code)
    return None


def country_name(code: str, lang: str) -> str:
    country = lookup(code)
    return country.name(lang) if country else code


def fold(text: str) -> str:
    """Text for matching: no case, no accents, one kind of apostrophe ("cote" finds "Côte")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def match_country(text: str, countries: Sequence[Country], lang: str) -> Country | None:
    """The country meant by what was typed: a list entry, a code, a name or a unique fragment."""
    wanted = fold(text)
    if not wanted:
        return None
    for country in countries:
        names = (country.label(lang), country.name_en, country.name_fr, country.alpha3)
        if wanted in (fold(name) for name in names):
            return country
    found = [c for c in countries if wanted in fold(c.label(lang))]
    return found[0] if len(found) == 1 else None
