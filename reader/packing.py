"""How the library keeps text: a file's text deflated, an article's body as pieces of it.

A file's text is kept once, deflated (:func:`pack_text`: about two fifths of its UTF-8
size for Chinese). An article's body is, but for the line breaks that join its
paragraphs, characters of that text in order (:class:`reader.models.Origin` says
which), so the library keeps the body as a *recipe*: the runs of the file's text
it copies, and the few characters it adds (:func:`pack_body`). Kept deflated
beside the file's text, the bodies had doubled the library (the 3,650-issue
benchmark's ``library.db``: 91 MB for 61 MB of files, 33 MB of it the bodies).
A body the recipe cannot rebuild character for character is deflated instead,
and :func:`unpack_body` reads all three forms (plain text, from libraries before
bodies were deflated).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Sequence
from typing import NamedTuple

from reader.models import Origin, ParsedIssue

# The first byte of a recipe. A deflated stream (RFC 1950) starts with its method, 8, in the
# low four bits, so no deflated body starts with it.
_RECIPE = b"\x00"
# The first byte of a text deflated from GB18030 (see pack_text); one deflated from UTF-8, as
# libraries kept text before, starts with its method, 8, in the low four bits.
_GB18030 = b"\x01"
# A recipe is kept when it is at most this share of the body's UTF-8 (a recipe is rarely near
# it: the seeds' take 0.02). Deflate makes about 0.45 of a long Chinese body, more of a short one.
_RECIPE_MAX_SHARE = 0.5
# The first character of origins as pack_origins keeps them (a JSON list starts with "[").
_ORIGINS = "~"
_ORIGIN_SEPARATORS = frozenset(":;,")


def pack_text(text: str) -> bytes:
    """A file's text as the library keeps it: GB18030, deflated, behind a mark.

    GB18030 spells every Unicode character, as UTF-8 does, but a Chinese one in two bytes
    rather than three: deflated, the seeds take 0.44 of their UTF-8 size, against 0.53
    deflated from UTF-8, and the benchmark's issues 0.40 against 0.48 (and both pack
    and unpack faster). Level 1, the fastest, loses little to level 9 on it."""
    return _GB18030 + zlib.compress(text.encode("gb18030"), 1)


def unpack_text(value: str | bytes) -> str:
    """The text :func:`pack_text` kept; older libraries kept it deflated from UTF-8, or
    plain before that: both are read as they are."""
    if isinstance(value, str):
        return value
    if value[:1] == _GB18030:
        return zlib.decompress(value[1:]).decode("gb18030")
    return zlib.decompress(value).decode("utf-8")


def pack_body(body: str, text: str, origins: Sequence[Origin]) -> bytes:
    """``body`` as the library keeps it: a recipe over ``text`` (the article's file's text)
    where ``origins`` rebuild it exactly, else deflated."""
    ops: list[int | str] = []
    at = 0  # where in the body the recipe has reached
    run_end = -1  # where in the file the last op, if a run, stopped
    for o in origins:
        n = o.end - o.start
        if (o.field != "body" or o.start < at or n <= 0 or o.src_end - o.src_start != n
                or body[o.start:o.end] != text[o.src_start:o.src_end]):
            continue  # left to a literal
        if run_end >= 0 and o.src_start >= run_end and text[run_end:o.src_start] == body[at:o.start]:
            ops[-1] = int(ops[-1]) + o.src_end - run_end  # the run goes on (a paragraph's line break too)
        else:
            if o.start > at:
                ops.append(body[at:o.start])
            ops += [o.src_start, n]
        at, run_end = o.end, o.src_end
    if at < len(body):
        ops.append(body[at:])
    recipe = _RECIPE + json.dumps(ops, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(recipe) <= _RECIPE_MAX_SHARE * len(body.encode("utf-8")) and unpack_body(recipe, lambda: text) == body:
        return recipe
    return pack_text(body)


def is_recipe(value: str | bytes) -> bool:
    """Whether a kept body is a recipe (it needs its file's text to be read)."""
    return isinstance(value, bytes) and value[:1] == _RECIPE


def unpack_body(value: str | bytes, text_of_file: Callable[[], str]) -> str:
    """The body :func:`pack_body` kept; ``text_of_file()`` gives its file's text, asked for
    only if the body is a recipe."""
    if not is_recipe(value):
        return unpack_text(value)
    assert isinstance(value, bytes)
    ops = json.loads(value[1:])
    text = text_of_file()
    out: list[str] = []
    i = 0
    while i < len(ops):
        op = ops[i]
        if isinstance(op, str):
            out.append(op)
            i += 1
        else:
            out.append(text[op:op + ops[i + 1]])
            i += 2
    return "".join(out)


def pack_origins(origins: Sequence[Origin]) -> str:
    """Where an article's characters came from, as the library keeps it: each origin's numbers
    as differences from the one before (its field named only when it changes), so the usual
    origin, a paragraph a line after the last, takes a few characters (``body:0,95,19;1,75,2``)
    instead of the two dozen of a JSON list with its field's name. A field name the format
    cannot hold (``:``, ``;`` or ``,`` in it) leaves the list in JSON."""
    items: list[str] = []
    field: str | None = None
    end = src_end = 0
    for o in origins:
        if o.field == field:
            head, start = "", o.start - end
        elif _ORIGIN_SEPARATORS.isdisjoint(o.field):
            field = o.field
            head, start = field + ":", o.start
        else:
            return json.dumps([[o.field, o.start, o.end, o.src_start, o.src_end] for o in origins],
                              ensure_ascii=False)
        n, m = o.end - o.start, o.src_end - o.src_start
        gap = o.src_start - src_end
        items.append(f"{head}{start},{n},{gap}" if m == n else f"{head}{start},{n},{gap},{m - n}")
        end, src_end = o.end, o.src_end
    return _ORIGINS + ";".join(items)


def unpack_origins(value: str) -> list[Origin]:
    """The origins :func:`pack_origins` kept (a JSON list, as older libraries kept them all)."""
    if not value.startswith(_ORIGINS):
        return [Origin(*o) for o in json.loads(value)]
    out: list[Origin] = []
    field, end, src_end = "", 0, 0  # the last origin's
    items = value[len(_ORIGINS):]
    for item in items.split(";") if items else ():
        if ":" in item:  # a new field: its offsets start again
            field, item = item.rsplit(":", 1)
            end = 0
        start, n, gap, *longer = (int(x) for x in item.split(","))
        start += end
        src_start = src_end + gap
        end, src_end = start + n, src_start + n + (longer[0] if longer else 0)
        out.append(Origin(field, start, end, src_start, src_end))
    return out


class Packed(NamedTuple):
    """A parsed file's text and its articles' bodies and origins (in order) as the library keeps them."""

    text: bytes
    bodies: tuple[bytes, ...]
    origins: tuple[str, ...]


def pack(parsed: ParsedIssue) -> Packed:
    """What :meth:`reader.store.Store.save` writes of ``parsed``'s text: an import packs it in
    the worker process that parsed the file, so the one process that stores every file need not."""
    return Packed(pack_text(parsed.text),
                  tuple(pack_body(a.body, parsed.text, a.origins) for a in parsed.articles),
                  tuple(pack_origins(a.origins) for a in parsed.articles))
