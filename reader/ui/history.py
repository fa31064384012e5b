"""Back and Forward through the articles read, as in a browser (Alt+← / Alt+→).

Plain Python (no Qt): the window records each article it shows with :meth:`History.visit`
and asks :meth:`back` / :meth:`forward` for the one to show next; showing it is then not
recorded again.
"""

from __future__ import annotations

MAX_ENTRIES = 200


class History:
    """A list of visited article ids with a cursor.

    >>> h = History()
    >>> for a in ("a", "b", "c"): h.visit(a)
    >>> h.back(), h.back(), h.back(), h.forward()
    ('b', 'a', None, 'b')
    >>> h.visit("d"); h.forward() is None   # a new visit drops the forward entries
    True
    """

    def __init__(self) -> None:
        self._items: list[str] = []
        self._pos = -1

    def visit(self, article_id: str) -> None:
        if 0 <= self._pos < len(self._items) and self._items[self._pos] == article_id:
            return
        del self._items[self._pos + 1:]
        self._items.append(article_id)
        if len(self._items) > MAX_ENTRIES:
            del self._items[0]
        self._pos = len(self._items) - 1

    def can_go_back(self) -> bool:
        return self._pos > 0

    def can_go_forward(self) -> bool:
        return self._pos < len(self._items) - 1

    def back(self) -> str | None:
        if not self.can_go_back():
            return None
        self._pos -= 1
        return self._items[self._pos]

    def forward(self) -> str | None:
        if not self.can_go_forward():
            return None
        self._pos += 1
        return self._items[self._pos]

    def forget(self, article_id: str) -> None:
        """An article that no longer exists (re-imported away) is dropped from the list."""
        kept = [a for a in self._items if a != article_id]
        if len(kept) != len(self._items):
            current = self._items[self._pos] if 0 <= self._pos < len(self._items) else None
            self._items = kept
            self._pos = kept.index(current) if current in kept else len(kept) - 1
