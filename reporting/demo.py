"""The demo report: a complete, realistic report of a fictional State (code XDM).

The figures and texts are invented for a State that does not exist, so that no real State's data
is ever made up. The answers are data (``reporting/data/demo.<template>.yaml``); free texts come in
English and French and the report's language picks one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from forms.countries import DEMO_COUNTRY
from forms.loader import load_template
from forms.model import Template
from forms.yaml_strict import load_yaml
from reporting import service
from storage import Database, ReportInfo, Source

DEMO_CYCLE: Final = 2024
DEMO_SOURCE: Final = Source("demo")
DATA_DIR: Final = Path(__file__).with_name("data")


def demo_data(template: Template) -> dict[str, Any]:
    path = DATA_DIR / f"demo.{template.id}.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"), path.name)
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise ValueError(f"{path.name}: expected a mapping with 'answers'")
    return data


def _localise(value: Any, lang: str) -> Any:
    """Pick the report's language in ``{en: …, fr: …}`` texts, anywhere inside a value."""
    if isinstance(value, dict):
        if set(value) == {"en", "fr"}:
            return value[lang]
        return {key: _localise(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [_localise(item, lang) for item in value]
    return value


def create_demo_report(db: Database, *, language: str = "en") -> ReportInfo:
    """Create the demo report, or return the one already in this database."""
    existing = db.find_report(DEMO_COUNTRY, DEMO_CYCLE)
    if existing is not None and existing.is_demo:
        return existing
    info = service.create_report(
        db, country=DEMO_COUNTRY, cycle=DEMO_CYCLE, language=language, is_demo=True
    )
    template = load_template(info.template_id, info.template_version)
    answers: dict[str, Any] = {}
    for key, raw in demo_data(template)["answers"].items():
        value = _localise(raw, language)
        if template.question(key).type == "attachment":
            value = [_store_attachment(db, info.id, item) for item in value]
        answers[key] = value
    service.set_values(db, info.id, answers, source=DEMO_SOURCE)
    return db.get_report(info.id)


def _store_attachment(db: Database, report_id: int, item: dict[str, str]) -> dict[str, Any]:
    stored = db.add_attachment(
        report_id,
        name=item["name"],
        media_type=item["media_type"],
        data=item["content"].encode("utf-8"),
    )
    return {"name": stored.name, "sha256": stored.sha256}
