"""The people a byline or dateline names, in any paper's and era's wording.

``本报讯（记者 李明璇）`` -> 李明璇; ``新华社北京1月10日电`` and ``【新华社张家口十四日电】``
-> 新华社 (the agency is the author when no reporter is named); ``【本报讯】`` ->
nobody; ``文/本报记者 李洋　图/本报记者 孙杰`` -> 李洋 孙杰; ``本报记者 林 川`` -> 林川.
"""

from __future__ import annotations

import re

# Roles and furniture around the names; what is left are the names.
_ROLE = re.compile(
    r"本报讯|(?:本报|新华社|[\u4e00-\u9fff]{2}报)?(?:首席|特约|实习|摄影)?(?:记者|通讯员|实习生)"
    r"|(?:本报|[\u4e00-\u9fff]{2,4}报)?(?:特约)?评论员|文/图|文／图|[文图]\s*[/／]|整理|报道|采写"
    r"|[□■（）()【】]"
)
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")


def author_of(byline: str) -> str:
    """The names a byline gives, separated by spaces ("" when it names nobody).

    >>> author_of("本报讯（记者 陈静 通讯员 刘明）"), author_of("【新华社张家口十四日电】")
    ('陈静 刘明', '新华社')
    >>> author_of("本报记者 林 川"), author_of("【本报阜平讯】"), author_of("本报评论员"), author_of("新华社记者 王晓东")
    ('林川', '', '', '王晓东')
    """
    if not byline:
        return ""
    inner = re.search(r"[（(]([^）)]*)[）)]", byline)
    bare = byline.strip("【】[] \u3000")
    if inner:
        names = _ROLE.sub(" ", inner.group(1))
    elif re.match(r"^(?:据)?新华社", bare) and not re.search(r"记者|通讯员", bare):
        return "新华社"
    elif re.match(r"^本报", bare) and not re.search(r"记者|通讯员|实习生", bare):
        return ""
    else:
        names = _ROLE.sub(" ", byline)
    words = [w for w in re.split(r"[\s、，,]+", names) if w]
    if 2 <= len(words) <= 3 and all(len(w) == 1 for w in words):
        return "".join(words)  # 孙 权, 林 川: one name set with a space
    return " ".join(w for w in words if _NAME.fullmatch(w))
