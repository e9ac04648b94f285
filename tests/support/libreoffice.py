"""Opening a file in LibreOffice and saving it again, as a ministry using LibreOffice would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)


def convert(source: Path, target_format: str, tmp_path: Path) -> Path:
    """Open ``source`` in LibreOffice and save it as ``target_format`` (xlsx, or csv)."""
    out = tmp_path / f"out-{target_format.split(':')[0]}"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            target_format,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    extension = target_format.split(":")[0]
    return out / f"{source.stem}.{extension}"
