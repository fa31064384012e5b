#!/usr/bin/env bash
# Regenerate the README's screenshots (docs/screenshots/*.png) from the bundled corpus,
# offscreen, in a throw-away library with a few bookmarks. Run after scripts/bootstrap.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export BAOKU_SETTINGS="$work/settings.ini"
lib="$work/library"
baoku=.venv/bin/baoku
out=docs/screenshots
"$baoku" --library "$lib" import corpus >/dev/null
# Two bookmarks with notes, for the bookmarks panel.
ids=$("$baoku" --library "$lib" search '黄花 OR 冷链' --limit 2 --json |
      .venv/bin/python -c 'import json,sys; print(" ".join(h["article_id"] for h in json.load(sys.stdin)["hits"]))')
set -- $ids
"$baoku" --library "$lib" bookmarks add "$1" --note "黄花产业：写进年度报道选题" --tag 经济 --tag 选题 >/dev/null
"$baoku" --library "$lib" bookmarks add "$2" --note "冷链物流数据，核对后引用" --tag 经济 >/dev/null
shot() { "$baoku" --library "$lib" gui --theme "${theme:-light}" --screenshot "$@" 2>/dev/null; }
shot "$out/default.png"
shot "$out/search.png" --search 大同 --open-first
theme=dark shot "$out/dark.png" --search 黄花 --open-first
shot "$out/bookmarks.png" --panel bookmarks
echo "wrote $out/{default,search,dark,bookmarks}.png"
