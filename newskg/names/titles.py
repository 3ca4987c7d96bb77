"""Titles of persons: ``区委书记孟景伟`` is the person 孟景伟 with the title 区委书记.

:func:`title_before` finds the position word glued before a name (局长,
常务副市长). News writes more of the title than that, and the other rules
read it whole:

* an organization or place named right before the post, with a unit between
  (``省商务厅`` + ``电子商务处`` + ``处长``; ``西集镇`` + ``党委书记``);
* titles joined by 、 (``市委常委、常务副市长``);
* one title before a list of names applies to each (``县领导赵某、钱某、孙某``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newskg.model import EntityType, Mention
from newskg.names.lexicon import (
    ADMIN_LEVELS,
    AREA_WORD_ENDINGS,
    GOV_BODIES,
    GOV_PREFIXES,
    LEADING_AREA_RE,
    LIST_JOINERS,
    LIST_TITLES_AFTER,
    NON_AREA_CHARS,
    OFFICE_SUFFIXES,
    ORG_UNIT_SUFFIXES,
    PARK_SUFFIXES,
    POST_AFTER_NAME_FOLLOWERS,
    POSTS_AFTER_NAME,
    STRONG_TITLE_WORDS,
    TITLE_END_RE,
    TITLE_LEFT_EDGES,
    TITLE_MODIFIERS,
    TITLE_START_RE,
)

__all__ = [
    "TitleMatch",
    "full_title",
    "leading_areas",
    "share_list_titles",
    "strip_title",
    "title_before",
    "titles_after_names",
    "with_full_titles",
]


@dataclass(frozen=True)
class TitleMatch:
    """A title found right before a name: ``prefix`` is a government body (区委), if any."""

    start: int
    title: str
    position: str
    prefix: str | None


def title_before(text: str, end: int) -> TitleMatch | None:
    """The title that ends at ``end`` in ``text`` (the start of a person name), if any.

    >>> title_before("昨天下午,区委书记孟景伟", 9)
    TitleMatch(start=5, title='区委书记', position='书记', prefix='区委')
    >>> title_before("区发展改革委相关负责人", 11).position
    '负责人'
    >>> title_before("昨天下午,", 5) is None
    True
    """
    window = text[max(0, end - 16) : end]
    m = TITLE_END_RE.search(window)
    if not m:
        return None
    prefix = m.group("prefix")
    position = (m.group("mod") or "") + m.group("word")
    if m.group("mod") == "相关":
        position = m.group("word")
    start = end - len(m.group(0))
    return TitleMatch(start, m.group(0), position, prefix)


def strip_title(name: str) -> tuple[str, str | None]:
    """Split a person span that swallowed its title.

    >>> strip_title("区委书记孟景伟")
    ('孟景伟', '区委书记')
    >>> strip_title("书记")  # no name would remain
    ('书记', None)
    """
    m = TITLE_START_RE.match(name)
    if m and len(name) - m.end() >= 2:
        return name[m.end() :], m.group(0)
    return name, None


# A unit inside an organization, written between the organization and the post.
_UNIT = re.compile(r"[\u4e00-\u9fa5]{1,8}?(?:" + "|".join(ORG_UNIT_SUFFIXES) + ")")
# Government bodies written before a post: 市委 (宣传部部长), 县政协 (主席), 镇人大 (主席) ...
_GOV_BEFORE = tuple(
    sorted({*GOV_PREFIXES, *(lv + b for lv in ADMIN_LEVELS for b in GOV_BODIES)}, key=len, reverse=True)
)
# A level-named office the model missed (县农业农村局), taken only from a clear left boundary.
_OFFICE = re.compile(
    "(?:" + "|".join(ADMIN_LEVELS[:4]) + r")[\u4e00-\u9fa5]{1,10}?(?:" + "|".join(OFFICE_SUFFIXES) + ")"
)
_LEFT_EDGE = re.compile(r"[^\u4e00-\u9fa5]|[" + TITLE_LEFT_EDGES + "]")
# "与" joins two sides ("区长A与企业家B"), not a list sharing one title.
_LIST_SEP = tuple(j for j in LIST_JOINERS if j != "与")


def full_title(text: str, start: int, end: int, spans: Sequence[tuple[int, int]] = (), floor: int = 0) -> int:
    """Where the whole title ending at ``end`` starts, given the post found at ``start``.

    ``spans`` are the organization and place mentions of the text; the title
    never starts before ``floor`` (the end of the name before it). O(k * S)
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
            if floor <= s < start <= e:  # a mention right before the title, or ending inside its first word
                start, changed = s, True
                break
            if floor <= s and e < start and start - e <= 10 and _UNIT.fullmatch(text, e, start):
                start, changed = s, True  # 省商务厅 + 电子商务处 + 处长
                break
        if changed:
            continue
        prefix = next((g for g in _GOV_BEFORE if text.startswith(g, max(0, start - len(g)))), None)
        if prefix and start - len(prefix) >= floor:
            start, changed = start - len(prefix), True  # 市委 + 宣传部部长
            continue
        if start > 0 and text[start - 1] == "、":
            tm = title_before(text, start - 1)
            if tm is not None and tm.start >= floor:
                start, changed = tm.start, True  # 市委常委、 + 常务副市长
                continue
        for left in range(max(floor, start - 12), start - 2):
            if _OFFICE.fullmatch(text, left, start) and (left == 0 or _LEFT_EDGE.match(text, left - 1)):
                start, changed = left, True  # ,县农业农村局 + 局长
                break
    return start


def with_full_titles(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Each titled person mention with its whole title (see :func:`full_title`). O(M * S).

    A title never reaches back over another person's name.

    >>> from newskg.model import EntityType as T
    >>> t = "州委书记甘明在州委常委、州委秘书长向红陪同下"
    >>> ms = [Mention(surface=n, name=n, type=T.PERSON, start=t.index(n), end=t.index(n) + 2) for n in ("甘明", "向红")]
    >>> ms[1] = ms[1].model_copy(update={"title": "州委秘书长"})
    >>> with_full_titles(t, [Mention(surface="州委", name="州委", type=T.ORGANIZATION, start=0, end=2), *ms])[2].title
    '州委常委、州委秘书长'
    """
    spans = [(m.start, m.end) for m in mentions if m.type is not EntityType.PERSON]
    ends = sorted(m.end for m in mentions if m.type is EntityType.PERSON)
    out: list[Mention] = []
    for m in mentions:
        if m.type is EntityType.PERSON and m.title and text[m.start - len(m.title) : m.start] == m.title:
            floor = max((e for e in ends if e <= m.start - len(m.title)), default=0)
            begin = full_title(text, m.start - len(m.title), m.start, spans, floor)
            m = m.model_copy(update={"title": text[begin : m.start]})
        out.append(m)
    return out


def titles_after_names(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """An untitled person named right before a post takes it: ``习近平总书记``, ``在甲副主任陪同下``. O(M).

    A body written right before the name joins the post (``江城市人大常委会甲副主任`` gives
    ``江城市人大常委会副主任``); names listed before ``等领导`` take that word.

    >>> from newskg.model import EntityType as T
    >>> t = "学习贯彻王明总书记重要讲话,王明主持。"
    >>> ms = [Mention(surface="王明", name="王明", type=T.PERSON, start=s, end=s + 2) for s in (4, 15)]
    >>> [m.title for m in titles_after_names(t, ms)]
    ['总书记', None]
    >>> t = "甲市政协委员会王明副主任陪同。李华、赵强等领导参加。"
    >>> at = {n: t.index(n) for n in ("王明", "李华", "赵强")}
    >>> ms = [Mention(surface=n, name=n, type=T.PERSON, start=s, end=s + len(n)) for n, s in at.items()]
    >>> [m.title for m in titles_after_names(t, ms)]
    ['副主任', '领导', '领导']
    """
    out: list[Mention] = []
    before = {m.end: m for m in mentions if m.type is not EntityType.PERSON}
    for m in mentions:
        if m.type is EntityType.PERSON and not m.title:
            post = next((p for p in POSTS_AFTER_NAME if text.startswith(p, m.end)), None) or _post_after(text, m.end)
            if post:
                body = before.get(m.start)  # "江城市人大常委会甲副主任": the body written before the name
                m = m.model_copy(update={"title": (body.surface if body else "") + post})
        out.append(m)
    return _list_titles_after(text, out)


_POST_AFTER = re.compile(
    "(?:" + "|".join(TITLE_MODIFIERS) + ")?(?:" + "|".join(sorted(STRONG_TITLE_WORDS, key=len, reverse=True)) + ")"
)


def _post_after(text: str, end: int) -> str | None:
    """A post written right after a name and closed there (``甲副主任陪同下``, ``以甲副县长为团长``).

    >>> t = "在陈明副主任陪同下"
    >>> _post_after(t, 3), _post_after("陈明副主任医院", 2)
    ('副主任', None)
    """
    m = _POST_AFTER.match(text, end)
    if m is None:
        return None
    after = text[m.end() : m.end() + 3]
    closed = not after or not "\u4e00" <= after[0] <= "\u9fa5" or after.startswith(POST_AFTER_NAME_FOLLOWERS)
    return m.group(0) if closed else None


def _list_titles_after(text: str, mentions: list[Mention]) -> list[Mention]:
    """``甲、乙、丙等领导参加``: the collective title after a list of names is each one's. O(M log M)."""
    people = sorted((m for m in mentions if m.type is EntityType.PERSON), key=lambda m: m.start)
    titled: dict[int, str] = {}
    chain: list[Mention] = []
    for i, m in enumerate(people):
        if not chain or text[chain[-1].end : m.start] not in _LIST_SEP:
            chain = []
        chain.append(m)
        nxt = people[i + 1] if i + 1 < len(people) else None
        if nxt is not None and text[m.end : nxt.start] in _LIST_SEP:
            continue
        rest = text[m.end : m.end + 6]
        word = next((w for w in LIST_TITLES_AFTER if rest.startswith("等" + w)), None)
        if word and len(chain) >= 2:
            titled.update((p.start, word) for p in chain if not p.title)
    return [m.model_copy(update={"title": titled[m.start]}) if m.start in titled else m for m in mentions]


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


def leading_areas(name: str) -> list[str]:
    """The counties, cities and districts a name or title opens with.

    >>> leading_areas("四平市铁西区人民政府"), leading_areas("武强县委书记")
    (['四平市', '铁西区'], ['武强县'])
    >>> leading_areas("嘉禾城市建设公司"), leading_areas("滨海新区管委会"), leading_areas("常务副市长")
    ([], [], [])
    """
    out: list[str] = []
    pos = 0
    while (m := LEADING_AREA_RE.match(name, pos)) is not None:
        area = m.group()
        if area.endswith(AREA_WORD_ENDINGS) or area in PARK_SUFFIXES or not NON_AREA_CHARS.isdisjoint(area):
            break
        out.append(area)
        pos = m.end()
    return out
