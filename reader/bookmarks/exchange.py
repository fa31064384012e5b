"""Bookmarks in and out of Baoku: the JSON export and import, the Markdown export.

Also the rules for user text that the store and the files share: tags are
trimmed, deduplicated and sorted; text SQLite cannot store (lone surrogates)
is replaced, never rejected; two differing notes are both kept when merged.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from reader.errors import BookmarksFileError
from reader.models import Bookmark

EXPORT_FORMAT = "baoku-bookmarks"
EXPORT_VERSION = 1

ExportFormat = Literal["json", "markdown"]


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def clean_text(value: str) -> str:
    """``value`` safe to store: lone surrogates (which SQLite cannot encode) become U+FFFD."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags trimmed, whitespace collapsed, empty ones dropped, deduplicated and sorted."""
    if isinstance(tags, str):  # one tag, not its characters
        tags = [tags]
    return tuple(sorted({" ".join(clean_text(t).split()) for t in tags} - {""}))


def merge_notes(mine: str, theirs: str) -> str:
    """Both notes, unless one already contains the other."""
    if not theirs or theirs in mine:
        return mine
    if not mine or mine in theirs:
        return theirs
    return f"{mine}\n\n{theirs}"


def _md(text: str) -> str:
    """``text`` for Markdown: no HTML, no accidental emphasis, links or headings, no invisible controls."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#|":
        text = text.replace(ch, "\\" + ch)
    return visible(text)


# C0/C1 controls (NUL...) and the invisible marks that reorder text (bidi overrides, isolates):
# written raw, they hide or scramble what a note says in any viewer.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with control and bidi-override characters shown as their code points.

    >>> visible("abc\u202edef\x00")
    'abc⟨U+202E⟩def⟨U+0000⟩'
    """
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def _code(text: str) -> str:
    """``text`` inside a Markdown code span: no backtick to end it early, controls visible."""
    return visible(text.replace("`", "'"))


def json_export(marks: Sequence[Bookmark]) -> str:
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": utc_now(),
        "count": len(marks),
        "bookmarks": [m.to_json() for m in marks],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def markdown_export(marks: Sequence[Bookmark]) -> str:
    lines = ["# 书签 Bookmarks", "", f"导出于 {utc_now()}，共 {len(marks)} 条。", ""]
    for m in sorted(marks, key=lambda m: (m.date, m.created)):
        heading = f"{m.kicker}｜{m.title}" if m.kicker else m.title
        lines.append(f"## {_md(m.date)} · {_md(heading)}")
        lines.append("")
        if m.detached:
            lines.append("- 状态：原文已不在报库中（已脱离），以下为收藏时保存的信息")
        lines.append(f"- 文章 ID：`{_code(m.article_id)}`，期 ID：`{_code(m.issue_id)}`")
        if m.tags:
            lines.append("- 标签：" + " ".join(f"#{_md(t)}" for t in m.tags))
        edited = f"，更新于 {m.updated}" if m.updated != m.created else ""
        lines.append(f"- 收藏于 {_md(m.created)}{_md(edited)}")
        if m.note:
            lines.append("")
            lines.extend("> " + _md(line) if line else ">" for line in m.note.splitlines())
        lines.append("")
    return "\n".join(lines)


def read_export(path: Path) -> str:
    """The text of an export file (UTF-8, with or without BOM); BookmarksFileError if unreadable."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise BookmarksFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BookmarksFileError(f"{path} is not a bookmarks file (not UTF-8 text)") from None


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` through a temporary file and a rename, so it is whole or untouched.

    The temporary name is short whatever ``path``'s is: one made from a long legal name
    (up to 255 bytes) would be too long itself.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=".baoku-", suffix=".tmp", dir=path.parent)
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # an ordinary file, not mkstemp's private one
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise BookmarksFileError(f"cannot write {path}: {exc.strerror or exc}") from None


def parse_export(text: str) -> list[Bookmark]:
    """Every bookmark in an export, checked; BookmarksFileError names the first problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BookmarksFileError(
            f"not a bookmarks file: invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})"
        ) from None
    items: object = data
    if isinstance(data, dict):
        if data.get("format", EXPORT_FORMAT) != EXPORT_FORMAT:
            raise BookmarksFileError(f"not a bookmarks file: format is {data.get('format')!r}")
        version = data.get("version", EXPORT_VERSION)
        if not isinstance(version, int) or version > EXPORT_VERSION:
            raise BookmarksFileError(
                f"bookmarks file version {version!r} is newer than this Baoku reads ({EXPORT_VERSION})"
            )
        items = data.get("bookmarks")
    if not isinstance(items, list):
        raise BookmarksFileError("not a bookmarks file: expected a list of bookmarks")
    return [_parse_item(n, item) for n, item in enumerate(items, start=1)]


def _parse_item(n: int, item: object) -> Bookmark:
    if not isinstance(item, dict):
        raise BookmarksFileError(f"bookmark {n}: expected an object, got {type(item).__name__}")

    def text(key: str, *, required: bool = False) -> str:
        value = item.get(key, "")
        if value is None and not required:
            value = ""
        if not isinstance(value, str):
            raise BookmarksFileError(f"bookmark {n}: {key!r} must be text")
        if required and not value.strip():
            raise BookmarksFileError(f"bookmark {n}: {key!r} is missing")
        return clean_text(value)

    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise BookmarksFileError(f"bookmark {n}: 'tags' must be a list of text")
    detached = item.get("detached", False)
    if not isinstance(detached, bool):
        raise BookmarksFileError(f"bookmark {n}: 'detached' must be true or false")
    page = item.get("page")
    if page is not None and (not isinstance(page, int) or isinstance(page, bool)):
        raise BookmarksFileError(f"bookmark {n}: 'page' must be a number or null")
    return Bookmark(
        article_id=text("article_id", required=True).strip(), issue_id=text("issue_id"),
        date=text("date"), title=text("title"), kicker=text("kicker"), note=text("note"),
        tags=clean_tags(tags), created=text("created"), updated=text("updated"), detached=detached,
        paper=text("paper"), page=page, excerpt=text("excerpt"),
    )
