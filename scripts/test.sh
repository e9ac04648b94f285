#!/usr/bin/env bash
# Set up and run every check: lint, types, and the test suite (headless Qt).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-venv.sh
setup_venv "[test,dev]"
.venv/bin/ruff check --no-cache .
.venv/bin/ruff format --no-cache --check .
.venv/bin/mypy
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
