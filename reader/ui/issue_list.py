"""The library's issues arranged for the navigator: by date, by id, by place in the list, and
grouped paper → year → month for the tree. Qt-free, so a thread builds it beside the list it
reads (36,500 issues take a fifth of a second to arrange, which the window would otherwise
spend on its own thread just after it opened).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from reader.models import Issue

Months = list[tuple[int, list[Issue]]]  # (month 1-12, its issues in order)


@dataclass(frozen=True)
class PaperIssues:
    """One paper's issues for the tree: years (ascending) with their months, then the undated."""

    paper: str
    years: list[tuple[str, Months]]
    undated: list[Issue]


@dataclass(frozen=True)
class IssueList:
    """Every issue, dated ones first (by date, as the library lists them), then the undated.

    >>> a, b = Issue("a", "2024-02-01", "masthead", "x.txt"), Issue("b", "", "unknown", "y.txt")
    >>> lst = IssueList.of([b, a])
    >>> [i.id for i in lst.issues], lst.dates, lst.pos["b"], lst.newest().id
    (['a', 'b'], ['2024-02-01'], 1, 'a')
    >>> [(year, [m for m, _ in months]) for year, months in lst.papers[0].years], lst.papers[0].undated[0].id
    ([('2024', [2])], 'b')
    """

    issues: list[Issue]
    by_id: dict[str, Issue]
    pos: dict[str, int]  # issue id -> its place in ``issues``
    by_date: dict[str, list[Issue]]  # "YYYY-MM-DD" ("" for the undated) -> that day's issues
    dates: list[str]  # the dated issues' dates, in order (for bisect)
    papers: list[PaperIssues]  # in the tree's order: named papers by name, the unnamed last
    articles: int  # articles in all the issues

    @classmethod
    def of(cls, issues: list[Issue]) -> IssueList:
        ordered = sorted(issues, key=lambda i: i.date == "")  # stable: the dated keep their order
        by_date: dict[str, list[Issue]] = defaultdict(list)
        for issue in ordered:
            by_date[issue.date].append(issue)
        return cls(
            issues=ordered,
            by_id={i.id: i for i in ordered},
            pos={issue.id: n for n, issue in enumerate(ordered)},
            by_date=dict(by_date),
            dates=[i.date for i in ordered if i.date],
            papers=by_paper(issues),
            articles=sum(i.article_count for i in ordered),
        )

    def newest(self) -> Issue | None:
        """The issue of the latest date (the last undated one if none has a date)."""
        if self.dates:
            return self.issues[len(self.dates) - 1]
        return self.issues[-1] if self.issues else None


def by_paper(issues: list[Issue]) -> list[PaperIssues]:
    """``issues`` grouped for the tree: named papers by name, the unnamed one last; in each,
    years and months ascending, issues in the order given, the undated after the years."""
    papers: dict[str, list[Issue]] = defaultdict(list)
    for issue in issues:
        papers[issue.paper].append(issue)
    return [_group(paper, papers[paper]) for paper in sorted(papers, key=lambda p: (p == "", p))]


def _group(paper: str, issues: list[Issue]) -> PaperIssues:
    by_year: dict[str, dict[int, list[Issue]]] = defaultdict(lambda: defaultdict(list))
    undated: list[Issue] = []
    for issue in issues:
        if issue.date:
            by_year[issue.date[:4]][int(issue.date[5:7])].append(issue)
        else:
            undated.append(issue)
    years = [(year, [(month, by_year[year][month]) for month in sorted(by_year[year])]) for year in sorted(by_year)]
    return PaperIssues(paper, years, undated)
