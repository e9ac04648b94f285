"""Tests for the BMS8 commitment catalogue (Issue 2).

The expected paragraph texts are extracted here independently of
``tools/build_catalogue.py``: the annex is flattened to one line and cut at
paragraph numbers and at the (hard-coded) heading lines.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from forms.catalogue import (
    ADDRESSEES,
    CatalogueError,
    load_catalogue,
    load_catalogue_file,
    parse_catalogue,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_dea605354deaa4b5.txt"
BUILD_SCRIPT = ROOT / "tools" / "build_catalogue.py"
TITLES = ROOT / "tools" / "catalogue_titles.yaml"
CATALOGUE_JSON = ROOT / "forms" / "data" / "catalogue" / "bms8-2022.json"

SECTION_I = (
    "I. Examen de la mise en œuvre du Programme d'action en vue de prévenir, combattre et "
    "éliminer le commerce illicite des armes légères sous tous ses aspects aux niveaux "
    "national, régional et mondial"
)
NATIONAL = "1. Au niveau national"
REGIONAL = "2. Au niveau régional"
GLOBAL = "3. Au niveau mondial"
ARMED_VIOLENCE = (
    "La violence armée, le terrorisme et la paix, la sécurité et le développement durable "
    "au sens plus large"
)
CONFLICT = "Le Programme d'action dans les situations de conflit ou d'après conflit"
SECTION_II = (
    "II. Examen de la mise en œuvre de l'Instrument international visant à permettre aux "
    "États de procéder à l'identification et au traçage rapides et fiables des armes légères "
    "et de petit calibre illicites"
)
NEW_TECHNOLOGIES = (
    "Incidences des nouvelles technologies sur le renforcement de la mise en œuvre de "
    "l'Instrument international de traçage"
)
SECTION_III = (
    "III. Examen de la coopération et de l'assistance internationales, dont le renforcement "
    "des capacités, et des moyens d'améliorer les modalités et procédures de coopération et "
    "d'assistance internationales"
)
SECTION_IV = (
    "IV. Autres questions et thèmes intéressant la mise en œuvre effective du Programme "
    "d'action et de l'Instrument international de traçage"
)
REVIEW_CONFERENCE = "Échange de vues sur la quatrième Conférence d'examen"

HEADING_LINES = (
    SECTION_I,
    NATIONAL,
    REGIONAL,
    GLOBAL,
    ARMED_VIOLENCE,
    CONFLICT,
    SECTION_II,
    NEW_TECHNOLOGIES,
    SECTION_III,
    SECTION_IV,
    REVIEW_CONFERENCE,
)
EXPECTED_HEADINGS = (
    (SECTION_I,),
    (SECTION_I, NATIONAL),
    (SECTION_I, REGIONAL),
    (SECTION_I, GLOBAL),
    (SECTION_I, GLOBAL, ARMED_VIOLENCE),
    (SECTION_I, GLOBAL, CONFLICT),
    (SECTION_II,),
    (SECTION_II, NEW_TECHNOLOGIES),
    (SECTION_III,),
    (SECTION_IV,),
    (SECTION_IV, REVIEW_CONFERENCE),
)
ALL_NUMBERS = range(1, 97)


# --- independent extraction -------------------------------------------------


def _flat_annex() -> str:
    """The annex on one line: whitespace collapsed, links and superscripts unwrapped."""
    text = SEED.read_text(encoding="utf-8")
    _, annex = re.split(r"^Annexe$", text, maxsplit=1, flags=re.MULTILINE)
    flat = " ".join(annex.split())
    flat = re.sub(r"\[(.*?)\]\(#\)", r"\1", flat)
    return re.sub(r"\^\{?([a-z]+)\}?", r"\1", flat)


@cache
def expected_texts() -> dict[int, str]:
    """Paragraph n runs from " n. " to " n+1. " or to the next heading line."""
    flat = _flat_annex()
    stops = [f" {line}" for line in HEADING_LINES]
    texts: dict[int, str] = {}
    position = 0
    for number in ALL_NUMBERS:
        marker = f" {number}. "
        start = flat.index(marker, position) + len(marker)
        ends = [flat.find(stop, start) for stop in [f" {number + 1}. ", *stops]]
        end = min((found for found in ends if found >= 0), default=len(flat))
        texts[number] = flat[start:end].strip()
        position = end
    return texts


@cache
def build_module() -> ModuleType:
    """tools/build_catalogue.py, imported by path (tools is not a package)."""
    spec = importlib.util.spec_from_file_location("build_catalogue", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def run_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


# --- (a) texts against the source -------------------------------------------


@pytest.mark.parametrize("number", ALL_NUMBERS)
def test_paragraph_text_matches_source(number: int) -> None:
    """Issue 2 §2/§6a: text_fr is the annex paragraph verbatim, without its number."""
    assert load_catalogue().paragraph(number).text_fr == expected_texts()[number]


def test_independent_extraction_is_plausible() -> None:
    """Issue 2 §6a: the reference texts themselves look like whole paragraphs."""
    texts = expected_texts()
    assert all(text.endswith(".") for text in texts.values())
    assert "l'exploitation illégale des ressources naturelles" in texts[7]
    assert "conformément aux cadres juridiques nationaux, afin" in texts[22]
    assert "résolution 76/233 de l'Assemblée" in texts[19]


def test_no_conversion_artefacts_left() -> None:
    """Issue 2 §2: links and superscripts are unwrapped, whitespace is single spaces."""
    catalogue = load_catalogue()
    texts = [p.text_fr for p in catalogue.paragraphs] + [catalogue.title]
    texts += [h.chapeau for h in catalogue.headings if h.chapeau]
    texts += [line for h in catalogue.headings for line in h.path]
    for text in texts:
        assert not re.search(r"[\[\]^*#]|\s{2}|[^\S ]", text), text
        assert text == text.strip()


def test_paragraph_text_has_no_leading_number() -> None:
    """Issue 2 §2: text_fr of paragraph 21 starts with the verb, not with "21. "."""
    assert load_catalogue().paragraph(21).text_fr.startswith("Mettre en place, là où")


# --- (b) the committed JSON is up to date --------------------------------------


def test_committed_json_is_up_to_date() -> None:
    """Issue 2 §1: `build_catalogue.py --check` passes on the committed JSON."""
    result = run_build("--check")
    assert result.returncode == 0, result.stderr


def test_check_fails_on_stale_json(tmp_path: Path) -> None:
    """Issue 2 §1: --check exits 1 when the JSON differs from what it would generate."""
    stale = tmp_path / "bms8-2022.json"
    stale.write_text(CATALOGUE_JSON.read_text(encoding="utf-8").replace("BMS8-21", "BMS8-X"))
    result = run_build("--check", "--output", str(stale))
    assert result.returncode == 1
    assert "out of date" in result.stderr
    assert run_build("--check", "--output", str(tmp_path / "missing.json")).returncode == 1


def test_build_function_matches_committed_json() -> None:
    """Issue 2 §1/§2: the build renders byte-for-byte the committed file."""
    module = build_module()
    rendered = module.render(module.build_catalogue())
    assert rendered == CATALOGUE_JSON.read_text(encoding="utf-8")


def _tmp_root(tmp_path: Path, seed: str | None = None, titles: str | None = None) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "tools").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    shutil.copy(TITLES, tmp_path / "tools" / TITLES.name)
    if seed is not None:
        (tmp_path / "seeds" / SEED.name).write_text(seed, encoding="utf-8")
    if titles is not None:
        (tmp_path / "tools" / TITLES.name).write_text(titles, encoding="utf-8")
    return tmp_path


def test_build_fails_without_a_title(tmp_path: Path) -> None:
    """Issue 2 §1: a paragraph without title/addressee makes the build fail loudly."""
    titles = re.sub(r"^50: .*\n", "", TITLES.read_text(encoding="utf-8"), flags=re.MULTILINE)
    module = build_module()
    with pytest.raises(module.BuildError, match=r"no title/addressee for paragraph\(s\) \[50\]"):
        module.build_catalogue(_tmp_root(tmp_path, titles=titles))


def test_build_fails_on_duplicate_title_key(tmp_path: Path) -> None:
    """Issue 2 §1: a duplicated YAML key is an error, not a silent overwrite."""
    titles = TITLES.read_text(encoding="utf-8") + '50: {en: "x", fr: "x", addressee: all_states}\n'
    module = build_module()
    with pytest.raises(module.BuildError, match="duplicate key 50"):
        module.build_catalogue(_tmp_root(tmp_path, titles=titles))


def test_build_fails_on_bad_numbering(tmp_path: Path) -> None:
    """Issue 2 §1: numbering must be exactly 1..96 in order."""
    seed = re.sub(r"^50\. .*\n", "", SEED.read_text(encoding="utf-8"), flags=re.MULTILINE)
    module = build_module()
    with pytest.raises(module.BuildError, match=r"missing \[50\]"):
        module.build_catalogue(_tmp_root(tmp_path, seed=seed))


# --- (c) headings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "path"),
    [
        (1, ()),
        (20, ()),
        (21, (SECTION_I, NATIONAL)),
        (40, (SECTION_I, NATIONAL)),
        (41, (SECTION_I, REGIONAL)),
        (48, (SECTION_I, REGIONAL)),
        (49, (SECTION_I, GLOBAL, ARMED_VIOLENCE)),
        (54, (SECTION_I, GLOBAL, ARMED_VIOLENCE)),
        (55, (SECTION_I, GLOBAL, CONFLICT)),
        (61, (SECTION_I, GLOBAL, CONFLICT)),
        (62, (SECTION_II,)),
        (66, (SECTION_II,)),
        (67, (SECTION_II, NEW_TECHNOLOGIES)),
        (75, (SECTION_II, NEW_TECHNOLOGIES)),
        (76, (SECTION_III,)),
        (95, (SECTION_III,)),
        (96, (SECTION_IV, REVIEW_CONFERENCE)),
    ],
)
def test_heading_path(number: int, path: tuple[str, ...]) -> None:
    """Issue 2 §2: each paragraph sits under the annex heading lines, verbatim."""
    assert load_catalogue().paragraph(number).heading_path == path


def test_headings_in_document_order_with_chapeaux() -> None:
    """Issue 2 §2: every heading path in order; chapeaux on sections I-III only."""
    headings = load_catalogue().headings
    assert tuple(h.path for h in headings) == EXPECTED_HEADINGS
    with_chapeau = [h.path for h in headings if h.chapeau is not None]
    assert with_chapeau == [(SECTION_I,), (SECTION_II,), (SECTION_III,)]
    for heading in headings:
        if heading.chapeau is not None:
            assert heading.chapeau.startswith("Compte tenu de la diversité des situations")
            assert heading.chapeau.endswith("au profit d'utilisateurs non autorisés :")


def test_document_metadata() -> None:
    """Issue 2 §2: document metadata and source fingerprint."""
    catalogue = load_catalogue()
    assert catalogue.id == "bms8-2022"
    assert (catalogue.symbol, catalogue.language, catalogue.date) == (
        "A/CONF.192/BMS/2022/3",
        "fr",
        "2022-07-12",
    )
    assert catalogue.title.startswith("Document final de la huitième Réunion biennale")
    assert catalogue.title.endswith("sous tous ses aspects")
    assert catalogue.source == "seeds/000_dea605354deaa4b5.txt"
    assert len(catalogue.source_sha256) == 64


def test_kinds_and_keys() -> None:
    """Issue 2 §2: 1-20 context, 21-95 commitments, 96 closing; keys BMS8-n."""
    catalogue = load_catalogue()
    assert [p.number for p in catalogue.paragraphs] == list(ALL_NUMBERS)
    assert {p.kind for p in catalogue.paragraphs if p.number <= 20} == {"context"}
    assert [p.number for p in catalogue.commitments()] == list(range(21, 96))
    assert catalogue.paragraph(96).kind == "closing"
    assert all(p.key == f"BMS8-{p.number}" for p in catalogue.paragraphs)


# --- (d) addressees -------------------------------------------------------------


@pytest.mark.parametrize(
    ("numbers", "addressee"),
    [
        ((32, 64, 77, 81, 86, 90), "states_in_a_position"),
        ((60, 75, 83, 87, 96), "secretariat_or_revcon"),
        ((42, 45), "regional_organisations"),
        (tuple(range(1, 21)), "all_states"),
    ],
)
def test_addressees(numbers: tuple[int, ...], addressee: str) -> None:
    """Issue 2 §3: addressees decided by reading each paragraph."""
    catalogue = load_catalogue()
    assert {n: catalogue.paragraph(n).addressee for n in numbers} == dict.fromkeys(
        numbers, addressee
    )


def test_states_in_a_position_wording() -> None:
    """Issue 2 §3: paragraphs whose actor is "les États qui sont en mesure" are tagged so."""
    for paragraph in load_catalogue().commitments():
        if re.match(
            r"(Encourager les États|Accroître, pour les États) qui sont en mesure",
            paragraph.text_fr,
        ):
            assert paragraph.addressee == "states_in_a_position", paragraph.number


def test_addressee_vocabulary_is_shared() -> None:
    """Issue 2 §3/§5: the build script and the loader agree on the addressees."""
    assert tuple(build_module().ADDRESSEES) == ADDRESSEES
    assert {p.addressee for p in load_catalogue().paragraphs} == set(ADDRESSEES)


# --- (e) titles ---------------------------------------------------------------------


@pytest.mark.parametrize("number", ALL_NUMBERS)
def test_titles(number: int) -> None:
    """Issue 2 §4: a short title in both languages, at most 80 characters."""
    paragraph = load_catalogue().paragraph(number)
    for lang in ("en", "fr"):
        title = paragraph.title(lang)
        assert title.strip() == title
        assert 0 < len(title) <= 80
    assert paragraph.title("fr_CA") == paragraph.title_fr
    assert paragraph.title("en") == paragraph.title_en


def test_example_titles() -> None:
    """Issue 2 §4: the worked examples from the issue."""
    catalogue = load_catalogue()
    assert catalogue.paragraph(25).title_en == "SDG 16.4.2 data collection"
    assert catalogue.paragraph(25).title_fr == "Collecte de données pour l'indicateur ODD 16.4.2"
    assert catalogue.paragraph(24).title("en") == "National action plans"
    assert catalogue.paragraph(24).title("fr") == "Plans d'action nationaux"


# --- (f) loader -----------------------------------------------------------------------


def test_loader_is_cached_and_paragraph_lookup_raises() -> None:
    """Issue 2 §5: load_catalogue is cached; paragraph() raises KeyError if absent."""
    assert load_catalogue() is load_catalogue("bms8-2022")
    with pytest.raises(KeyError):
        load_catalogue().paragraph(97)
    with pytest.raises(CatalogueError, match="invalid catalogue id"):
        load_catalogue("../secrets")


def _valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOGUE_JSON.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def _load_broken(tmp_path: Path, data: dict[str, Any]) -> None:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    load_catalogue_file(path)


def test_loader_accepts_the_committed_file() -> None:
    """Issue 2 §5: the committed JSON passes strict validation."""
    assert len(parse_catalogue(_valid(), "bms8-2022.json").paragraphs) == 96


def test_loader_rejects_unknown_top_level_key(tmp_path: Path) -> None:
    """Issue 2 §5: unknown keys are errors naming the file."""
    data = _valid()
    data["extra"] = 1
    with pytest.raises(CatalogueError, match=r"^broken\.json: unknown key\(s\) 'extra'"):
        _load_broken(tmp_path, data)


def test_loader_rejects_unknown_paragraph_key(tmp_path: Path) -> None:
    """Issue 2 §5: unknown keys name the file and the paragraph."""
    data = _valid()
    data["paragraphs"][30]["note"] = "x"
    with pytest.raises(
        CatalogueError, match=r"^broken\.json: paragraph 31: unknown key\(s\) 'note'"
    ):
        _load_broken(tmp_path, data)


def test_loader_rejects_missing_paragraph_field(tmp_path: Path) -> None:
    """Issue 2 §5: a missing field names the file, the paragraph and the field."""
    data = _valid()
    del data["paragraphs"][20]["text_fr"]
    with pytest.raises(
        CatalogueError, match=r"^broken\.json: paragraph 21: missing key\(s\) 'text_fr'"
    ):
        _load_broken(tmp_path, data)


def test_loader_rejects_bad_addressee(tmp_path: Path) -> None:
    """Issue 2 §5: an addressee outside ADDRESSEES is rejected."""
    data = _valid()
    data["paragraphs"][31]["addressee"] = "everyone"
    with pytest.raises(
        CatalogueError, match=r"^broken\.json: paragraph 32: 'addressee' is 'everyone'"
    ):
        _load_broken(tmp_path, data)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("number", "21", "'number' must be an integer"),
        ("number", True, "'number' must be an integer"),
        ("heading_path", "I.", "'heading_path' must be a list of non-empty strings"),
        ("heading_path", ["Nowhere"], "'heading_path' \\['Nowhere'\\] is not a declared heading"),
        ("kind", "preamble", "'kind' is 'preamble'"),
        ("title", {"en": "x"}, "'title': missing key\\(s\\) 'fr'"),
        ("text_fr", "", "'text_fr' must be a non-empty string"),
    ],
)
def test_loader_rejects_wrong_types(
    tmp_path: Path, field: str, value: object, problem: str
) -> None:
    """Issue 2 §5: wrong types and values are rejected with the paragraph named."""
    data = _valid()
    data["paragraphs"][20][field] = value
    with pytest.raises(CatalogueError, match=rf"^broken\.json: paragraph(s\[20\]| 21): {problem}"):
        _load_broken(tmp_path, data)


def test_loader_rejects_unreadable_json(tmp_path: Path) -> None:
    """Issue 2 §5: invalid JSON is a CatalogueError naming the file."""
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"^broken\.json: cannot read catalogue"):
        load_catalogue_file(path)


def test_loader_rejects_out_of_order_paragraphs() -> None:
    """Issue 2 §5: paragraph numbers must increase."""
    data = _valid()
    data["paragraphs"][1], data["paragraphs"][2] = data["paragraphs"][2], data["paragraphs"][1]
    with pytest.raises(CatalogueError, match="paragraph 2: number not greater than previous 3"):
        parse_catalogue(data, "x.json")
