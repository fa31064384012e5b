"""The window's search thread: a search that a newer one replaces is stopped, not finished."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.library import Library


def test_a_search_replaced_while_it_runs_sends_nothing_back(seed_library_dir: Path) -> None:
    from reader.search import Searcher
    from reader.ui.search_service import _Latest, _SearchWorker

    latest = _Latest()

    class Typing(Searcher):  # the user types a newer query while this one runs
        def search(self, query: str, **options: Any) -> Any:
            if query == "疫 防控 -大同":
                latest.next()
            return super().search(query, **options)

    worker = _SearchWorker(seed_library_dir, Typing, latest)
    answers: list[tuple[str, int, object]] = []
    worker.finished.connect(lambda qid, result: answers.append(("finished", qid, result.total)))
    worker.failed.connect(lambda qid, message: answers.append(("failed", qid, message)))
    worker.warm_up()
    try:
        first = latest.next()
        worker.search(first, "疫 防控 -大同", {})  # replaced once it has begun: stopped, no answer
        assert answers == []
        second = latest.value
        worker.search(second, "大同", {})
        with Library(seed_library_dir) as lib:
            assert answers == [("finished", second, Searcher(lib).search("大同").total)]
    finally:
        worker.close()
