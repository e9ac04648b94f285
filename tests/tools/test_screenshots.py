"""The screenshot script renders every main screen in both languages (issues 3, 6 and 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = (
    "welcome",
    "commitment",
    "table",
    "grid",
    "sdg",
    "overview",
    "preflight",
    "ministries",
    "ministry_review",
    "review",
    "finalise",
)


def test_screenshots_render(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "HOME": str(tmp_path)}  # fmt: skip
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), str(tmp_path / "shots")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for lang in ("en", "fr"):
        for screen in SCREENS:
            picture = tmp_path / "shots" / f"{screen}_{lang}.png"
            assert picture.read_bytes().startswith(b"\x89PNG"), picture
            assert picture.stat().st_size > 20_000  # a rendered screen, not a blank image
