#!/usr/bin/env bash
# Set up (first run only takes long) and start the application.
# The first start opens the demo report, stored in an embedded SQLite database in the user's data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-venv.sh
setup_venv ""
exec .venv/bin/poa-report "$@"
