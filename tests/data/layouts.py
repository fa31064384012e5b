"""Archive folders in the layouts people keep, made from the seed issues' own text.

Each builder writes a folder under ``root`` and returns what a reader should find
there. The texts are the seeds' articles as printed (headlines, bylines, bodies),
rearranged the way crawlers and archivists store papers: one file per page
(several naming schemes), one file per article (``YYYYMMDD-PP-NN.txt`` with
U+3000-indented paragraphs), markdown article files (``### 标题``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from reader.models import Article
from reader.parsing import parse_issue

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED_001 = "001_5d5f4632bb365153.txt"
SEED_002 = "002_98064722886ee370.txt"
INDENT = "\u3000\u3000"

# Page 3 of 2022-01-11 as the rest of the two stories page 1 sends there would print it.
PAGE_3 = """第03版：要闻

习近平同白俄罗斯总统卢卡申科通电话

（上接第一版）卢卡申科表示，白方高度评价白中全面战略伙伴关系的高水平发展，愿同中方继续在国际事务中密切协作。两国元首还就其他共同关心的问题交换了意见。

抢抓发展机遇 提升城市品质

（上接第一版）市住建局相关负责人表示，将持续推进城市更新行动，让群众生活更方便、更舒心、更美好。

黄花产业助农增收

本报讯（记者 宋芳）记者从市农业农村局了解到，今年我市黄花种植面积稳定在26万亩，带动农民增收。
"""


def seed_text(name: str = SEED_001) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def seed_articles(name: str = SEED_001) -> list[Article]:
    return [a for a in parse_issue(seed_text(name), source_name=name).articles if a.body]


def article_file_text(a: Article) -> str:
    """An article as a crawler stores it: heading lines, then indented paragraphs."""
    lines = [x for x in (a.kicker, a.title, a.subtitle) if x]
    paras = a.body.split("\n")
    lead = a.byline.startswith(("本报讯", "新华社", "本报", "据新华社"))
    if a.byline and not lead:
        lines.append(a.byline)
    lines.append("")
    if a.byline and lead:
        paras[0] = f"{a.byline}{paras[0]}"
    lines += [INDENT + p for p in paras]
    return "\n".join(lines) + "\n"


def markdown_article_text(a: Article, day: date, page: int, page_name: str) -> str:
    """An article as markdown archives keep it: ``### 标题``, metadata, then the text."""
    author = a.author or ""
    body = "\n".join(INDENT + p for p in a.body.split("\n"))
    byline = f"{INDENT}{a.byline}" if a.byline else ""
    return (f"### {a.title}\n作者：{author}\n{day.isoformat()}\n第{page}版({page_name})\n专栏：\n\n"
            f"{a.title}\n{byline}\n{body}\n")


@dataclass
class Expected:
    issues: int
    pages: dict[int, int]  # page -> articles on it, for the issue of 2022-01-11
    titles: list[str]


def per_page_folder(root: Path, scheme: str) -> Path:
    """Seed 001 as page 1 and PAGE_3 as page 3 of 2022-01-11, named by ``scheme``."""
    root.mkdir(parents=True, exist_ok=True)
    names = {
        "date_underscore": ("2022-01-11_01.txt", "2022-01-11_03.txt"),
        "compact_dash": ("20220111-01.txt", "20220111-03.txt"),
        "date_folder": ("2022-01-11/第01版.txt", "2022-01-11/第03版.txt"),
        "paper_tree": ("大同日报/2022/01/11/01.txt", "大同日报/2022/01/11/03.txt"),
        "section": ("2022-01-11/A01.txt", "2022-01-11/A03.txt"),
        "header_line": ("2022-01-11-p.txt", "2022-01-11-q.txt"),
    }[scheme]
    page1, page3 = seed_text(), PAGE_3
    if scheme == "section":  # a sectioned paper's page header would say A03: leave it out
        page3 = PAGE_3.split("\n", 2)[2]
    if scheme == "header_line":
        page1 = "第01版：要闻\n\n" + page1
    for name, text in zip(names, (page1, page3), strict=True):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "README.md").write_text("# 我的剪报\n\n这里是我收集的大同日报，按日期存放。\n", encoding="utf-8")
    return root


def per_article_folder(root: Path) -> Path:
    """Seed 001's stories as one file per article on pages 1 and 2 of 2022-01-11, with a
    reprint (the same story on page 2 again), an advertisement slot and an empty slot."""
    day_dir = root / "2022年01月" / "20220111"
    day_dir.mkdir(parents=True, exist_ok=True)
    arts = seed_articles()
    for n, a in enumerate(arts[:5], start=1):
        (day_dir / f"20220111-01-{n:02d}.txt").write_text(article_file_text(a), encoding="utf-8")
    for n, a in enumerate(arts[5:], start=1):
        (day_dir / f"20220111-02-{n:02d}.txt").write_text(article_file_text(a), encoding="utf-8")
    reprint = len(arts[5:]) + 1
    (day_dir / f"20220111-02-{reprint:02d}.txt").write_text(article_file_text(arts[0]), encoding="utf-8")
    (day_dir / f"20220111-02-{reprint + 1:02d}.txt").write_text("广告\n", encoding="utf-8")
    (day_dir / f"20220111-02-{reprint + 2:02d}.txt").write_text("", encoding="utf-8")
    (root / "README.md").write_text("人民日报 2019 年 10 月，按日期存放，每篇一个文件。\n", encoding="utf-8")
    return root


def markdown_folder(root: Path) -> Path:
    """Seed 002's stories as markdown article files of 1946-05-21, pages 1 and 2."""
    folder = root / "1946年05月"
    folder.mkdir(parents=True, exist_ok=True)
    day = date(1946, 5, 21)
    for n, a in enumerate(seed_articles(SEED_002)):
        page = 1 if n < 3 else 2
        name = f"{day.isoformat()}_{a.title[:12]}.md"
        (folder / name).write_text(markdown_article_text(a, day, page, "要闻" if page == 1 else ""),
                                   encoding="utf-8")
    (folder / "notes.md").write_text("# 整理说明\n\n这些文件由志愿者录入，错漏难免。\n", encoding="utf-8")
    return root


def article_month(root: Path, *, start: date = date(2019, 10, 1), days: int = 31,
                  pages: int = 20, per_page: int = 3) -> int:
    """A month of one-file-per-article (``2019年10月/YYYYMMDD/YYYYMMDD-PP-NN.txt``); returns
    how many article files it wrote. Each story is a seed story told on that day and page."""
    pool = [a for name in sorted(p.name for p in CORPUS.glob("*.txt")) for a in seed_articles(name)]
    written = 0
    for d in range(days):
        day = start + timedelta(days=d)
        folder = root / f"{day.year}年{day.month:02d}月" / day.strftime("%Y%m%d")
        folder.mkdir(parents=True, exist_ok=True)
        for page in range(1, pages + 1):
            for item in range(1, per_page + 1):
                a = pool[(d * pages * per_page + page * per_page + item) % len(pool)]
                text = article_file_text(a).replace("。", f"（{day.month}月{day.day}日第{page}版）。", 1)
                name = f"{day.strftime('%Y%m%d')}-{page:02d}-{item:02d}.txt"
                (folder / name).write_text(text, encoding="utf-8")
                written += 1
    return written
