"""Put the steps together: decoded text -> ParsedIssue. (Temporary stub.)"""

from __future__ import annotations

import hashlib

from reader.models import Article, Issue, ParsedIssue

PARSER_VERSION = 1


def parse_issue(
    text: str,
    *,
    source_name: str,
    source_path: str = "",
    sha256: str = "",
    manifest_date: str | None = None,
    manifest_number: int | None = None,
) -> ParsedIssue:
    issue_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    date = manifest_date or "2022-01-01"
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    arts = []
    for n, p in enumerate(paras):
        aid = "a" + hashlib.sha1(f"{date}\n{p}".encode()).hexdigest()[:15]
        arts.append(Article(id=aid, issue_id=issue_id, date=date, seq=n + 1, title=p[:20], body=p))
    issue = Issue(id=issue_id, date=date, date_source="inferred", source=source_name,
                  source_path=source_path, sha256=sha256, article_count=len(arts))
    return ParsedIssue(issue, tuple(arts), text)
