"""One-way imports (STYLE.md): forms, storage, exports and reporting never import Qt or desktop,
and the program opens no network connection."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ("forms", "storage", "exports", "reporting", "tools")
FORBIDDEN = ("PySide6", "shiboken6", "desktop")
NETWORK = ("socket", "urllib", "http", "requests", "ftplib", "smtplib", "ssl")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def python_files(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


# tools/screenshots.py drives the desktop application on purpose; every other tool is Qt-free.
CORE_FILES = [p for p in python_files(*QT_FREE) if p.name != "screenshots.py"]


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_qt(path: Path) -> None:
    for line, module in imported_modules(path):
        top = module.split(".")[0]
        # reporting.launch is the one door to the desktop application, imported lazily.
        if path.name == "launch.py" and top == "desktop":
            continue
        assert top not in FORBIDDEN, f"{path.relative_to(ROOT)}:{line} imports {module}"


@pytest.mark.parametrize(
    "path",
    python_files(*QT_FREE, "desktop"),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_network_modules(path: Path) -> None:
    for line, module in imported_modules(path):
        assert module.split(".")[0] not in NETWORK, (
            f"{path.relative_to(ROOT)}:{line} imports {module}"
        )
