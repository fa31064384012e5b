"""Where a file sits in an archive: its paper, date, page (版) and place on the page.

Archives are kept as one file per issue (``2022-01-11.txt``), per page
(``2022-01-11_01.txt``, ``20220111-01.txt``, ``2022-01-11/第01版.txt``,
``大同日报/2022/01/11/01.txt``, ``A01.txt``) or per article (a crawler's
``20191001-04-02.txt`` in date folders; markdown ``1946-05-21_标题.md`` files
with ``### 标题``). :func:`place` reads what the path says; :func:`page_header`
and :func:`is_markdown_article` read what the first lines say; :func:`not_an_issue`
names the files that are no issue at all (README, LICENSE, notes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from reader.parsing.dates import filename_date

# 第01版：要闻 / 第1版() / 第 3 版（国际） / 第十二版 on a file's first line
_PAGE_HEADER = re.compile(
    r"^\s*第\s*([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*"
    r"(?:[：:·\s]\s*(?P<a>[^\s（(]{0,12})|[（(](?P<b>[^）)]{0,12})[）)])?\s*$"
)
_ARTICLE_NAME = re.compile(r"(?<!\d)((?:19|20)\d{6})[-_](\d{1,3})[-_](\d{1,3})(?!\d)")
_DATE_IN_NAME = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?:[-_.]\d{1,2}[-_.]\d{1,2}|\d{4}|年\d{1,2}月\d{1,2}日)(?!\d)"
)
_PAGE_NAME = re.compile(
    r"^(?:第\s*(\d{1,3})\s*版|(?:p|page|版)?\s*(\d{1,3})|([A-Ha-h])\s*(\d{1,2}))"
    r"(?:[-_ ]?(?P<name>[\u4e00-\u9fff]{2,8}))?$"
)
_NOT_ISSUES = re.compile(
    r"^(?:readme|license|licence|copying|manifest|changelog|changes|authors|notice|contributing)"
    r"(?:[-_.].*)?$", re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_EDITIONS = ("号外", "增刊", "特刊", "第二版本")


@dataclass(frozen=True)
class Placement:
    """What a file's path says about it. ``layout``: issue, page, article or md_article."""

    layout: str = "issue"
    date: date | None = None
    paper: str = ""
    page: int | None = None
    page_name: str = ""
    item: int | None = None
    edition: str = ""

    @property
    def sort_key(self) -> str:
        """Orders the files of one issue: page, then place on the page (then the file name)."""
        page = f"{self.page:04d}" if self.page is not None else "9999"
        item = f"{self.item:04d}" if self.item is not None else "0000"
        return f"{page}.{item}"

    def key(self) -> str:
        """Where in the archive the file belongs, for telling copies from reprints."""
        if self.page is None and self.item is None:
            return ""
        return f"{self.paper}|{self.date}|{self.edition}|{self.page}|{self.item}"


def place(path: Path, known_papers: tuple[str, ...] = ()) -> Placement:
    """What ``path`` says: its date, paper, page and article number.

    >>> p = place(Path("/a/人民日报/2019年10月/20191001/20191001-04-02.txt"), ("人民日报",))
    >>> (p.layout, p.date.isoformat(), p.paper, p.page, p.item)
    ('article', '2019-10-01', '人民日报', 4, 2)
    >>> p = place(Path("/x/2022-01-11_01.txt"))
    >>> (p.layout, p.page)
    ('page', 1)
    >>> place(Path("/x/000_4a23ad43cd4d0672.txt")).layout
    'issue'
    """
    text = str(path)
    stem = path.stem
    paper = paper_in_path(path, known_papers)
    edition = next((e for e in _EDITIONS if e in stem), "")
    m = _ARTICLE_NAME.search(stem)
    if m:
        d = filename_date(m.group(1))
        if d is not None:
            return Placement("article", d, paper, int(m.group(2)), "", int(m.group(3)), edition)
    day = filename_date(text)
    if path.suffix.lower() == ".md" and day is not None and _DATE_IN_NAME.search(stem):
        return Placement("md_article", day, paper, None, "", None, edition)
    if day is None:
        return Placement("issue", None, paper, edition=edition)
    rest = _DATE_IN_NAME.sub("", stem)
    for name in (paper, *_EDITIONS):
        if name:
            rest = rest.replace(name, "")
    rest = rest.strip(" -_.")
    page = _page_from_name(rest)
    if page is None and not _DATE_IN_NAME.search(stem) and not rest.isdigit():
        page = None  # a date folder holding named files: one issue per file, no page
    if page is not None:
        return Placement("page", day, paper, page[0], page[1], None, edition)
    return Placement("issue", day, paper, edition=edition)


def _page_from_name(rest: str) -> tuple[int, str] | None:
    """"01" -> (1, ""), "第01版" -> (1, ""), "A03" -> (103, "A03"), "02_要闻" -> (2, "要闻")."""
    m = _PAGE_NAME.match(rest)
    if not m:
        return None
    name = m.group("name") or ""
    if m.group(3):
        letter = m.group(3).upper()
        number = (ord(letter) - ord("A") + 1) * 100 + int(m.group(4))
        return number, name or f"{letter}{int(m.group(4)):02d}"
    digits = m.group(1) or m.group(2)
    value = int(digits)
    if value == 0 or value > 200:
        return None
    return value, name


def page_label(page: int | None) -> str:
    """How a page is named: 第01版, or A03 for sectioned papers; "" when unknown.

    >>> page_label(1), page_label(103), page_label(None)
    ('第01版', 'A03', '')
    """
    if page is None:
        return ""
    if page >= 100:
        return f"{chr(ord('A') + page // 100 - 1)}{page % 100:02d}"
    return f"第{page:02d}版"


def paper_in_path(path: Path, known_papers: tuple[str, ...]) -> str:
    """The longest known paper name in the file's name or its folders' names ("" if none)."""
    if not known_papers:
        return ""
    found = _papers_pattern(known_papers).findall(f"{path.parent}/{path.stem}")
    return max(found, key=len, default="")


@lru_cache(maxsize=8)
def _papers_pattern(known_papers: tuple[str, ...]) -> re.Pattern[str]:
    names = sorted(known_papers, key=len, reverse=True)
    # a lookahead finds every name, nested ones too (人民日报 inside 人民日报海外版)
    return re.compile("(?=(" + "|".join(map(re.escape, names)) + "))")


def page_header(first_line: str) -> tuple[int, str] | None:
    """A page header on a file's first line: 第01版：要闻 -> (1, "要闻"), 第1版() -> (1, "")."""
    m = _PAGE_HEADER.match(first_line)
    if not m:
        return None
    from reader.continuations import page_number

    raw = m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    number = page_number(raw)
    if not number:
        return None
    return number, (m.group("a") or m.group("b") or "").strip()


def is_markdown_article(text: str) -> bool:
    """A markdown article file: ``### 标题`` then its date or ``第N版`` within a few lines."""
    lines = [ln.strip() for ln in text.lstrip("\ufeff").splitlines() if ln.strip()][:8]
    if not lines or not _MD_HEADING.match(lines[0]):
        return False
    return any(page_header(ln) or _DATE_IN_NAME.search(ln) for ln in lines[1:])


def not_an_issue(path: Path) -> str | None:
    """Why a file is no issue by its name alone (README, LICENSE, …), or None."""
    if _NOT_ISSUES.match(path.name) and filename_date(path.name) is None:
        return f"not an issue: {path.name} is a document about the folder, not a page of a paper"
    return None


def read_known_papers(*files: Path) -> tuple[str, ...]:
    """Paper names, one per line (``#`` comments), from the files that exist."""
    names: list[str] = []
    for f in files:
        try:
            lines = f.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        names += [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple(dict.fromkeys(names))
