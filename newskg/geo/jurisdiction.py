"""Officials' titles read as body, jurisdiction, level and post.

``泰州市委书记`` is the post 书记 in the party committee (body) of 泰州市 (the
jurisdiction, a city); ``县长`` is the head of a county's government, the
county left for the article to say (see :mod:`newskg.geo.link`). A title
joined by 、 holds several posts (``省委常委、市委书记``), each read on its own.
Titles of firms, hospitals, newsrooms or national bodies (``总经理``,
``总书记``) name no division: :func:`parse_title` gives no post for them.

The words (level words, bodies, departments) are in :mod:`newskg.names.lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from newskg.names.lexicon import (
    DEPARTMENT_SUFFIXES,
    GOVERNMENT_HEAD,
    JURISDICTION_BODIES,
    LEADERS_WORD,
    NON_RANK_MODIFIERS,
    TITLE_LEVEL_WORDS,
    TITLE_MODIFIERS,
    TITLE_NOISE_PREFIXES,
    TITLE_WORDS,
    ZONE_BODIES,
)

__all__ = ["Body", "ParsedPost", "level_word_at_end", "parse_title", "split_title", "without_noise"]


class Body(StrEnum):
    """The body of a division a post belongs to."""

    PARTY = "party committee"
    GOVERNMENT = "government"
    CONGRESS = "people's congress"
    CPPCC = "CPPCC"
    DISCIPLINE = "discipline commission"
    DEPARTMENT = "department"


@dataclass(frozen=True)
class ParsedPost:
    """One post of a title, as written.

    Attributes:
        written: The post's part of the title (``市委书记`` of ``省委常委、市委书记``).
        place: The place written before the body (``泰州市`` of ``泰州市委书记``), if any.
        level_word: The level word that stands for the division (``县`` of ``县长``), or the
            place's own last level word.
        body: The body, where the title names one (``县领导`` names none).
        unit: A department inside the body (``宣传部`` of ``市委宣传部部长``), if any.
        post: The post itself (``书记``, ``副县长``, ``常委``, ``领导``).
    """

    written: str
    place: str | None
    level_word: str
    body: Body | None
    unit: str | None
    post: str


_LEVEL_WORDS = tuple(sorted(TITLE_LEVEL_WORDS, key=len, reverse=True))
_BODIES = tuple(sorted(JURISDICTION_BODIES, key=len, reverse=True))
_MODIFIERS = tuple(sorted((m for m in TITLE_MODIFIERS if m not in NON_RANK_MODIFIERS), key=len, reverse=True))
# A post: modifiers, then a title word (副书记, 常务副县长 are read before this).
_POST = re.compile(  # 党组副书记 too: every modifier may stand before the post
    "(?:" + "|".join(sorted(TITLE_MODIFIERS, key=len, reverse=True)) + ")*"
    "(?:" + "|".join(sorted(TITLE_WORDS, key=len, reverse=True)) + ")"
)
_DEPARTMENT = re.compile(r"([\u4e00-\u9fa5]{1,12}?(?:" + "|".join(DEPARTMENT_SUFFIXES) + "))(.+)")


def split_title(title: str) -> list[str]:
    """The posts of a title joined by 、 (or 兼).

    >>> split_title("县委副书记、县长"), split_title("市委书记兼市长")
    (['县委副书记', '县长'], ['市委书记', '市长'])
    """
    return [p for p in re.split("[、兼]", title) if p]


def level_word_at_end(name: str) -> str | None:
    """The level word a place name ends with (``泰州市`` -> ``市``), if any.

    >>> level_word_at_end("泰州市"), level_word_at_end("内蒙古自治区"), level_word_at_end("鸡泽")
    ('市', '自治区', None)
    """
    return next((w for w in _LEVEL_WORDS if name.endswith(w) and len(name) > len(w)), None)


def without_noise(written: str) -> str:
    """A post without what news writes before it that is no part of it (``中共``, ``政府``).

    >>> without_noise("中共双阳区委常委"), without_noise("政府县长"), without_noise("政府")
    ('双阳区委常委', '县长', '政府')
    """
    text = written
    for noise in TITLE_NOISE_PREFIXES:
        if text.startswith(noise) and len(text) > len(noise) + 1:
            text = text[len(noise) :]
    return text


def _after_level(written: str, place: str | None, level_word: str, rest: str, mod: str) -> ParsedPost | None:
    """The body, unit and post after the level word (``委书记`` of ``县委书记``)."""
    if rest.startswith(GOVERNMENT_HEAD) and len(rest) == len(GOVERNMENT_HEAD):
        return ParsedPost(written, place, level_word, Body.GOVERNMENT, None, mod + level_word + GOVERNMENT_HEAD)
    if rest == LEADERS_WORD:
        return ParsedPost(written, place, level_word, None, None, LEADERS_WORD)
    if mod:
        return None  # 副 + 县 + 委书记 is no title
    if level_word == "区" and place is None and rest.startswith(ZONE_BODIES):
        return None  # 区工委书记: a development zone's working committee
    body_word = next((b for b in _BODIES if rest.startswith(b)), None)
    body = Body(JURISDICTION_BODIES[body_word]) if body_word else None
    rest = rest[len(body_word) :] if body_word else rest
    unit = None
    dep = _DEPARTMENT.fullmatch(rest)
    if dep and not any(rest.startswith(m) for m in _MODIFIERS):
        unit, rest = dep.group(1), dep.group(2)
        body = body or Body.DEPARTMENT
    if body is None or not _POST.fullmatch(rest):
        return None
    return ParsedPost(written, place, level_word, body, unit, rest)


def parse_post(written: str, place_prefixes: list[str]) -> ParsedPost | None:
    """One post; ``place_prefixes`` are the prefixes of ``written`` that are written places, longest first.

    >>> p = parse_post("泰州市委书记", ["泰州市"])
    >>> p.place, p.level_word, p.body.value, p.unit, p.post
    ('泰州市', '市', 'party committee', None, '书记')
    >>> parse_post("常务副县长", []).post, parse_post("县领导", []).body, parse_post("代县长", ["代县"]).post
    ('常务副县长', None, '代县长')
    >>> parse_post("庆阳市副市长", ["庆阳市"]).post, parse_post("长发镇镇长", ["长发镇"]).post
    ('副市长', '镇长')
    >>> parse_post("省政协党组副书记", []).post
    '党组副书记'
    >>> parse_post("河南煤监局巡视员", ["河南"]).unit
    '煤监局'
    >>> parse_post("市工业和信息化委员会主任", []).unit
    '工业和信息化委员会'
    >>> parse_post("总经理", []) is None, parse_post("市民", []) is None, parse_post("开发区管委会副主任", []) is None
    (True, True, True)
    """
    text = without_noise(written)
    mod = next((m for m in _MODIFIERS if text.startswith(m)), "")
    if mod:  # 代县长, 副市长: a modifier opens the title, before any place (代县 is also a county)
        word = next((w for w in _LEVEL_WORDS if text.startswith(w, len(mod))), None)
        post = _after_level(written, None, word, text[len(mod) + len(word) :], mod) if word else None
        if post is not None:
            return post
    for place in place_prefixes:
        if not text.startswith(place):
            continue
        word = level_word_at_end(place)
        rest = text[len(place) :]
        if word is None:  # a province's short name (河南煤监局): the province's own bodies
            word = "省"
        lead = next((m for m in _MODIFIERS if rest.startswith(m + word)), "")
        if rest.startswith(lead + word):  # 魏都区 + 区委书记, 庆阳市 + 副市长: the level word written again
            rest = rest[len(lead) + len(word) :]
        post = _after_level(written, place, word, rest, lead)
        if post is not None:
            return post
    word = next((w for w in _LEVEL_WORDS if text.startswith(w)), None)
    if word is None:
        return None
    return _after_level(written, None, word, text[len(word) :], "")


def parse_title(title: str, place_prefixes: dict[str, list[str]] | None = None) -> list[ParsedPost]:
    """The posts of a title that belong to a division's body; others (总经理, 记者) are left out.

    Args:
        title: The title as written (``省委常委、市委书记``).
        place_prefixes: For each post of the title, its prefixes that are written places.

    >>> [(p.level_word, p.body.value, p.post) for p in parse_title("省委常委、市委书记")]
    [('省', 'party committee', '常委'), ('市', 'party committee', '书记')]
    >>> [p.post for p in parse_title("集团党委书记、总经理")]
    []
    """
    prefixes = place_prefixes or {}
    out: list[ParsedPost] = []
    for part in split_title(title):
        post = parse_post(part, prefixes.get(part, []))
        if post is not None:
            out.append(post)
    return out
