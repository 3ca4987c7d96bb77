"""Whole titles of persons: org + post, titles joined by 、, a title shared by a list of names.

:func:`newskg.extract.rules.title_before` finds the position word glued before
a name (局长, 常务副市长). News writes more of the title than that, and these
rules read it whole:

* an organization or place named right before the post, with a unit between
  (``省商务厅`` + ``电子商务处`` + ``处长``; ``西集镇`` + ``党委书记``);
* titles joined by 、 (``市委常委、常务副市长``);
* one title before a list of names applies to each (``县领导赵某、钱某、孙某``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from newskg.extract.rules import GOV_PREFIXES, title_before
from newskg.model import EntityType, Mention

__all__ = ["full_title", "share_list_titles", "with_full_titles"]

# A unit inside an organization, written between the organization and the post.
_UNIT = re.compile(
    r"[\u4e00-\u9fa5]{1,8}?(?:处|科|室|股|局|厅|部|办|所|站|中心|党委|党组|党工委|支部|委员会|委|办公室|分公司|事业部)"
)
# Government bodies written before a post: 市委 (宣传部部长), 县政协 (主席), 镇人大 (主席) ...
_LEVELS = ("省", "市", "县", "区", "镇", "乡")
_BODIES = ("委", "政府", "人大常委会", "人大", "政协", "纪委", "监委", "党委")
_GOV_BEFORE = tuple(sorted({*GOV_PREFIXES, *(lv + b for lv in _LEVELS for b in _BODIES)}, key=len, reverse=True))
# A level-named office the model missed (县农业农村局), taken only from a clear left boundary.
_OFFICE = re.compile(r"(?:省|市|县|区)[\u4e00-\u9fa5]{1,10}?(?:局|委员会|委|办公室|办|厅|院|中心|站|所|馆)")
_LEFT_EDGE = re.compile(r"[^\u4e00-\u9fa5]|[、和与及同由在对向请为是的]")
_LIST_SEP = ("、", "和", "及")


def full_title(text: str, start: int, end: int, spans: Sequence[tuple[int, int]] = ()) -> int:
    """Where the whole title ending at ``end`` starts, given the post found at ``start``.

    ``spans`` are the organization and place mentions of the text. O(k * S)
    for k extension steps.

    >>> t = "省商务厅电子商务处处长秦岭"
    >>> t[full_title(t, 9, 11, [(0, 4)]) : 11]
    '省商务厅电子商务处处长'
    >>> t = "市委常委、常务副市长韩立群"
    >>> t[full_title(t, 5, 10) : 10]
    '市委常委、常务副市长'
    >>> t = "西集镇党委书记王建国"
    >>> t[full_title(t, 2, 7, [(0, 3)]) : 7]
    '西集镇党委书记'
    >>> t = "市委宣传部副部长钟明"
    >>> t[full_title(t, 5, 8, [(2, 5)]) : 8]
    '市委宣传部副部长'
    >>> t = "会上,县农业农村局局长高明介绍了情况。"
    >>> t[full_title(t, 9, 11) : 11]
    '县农业农村局局长'
    >>> t = "县政协主席白云"
    >>> t[full_title(t, 3, 5) : 5]
    '县政协主席'
    >>> t = "区委书记孟景伟、区长郑海涛"
    >>> t[full_title(t, 8, 10) : 10]
    '区长'
    """
    changed = True
    while changed:
        changed = False
        for s, e in spans:
            if s < start <= e:  # a mention right before the title, or ending inside its first word
                start, changed = s, True
                break
            if e < start and start - e <= 10 and _UNIT.fullmatch(text, e, start):
                start, changed = s, True  # 省商务厅 + 电子商务处 + 处长
                break
        if changed:
            continue
        prefix = next((g for g in _GOV_BEFORE if text.startswith(g, max(0, start - len(g)))), None)
        if prefix and start - len(prefix) >= 0:
            start, changed = start - len(prefix), True  # 市委 + 宣传部部长
            continue
        if start > 0 and text[start - 1] == "、":
            tm = title_before(text, start - 1)
            if tm is not None:
                start, changed = tm.start, True  # 市委常委、 + 常务副市长
                continue
        for left in range(max(0, start - 12), start - 2):
            if _OFFICE.fullmatch(text, left, start) and (left == 0 or _LEFT_EDGE.match(text, left - 1)):
                start, changed = left, True  # ,县农业农村局 + 局长
                break
    return start


def with_full_titles(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Each titled person mention with its whole title (see :func:`full_title`). O(M * S)."""
    spans = [(m.start, m.end) for m in mentions if m.type is not EntityType.PERSON]
    out: list[Mention] = []
    for m in mentions:
        if m.type is EntityType.PERSON and m.title and text[m.start - len(m.title) : m.start] == m.title:
            begin = full_title(text, m.start - len(m.title), m.start, spans)
            m = m.model_copy(update={"title": text[begin : m.start]})
        out.append(m)
    return out


def share_list_titles(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """A title before a list of names goes to every name in it: ``县领导赵某、钱某、孙某``. O(M log M).

    >>> from newskg.model import EntityType as T
    >>> t = "县领导赵德明、钱慧、孙志刚参加。"
    >>> def person(n: str) -> Mention:
    ...     return Mention(surface=n, name=n, type=T.PERSON, start=t.index(n), end=t.index(n) + len(n))
    >>> ms = [person(n) for n in ("赵德明", "钱慧", "孙志刚")]
    >>> ms[0] = ms[0].model_copy(update={"title": "县领导"})
    >>> [m.title for m in share_list_titles(t, ms)]
    ['县领导', '县领导', '县领导']
    """
    people = sorted((m for m in mentions if m.type is EntityType.PERSON), key=lambda m: m.start)
    titled: dict[int, str] = {}
    for prev, cur in itertools.pairwise(people):
        title = titled.get(prev.start, prev.title)
        if not cur.title and title and text[prev.end : cur.start] in _LIST_SEP:
            titled[cur.start] = title
    return [
        m.model_copy(update={"title": titled[m.start]}) if m.type is EntityType.PERSON and m.start in titled else m
        for m in mentions
    ]
