#!/usr/bin/env bash
# Set up (first time) and run every check: the tests (core and GUI, offscreen), ruff and mypy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check reader tests
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
