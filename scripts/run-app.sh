#!/usr/bin/env bash
# Set up (first time) and open Baoku on the bundled corpus.
# On a machine without a display it renders the main window to baoku-screenshot.png instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: rendering the main window to baoku-screenshot.png (offscreen)."
  QT_QPA_PLATFORM=offscreen exec .venv/bin/baoku "$@" gui --screenshot baoku-screenshot.png
fi
exec .venv/bin/baoku "$@"
