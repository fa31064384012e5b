"""Property tests (hypothesis): the parser loses nothing, search finds exactly what is there.

Two families:

* **Conservation** — for generated issue texts (realistic pieces of the seed
  pages, cut, shuffled and reformatted the way exports do it, and arbitrary
  unicode) :func:`parse_issue` never raises and accounts for every printed
  character exactly once; see :func:`check_conservation` for the invariant.
  Parsing is also stable: the same text gives the same articles and ids (in
  another process too), CRLF the same as LF.
* **Exact search** — for random substrings (1-8 characters) of the seed
  articles, typed in other case or width, bare or quoted, alone, in an AND, a
  NOT or a quoted phrase: the hits are exactly the articles a brute-force scan
  of the searched fields finds, and the spans are exactly the (merged)
  occurrences; see :func:`check_hit`.

Runs deterministically (``derandomize=True``, no example database) in about
20 s; ``BAOKU_PROPERTY_SCALE=20`` runs twenty times the examples, at random.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from brute_search import contains
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.analysis import normalize
from reader.errors import DecodeError
from reader.index import sync_index
from reader.library import Library
from reader.models import Article, ParsedIssue
from reader.parsing import parse_issue
from reader.parsing.units import MARKER_RE, Kind, split_units
from reader.search import Searcher, match_spans
from reader.textio import decode_bytes

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED_FILES = sorted(CORPUS.glob("*.txt"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEED_FILES]

# Deterministic in CI. BAOKU_PROPERTY_SCALE=20 runs 20 times the examples, randomly, for a deeper look.
SCALE = int(os.environ.get("BAOKU_PROPERTY_SCALE", "1"))
PROFILE = settings(
    derandomize=SCALE == 1,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def examples(n: int) -> settings:
    return settings(PROFILE, max_examples=n * SCALE)


# -- the conservation invariant ------------------------------------------------------------------

def field_values(a: Article) -> dict[str, str]:
    """The article fields whose characters come from the page (and carry origins).

    ``author`` is derived from the byline, an inferred title is copied from the
    body's first sentence, ``continued``/``continued_from`` are parsed from
    markers: none of them is printed text of its own, so none has origins.
    """
    values = {"kicker": a.kicker, "subtitle": a.subtitle, "byline": a.byline, "body": a.body}
    if not a.title_inferred:
        values["title"] = a.title
    values.update({f"captions[{i}]": c for i, c in enumerate(a.captions)})
    values.update({f"highlights[{i}]": h for i, h in enumerate(a.highlights)})
    return values


def _markdown_marks(text: str) -> set[int]:
    """Offsets of the ``#`` of a markdown heading mark (``## 标题``): dropped, the level kept."""
    out: set[int] = set()
    pos = 0
    for line in text.split("\n"):
        body = line.strip()
        m = re.match(r"#{1,6}\s+", body)
        if body and m:
            first = pos + len(line) - len(line.lstrip())
            out.update(range(first, first + len(m.group(0).strip())))
        pos += len(line) + 1
    return out


def _bullet_marks(text: str) -> set[int]:
    """Offsets of the mark of a summary-box item (``■ 要点``): dropped, the item kept."""
    return {u.pieces[0][1] for u in split_units(text) if u.kind is Kind.BULLET}


def _marker_spans(text: str) -> list[tuple[str, str, int, int]]:
    """Continuation markers (（下转第三版）): (direction, page, start, end), looked for line by line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out += [(m.group(1), f"第{m.group(2)}版", pos + m.start(), pos + m.end()) for m in MARKER_RE.finditer(line)]
        pos += len(line) + 1
    return out


def _without_markers(text: str) -> str:
    return "\n".join(MARKER_RE.sub("", line) for line in text.split("\n"))


def _nonspace(text: str) -> str:
    return "".join(c for c in text if not c.isspace())


def check_conservation(text: str, parsed: ParsedIssue) -> None:
    """Every non-whitespace character of ``text`` is accounted for exactly once.

    The invariant, as the model can express it:

    1. *Origins are true.* Each origin of an article maps a range of one of its
       printed fields (:func:`field_values`) to a range of the same length in
       the source, and the characters are equal.
    2. *Nothing is shown twice.* Origins never overlap, in the source (one
       source character feeds at most one field character of the whole issue)
       or in a field.
    3. *Nothing is invented.* A field character no origin covers is whitespace:
       the " " that joins heading lines and caption lines, the "\\n" between
       paragraphs. (Line breaks, indentation and trailing spaces of the source
       are the only source characters allowed to vanish; mending never adds
       anything else.)
    4. *Nothing is lost.* A non-whitespace source character no origin covers is
       one of: the ``#`` of a markdown heading mark; the mark of a summary-box
       item (``■``, ``-``) — dropped, or kept where the item went to the extras;
       a continuation marker (``（下转第三版）``), which becomes exactly one
       article's ``continued``/``continued_from`` or stays in the extras; or
       text of the issue's extras (masthead, teasers, furniture, stray
       captions). Extras carry no offsets, so this is checked as multisets of
       characters: the uncovered characters are exactly the extras' characters
       (minus the " / " that joins a teaser's lines), each extras part is a
       contiguous run of uncovered source text, and the markers that left the
       text are exactly the markers in the extras plus the articles'
       ``continued``/``continued_from`` values.
    """
    n = len(text)
    covered = bytearray(n)
    for a in parsed.articles:
        values = field_values(a)
        used = {name: bytearray(len(v)) for name, v in values.items()}
        for o in a.origins:
            assert o.field in values, (a.title, o)
            value = values[o.field]
            assert 0 <= o.start <= o.end <= len(value), o
            assert 0 <= o.src_start <= o.src_end <= n, o
            assert o.end - o.start == o.src_end - o.src_start, o
            assert value[o.start:o.end] == text[o.src_start:o.src_end], o
            assert not any(covered[o.src_start:o.src_end]), f"source shown twice: {o}"
            covered[o.src_start:o.src_end] = b"\x01" * (o.src_end - o.src_start)
            assert not any(used[o.field][o.start:o.end]), f"field range mapped twice: {o}"
            used[o.field][o.start:o.end] = b"\x01" * (o.end - o.start)
        for name, value in values.items():
            invented = [c for c, u in zip(value, used[name], strict=True) if not u and not c.isspace()]
            assert not invented, (a.title, name, invented)
    hidden = bytearray(covered)  # covered, or a markdown mark
    for i in _markdown_marks(text):
        hidden[i] = 1
    # Continuation markers that left the text (looked for where no covered character breaks them).
    extras = list(parsed.issue.extras)
    markers = _marker_spans("".join("\x00" if hidden[i] else c for i, c in enumerate(text)))
    for _way, _page, start, end in markers:
        hidden[start:end] = b"\x01" * (end - start)
    gone = Counter((way, page) for way, page, _s, _e in markers)
    kept = Counter((way, page) for e in extras for way, page, _s, _e in _marker_spans(e))
    fields: Counter[tuple[str, str]] = Counter()
    for a in parsed.articles:
        if a.continued:
            fields[("下转", a.continued)] += 1
        if a.continued_from:
            fields[("上接", a.continued_from)] += 1
    assert gone == kept + fields, (gone, kept, fields)
    # Everything else is in the extras, exactly once.
    bullets = _bullet_marks(text)
    rest = "".join(c for i, c in enumerate(text) if not hidden[i] and not c.isspace())
    unmarked = "".join(c for i, c in enumerate(text) if not hidden[i] and not c.isspace() and i not in bullets)
    extra_text = _nonspace("".join(_without_markers(e) for e in extras))
    missing = Counter(rest) - Counter(extra_text)
    marks = Counter(text[i] for i in bullets if not hidden[i])
    assert not (missing - marks), f"lost: {''.join(sorted((missing - marks).elements()))!r}"
    surplus = Counter(extra_text) - Counter(rest)
    joins = sum(e.count(" / ") for e in extras)
    assert set(surplus) <= {"/"} and surplus["/"] <= joins, f"extras hold more: {surplus}"
    for e in extras:
        for part in re.split(r" / |\n", _without_markers(e)):
            part = _nonspace(part)
            assert not part or part in rest or part in unmarked, (part, e)


def check_stable(text: str, parsed: ParsedIssue) -> None:
    """Same text, same ids; ids unique within the issue."""
    again = parse_issue(text, source_name="x.txt")
    assert [a.id for a in again.articles] == [a.id for a in parsed.articles]
    assert again == parsed
    ids = [a.id for a in parsed.articles]
    assert len(set(ids)) == len(ids)


# -- generated issues ----------------------------------------------------------------------------

def _seed_pieces() -> tuple[list[str], list[str], list[str]]:
    heads: set[str] = set()
    paras: set[str] = set()
    captions: set[str] = set()
    for path, text in zip(SEED_FILES, SEED_TEXTS, strict=True):
        parsed = parse_issue(text, source_name=path.name)
        for a in parsed.articles:
            heads.update(h for h in (a.kicker, a.subtitle) if h)
            if not a.title_inferred:
                heads.add(a.title)
            paras.update(p for p in a.body.split("\n") if p)
            captions.update(a.captions)
    return sorted(heads), sorted(paras), sorted(captions)


HEADS, PARAS, CAPTIONS = _seed_pieces()
NAMES = ["张三", "李明璇", "韩云峰", "孙 权", "良言", "何婧", "王泽宇", "欧阳小明"]
PAGES = ["第一版", "第三版", "第3版", "第十二版", "2版"]
MASTHEAD = ["# 大同日报", "中共大同市委机关报", "国内统一刊号: CN14—0019", "2022年1月  ", "11 星期二",
            "农历辛丑年", "今日8版", "(第16076号)", "大同日报社出版", "www.dtnews.cn"]
FURNITURE = ["责任编辑：张三 美编：李四", "第1版：要闻", "校对：王五", "刊3版▶", "详见第二版", "要闻 ▶"]
BANNERS = ["奋进新征程 建功新时代", "二十大精神在大同", "我们的新时代", "短评"]
_FULL = str.maketrans({"，": ",", "。": ".", "（": "(", "）": ")", "：": ":", "；": ";", "！": "!",
                       "？": "?", "“": '"', "”": '"'})
_HALF_TO_FULL = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}


@st.composite
def _byline(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    return draw(st.sampled_from([
        f"本报讯（记者 {name}）", f"本报讯 (记者 {name})", f"本报讯（记者 {name} 通讯员 王五）",
        f"新华社北京{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日电",
        f"新华社太原7月22日电 (记者 {name})", "本报综合", f"据新华社北京1月{draw(st.integers(1, 31))}日电",
    ]))


def _split_points(draw: st.DrawFn, text: str, most: int) -> list[str]:
    if len(text) < 2:
        return [text]
    cuts = sorted(set(draw(st.lists(st.integers(1, len(text) - 1), max_size=most))))
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


@st.composite
def _block(draw: st.DrawFn) -> list[str]:
    """A few lines of a page: a headline group, a lead, body text, a photo, a box, furniture..."""
    kind = draw(st.sampled_from([
        "headline", "headline", "lead", "body", "body", "byline", "caption", "credit", "bullets",
        "marker", "furniture", "masthead", "subhead", "name", "random",
    ]))
    para = draw(st.sampled_from(PARAS))
    if kind == "headline":
        lines = draw(st.lists(st.sampled_from(HEADS + BANNERS), min_size=1, max_size=3))
        if draw(st.booleans()):
            lines.append("——" + draw(st.sampled_from(HEADS)))
        marks = draw(st.sampled_from(["", "", "# ", "## ", "### "]))
        return [marks + line if n == 0 or draw(st.booleans()) else line for n, line in enumerate(lines)]
    if kind == "lead":
        return _split_points(draw, draw(_byline()) + para, 3)
    if kind == "body":
        parts = _split_points(draw, para, 4)
        if draw(st.integers(0, 4)) == 0:
            marker = draw(st.sampled_from(["下转", "上接"]))
            tag = f"（{marker}{draw(st.sampled_from(PAGES))}）"
            parts = [*parts[:-1], parts[-1] + tag] if marker == "下转" else [tag + parts[0], *parts[1:]]
        return parts
    if kind == "byline":
        return [draw(st.sampled_from(["□ ", "□", "■ ", ""])) + draw(st.sampled_from(
            [f"本报记者 {draw(st.sampled_from(NAMES))}", "本报记者 吴华 张世敬", "本报记者 何婧 通讯员 王泽宇",
             f"记者 {draw(st.sampled_from(NAMES))}"]))]
    if kind == "caption":
        text = draw(st.sampled_from(CAPTIONS)) if draw(st.booleans()) else para[:60]
        return [text + draw(st.sampled_from([" 本报记者 张燕伟摄", "（新华社发）", " 图/文 李四摄", ""]))]
    if kind == "credit":
        return [para[:50], draw(st.sampled_from(["本报记者 张燕伟摄", "新华社发", "（王五 摄）"]))]
    if kind == "bullets":
        mark = draw(st.sampled_from(["■", "■ ", "- ", "* ", "● ", "◆"]))
        return [mark + p[:40] for p in draw(st.lists(st.sampled_from(PARAS), min_size=1, max_size=4))]
    if kind == "marker":
        return [f"（{draw(st.sampled_from(['下转', '上接']))}{draw(st.sampled_from(PAGES))}）"]
    if kind == "furniture":
        return [draw(st.sampled_from(FURNITURE))]
    if kind == "masthead":
        return draw(st.lists(st.sampled_from(MASTHEAD), min_size=1, max_size=5))
    if kind == "subhead":
        return ["### " + draw(st.sampled_from(HEADS))[:16] if draw(st.booleans()) else draw(st.sampled_from(HEADS))[:12]]
    if kind == "name":
        return [draw(st.sampled_from(HEADS)), draw(st.sampled_from(NAMES))]
    return [draw(st.text(min_size=1, max_size=30))]


def _restyle(draw: st.DrawFn, line: str) -> str:
    """What exports do to a line: half-width punctuation, full-width digits, indents, trailing spaces."""
    if draw(st.integers(0, 5)) == 0:
        line = line.translate(_FULL)
    if draw(st.integers(0, 7)) == 0:
        line = "".join(_HALF_TO_FULL.get(c, c) for c in line)
    indent = draw(st.sampled_from(["", "", "", "  ", "\u3000\u3000", "\t"]))
    trail = draw(st.sampled_from(["", "", "", "  ", " ", "\u3000"]))
    return indent + line + trail


@st.composite
def issue_texts(draw: st.DrawFn) -> str:
    """A page built from realistic pieces, cut and reformatted the way text exports are."""
    blocks = draw(st.lists(_block(), min_size=1, max_size=12))
    if draw(st.integers(0, 2)) == 0:
        # A story whose text breaks off mid-sentence and goes on among other stories (before or
        # after them), the words at the break printed elsewhere too: the parser moves it back.
        para = draw(st.sampled_from([p for p in PARAS if len(p) > 8]))
        cut = draw(st.integers(3, len(para) - 3))
        story = [draw(st.sampled_from(HEADS)), draw(_byline()) + para[:cut]]
        blocks.insert(draw(st.integers(0, len(blocks))), story)
        before = draw(st.sampled_from([[], ["（下转第二版）"], ["（下转第二版）", "■ 要点一二三"],
                                       ["（下转第二版）", "图为现场。 本报记者 张燕伟摄"]]))
        blocks.insert(draw(st.integers(0, len(blocks))), [*before, para[cut:]])
        blocks.insert(draw(st.integers(0, len(blocks))), [f"文中也有{para[cut - 2:cut + 2]}一词。"])
    lines = [line for block in blocks for line in block]
    if len(lines) > 2 and draw(st.integers(0, 3)) == 0:  # a fragment printed among other stories
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        lines.insert(j, lines.pop(i))
    out = []
    for line in lines:
        out.append(_restyle(draw, line))
        out.extend([""] * draw(st.sampled_from([0, 0, 1, 1, 1, 2])))
    return "\n".join(out)


# Arbitrary text: any code point but surrogates (what the decoder hands the parser).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
# Text made of the characters the parser looks at, so the rules actually fire.
PARSER_ALPHABET = st.text(
    st.sampled_from(list("\n\n\n  \u3000\t#■-（）()下转上接第三版本报讯记者新华社电摄。，？“”《》：:▶大同日报星期一"
                         "1234567890年月日号—责任编辑张三<>&/")),
    max_size=200,
)


def _parse(text: str) -> ParsedIssue:
    return parse_issue(text, source_name="x.txt")


@examples(300)
@given(issue_texts())
def test_generated_issues_lose_nothing(text: str) -> None:
    parsed = _parse(text)
    check_conservation(text, parsed)
    check_stable(text, parsed)


@examples(300)
@given(st.one_of(ANY_TEXT, PARSER_ALPHABET))
def test_arbitrary_text_loses_nothing(text: str) -> None:
    parsed = _parse(text)
    check_conservation(text, parsed)
    check_stable(text, parsed)


@examples(200)
@given(st.text(st.characters(exclude_categories=[]), max_size=200))
def test_decoded_text_loses_nothing(raw: str) -> None:
    """What the decoder makes of any text (surrogates, controls, CR) parses without loss."""
    data = raw.encode("utf-8", "surrogatepass")
    try:
        text = decode_bytes(data).text
    except DecodeError:
        return
    parsed = _parse(text)
    check_conservation(text, parsed)


def _layout(parsed: ParsedIssue) -> list[tuple[object, ...]]:
    return [(a.id, a.seq, a.kind, a.kicker, a.title, a.subtitle, a.byline, a.author, a.body, a.captions,
             a.highlights, a.continued, a.continued_from, a.title_inferred, a.subheads) for a in parsed.articles]


@examples(100)
@given(issue_texts())
def test_crlf_gives_the_same_articles(text: str) -> None:
    """CRLF line ends (read as they are, or through the decoder) give the same articles and ids.

    The LF text has no carriage returns of its own: a stray ``\r`` before a line end
    would become ``\r\r\n``, which is two line ends (old Mac and DOS), not one.
    """
    text = text.replace("\r", "")
    lf = _parse(text)
    crlf_text = text.replace("\n", "\r\n")
    raw = _parse(crlf_text)
    assert _layout(raw) == _layout(lf)
    assert raw.issue.extras == lf.issue.extras
    check_conservation(crlf_text, raw)
    assert _decoded(crlf_text) == _decoded(text)


def _decoded(text: str) -> str | None:
    try:
        return decode_bytes(text.encode("utf-8")).text
    except DecodeError:
        return None


def test_ids_do_not_depend_on_the_process() -> None:
    """Another process (another hash seed for str) cuts the same articles with the same ids."""
    texts = [*SEED_TEXTS, "\n\n".join(SEED_TEXTS[:3]), "\n".join(reversed(SEED_TEXTS[3].split("\n")))]
    script = ("import json, sys\nfrom reader.parsing import parse_issue\n"
              "texts = json.load(sys.stdin)\n"
              "print(json.dumps([[a.id for a in parse_issue(t, source_name='x.txt').articles] for t in texts]))")
    there = subprocess.run([sys.executable, "-c", script], input=json.dumps(texts), capture_output=True,
                           text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "4242"})
    here = [[a.id for a in _parse(t).articles] for t in texts]
    assert json.loads(there.stdout) == here


# -- exact search ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_lib(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library(tmp_path_factory.mktemp("proplib"))
    library.import_paths([CORPUS])
    sync_index(library)
    yield library
    library.close()


@pytest.fixture(scope="module")
def seed_searcher(seed_lib: Library) -> Iterator[Searcher]:
    searcher = Searcher(seed_lib)
    yield searcher
    searcher.close()


@pytest.fixture(scope="module")
def seed_articles(seed_lib: Library) -> dict[str, Article]:
    return {a.id: a for a in seed_lib.iter_articles()}


def _searched(a: Article) -> dict[str, str]:
    """What a search looks in: the heading, the byline and author, the body, captions, summary box."""
    values = {"kicker": a.kicker, "title": a.title, "subtitle": a.subtitle, "byline": a.byline,
              "author": a.author, "body": a.body}
    values.update({f"captions[{i}]": c for i, c in enumerate(a.captions)})
    values.update({f"highlights[{i}]": h for i, h in enumerate(a.highlights)})
    return values


def brute(articles: dict[str, Article], term: str) -> set[str]:
    """Articles containing ``term`` in some searched field, after normalisation: by a plain scan."""
    needle = normalize(term)
    return {aid for aid, a in articles.items()
            if any(contains(normalize(v), needle) for v in _searched(a).values())}


def occurrences(value: str, terms: list[str]) -> list[tuple[int, int]]:
    """Every occurrence (overlapping ones too) of every term, merged where they overlap.

    That is how the search defines its spans: ``啊啊`` in ``啊啊啊`` is one span
    (0, 3); two occurrences that only touch stay two spans. A term that begins
    (ends) with a Latin letter or digit occurs only where a run of them begins
    (ends): ``5g`` is not in ``1.5gw``.
    """
    hay = normalize(value)

    def alnum(k: int) -> bool:
        return 0 <= k < len(hay) and hay[k] in "0123456789abcdefghijklmnopqrstuvwxyz"

    raw = sorted({(i, i + len(t)) for t in terms for i in range(len(hay) - len(t) + 1)
                  if hay[i:i + len(t)] == t
                  and not (alnum(i) and alnum(i - 1)) and not (alnum(i + len(t) - 1) and alnum(i + len(t)))})
    merged: list[tuple[int, int]] = []
    for s, e in raw:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def spaced_occurrences(byline: str, author: str, terms: list[str],
                       plain: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``plain`` plus, for a term in the author but not in the byline, where the byline
    prints its characters with spaces between them (found by a character walk, not a regex)."""
    hay, who = normalize(byline), normalize(author)
    raw = set(plain)
    for t in terms:
        if len(t) < 2 or t not in who or t in hay:
            continue
        for i in range(len(hay)):
            k, j = 0, i
            while j < len(hay) and k < len(t):
                if hay[j] == t[k]:
                    k, j = k + 1, j + 1
                elif k and hay[j].isspace():
                    j += 1
                else:
                    break
            if k == len(t) and hay[i] == t[0]:
                raw.add((i, j))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(raw):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _texts(articles: dict[str, Article]) -> list[str]:
    return sorted({v for a in articles.values() for v in _searched(a).values() if v})


_FOLD_BACK = {**{chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}, " ": "\u3000"}


@st.composite
def substrings(draw: st.DrawFn, texts: list[str]) -> str:
    """1-8 characters of an article's text; often around Latin letters or digits; restyled."""
    text = draw(st.sampled_from(texts))
    size = draw(st.integers(1, min(8, len(text))))
    latin = [i for i, c in enumerate(text) if c.isascii() and c.isalnum() and i + size <= len(text)]
    if draw(st.booleans()) and latin:
        start = max(0, draw(st.sampled_from(latin)) - draw(st.integers(0, size - 1)))
    else:
        start = draw(st.integers(0, len(text) - size))
    sub = text[start:start + size]
    out = []
    for c in sub:  # the same query, typed differently: case, full-width forms, U+3000
        how = draw(st.sampled_from(["same", "same", "same", "swap", "wide"]))
        out.append(c.swapcase() if how == "swap" and c.isascii() else _FOLD_BACK.get(c, c) if how == "wide" else c)
    return "".join(out)


def _bare(term: str) -> bool:
    """Whether ``term`` can be typed without quotes: no query syntax in it, ASCII or IME."""
    return (not any(c.isspace() or c in '"():\x00\x01“”‘’「」『』（）：' for c in term)
            and not term.startswith(("-", "－", "—")) and term != "OR")


@st.composite
def written(draw: st.DrawFn, term: str) -> str:
    """``term`` as a user types it: bare where the syntax allows, else in quotes."""
    if _bare(term) and draw(st.booleans()):
        return term
    return '"' + term.replace('"', "\uff02") + '"'  # ＂ normalises to ", so it asks for the same text


def _term_of(query_part: str) -> str:
    return normalize(query_part[1:-1] if query_part.startswith('"') else query_part)


def check_hit(hit_spans: dict[str, list[tuple[int, ...]]], article: Article, terms: list[str]) -> None:
    """A hit's spans are exactly where the query's (positive) terms occur, field by field.

    For each field a hit shows (kicker, title, subtitle, byline, body, every
    caption) the spans are all occurrences of all terms in the normalised field
    — :func:`normalize` folds full-width ASCII to ASCII, U+3000 to a space and
    Latin to lower case, one character for one, so offsets are the field's own
    — with overlapping occurrences merged into one span (touching ones are
    not). So each span starts and ends with a term, and one no longer than the
    longest term (of at most two) is exactly a term. The byline also marks a
    name the query found only in ``author`` (derived: ``孙 权`` -> ``孙权``)
    where it is printed, spaces and all. A hit with no span at all matched
    only in ``author``.
    """
    for name in ("kicker", "title", "subtitle", "byline", "body"):
        value = getattr(article, name)
        spans = [tuple(s) for s in hit_spans[name]]
        expected = occurrences(value, terms)
        if name == "byline":
            expected = spaced_occurrences(value, article.author, terms, expected)
        assert spans == expected, (name, terms)
        for s, e in spans:
            piece = normalize(value[s:e])
            if name == "byline":
                piece = "".join(piece.split()) if "".join(piece.split()) in terms else piece
            assert any(piece.startswith(t) for t in terms) and any(piece.endswith(t) for t in terms)
            assert e - s > max(map(len, terms)) or piece in terms, (piece, terms)
    for name in ("captions", "highlights"):
        expected = [(k, s, e) for k, c in enumerate(getattr(article, name)) for s, e in occurrences(c, terms)]
        assert [tuple(c) for c in hit_spans[name]] == expected, (name, terms)
    if not any(hit_spans[k] for k in hit_spans):  # then the match is in the author, a derived field
        assert any(t in normalize(article.author) for t in terms), (article.id, terms)


def run_query(searcher: Searcher, articles: dict[str, Article], query: str, expected: set[str],
              terms: list[str]) -> None:
    result = searcher.search(query, limit=0)
    found = {h.article_id for h in result.hits}
    assert result.total == len(result.hits) == len(found)
    assert found == expected, (query, sorted(found - expected), sorted(expected - found))
    for hit in result.hits:
        article = articles[hit.article_id]
        by_field = {k: [tuple(x) for x in v] for k, v in hit.to_json()["spans"].items()}  # type: ignore[union-attr]
        check_hit(by_field, article, [normalize(t) for t in terms])
        assert match_spans(article.body, query) == hit.spans_in("body")


@examples(120)
@given(data=st.data())
def test_search_one_term_is_exact(seed_searcher: Searcher, seed_articles: dict[str, Article],
                                  data: st.DataObject) -> None:
    texts = _texts(seed_articles)
    term = data.draw(substrings(texts), label="term")
    if data.draw(st.integers(0, 4)) == 0:  # a string that may be nowhere: precision
        term += data.draw(substrings(texts), label="tail")
    query = data.draw(written(term), label="query")
    term = _term_of(query)
    run_query(seed_searcher, seed_articles, query, brute(seed_articles, term), [term])


@examples(80)
@given(data=st.data())
def test_search_and_not_are_exact(seed_searcher: Searcher, seed_articles: dict[str, Article],
                                  data: st.DataObject) -> None:
    texts = _texts(seed_articles)
    q1 = data.draw(written(data.draw(substrings(texts), label="a")), label="q1")
    q2 = data.draw(written(data.draw(substrings(texts), label="b")), label="q2")
    a, b = _term_of(q1), _term_of(q2)
    form = data.draw(st.sampled_from(["and", "not", "only-not"]), label="form")
    everything = set(seed_articles)
    if form == "and":
        run_query(seed_searcher, seed_articles, f"{q1} {q2}",
                  brute(seed_articles, a) & brute(seed_articles, b), [a, b])
    elif form == "not":
        run_query(seed_searcher, seed_articles, f"{q1} -{q2}",
                  brute(seed_articles, a) - brute(seed_articles, b), [a])
    else:
        result = seed_searcher.search(f"-{q2}", limit=0)
        assert {h.article_id for h in result.hits} == everything - brute(seed_articles, b)


@st.composite
def phrases(draw: st.DrawFn, texts: list[str]) -> str:
    """2-12 characters around a space or a punctuation mark: only a quoted phrase can ask for it."""
    text = draw(st.sampled_from([t for t in texts if re.search(r"[\s，。、“”：（）《》,.]", t)]))
    marks = [m.start() for m in re.finditer(r"[\s，。、“”：（）《》,.]", text)]
    at = draw(st.sampled_from(marks))
    before = draw(st.integers(0, min(6, at)))
    after = draw(st.integers(0, min(6, len(text) - at - 1)))
    phrase = text[at - before:at + after + 1]
    return phrase.replace('"', "") or "，"


@examples(60)
@given(data=st.data())
def test_search_quoted_phrases_are_exact(seed_searcher: Searcher, seed_articles: dict[str, Article],
                                         data: st.DataObject) -> None:
    texts = _texts(seed_articles)
    phrase = data.draw(phrases(texts), label="phrase")
    if data.draw(st.booleans()):
        run_query(seed_searcher, seed_articles, f'"{phrase}"', brute(seed_articles, phrase), [phrase])
    else:
        other = data.draw(substrings(texts), label="other")
        q = data.draw(written(other), label="q")
        run_query(seed_searcher, seed_articles, f'"{phrase}" {q}',
                  brute(seed_articles, phrase) & brute(seed_articles, _term_of(q)), [phrase, _term_of(q)])
