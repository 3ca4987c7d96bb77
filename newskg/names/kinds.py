"""What a name's suffix says: the kind of an organization, the type of an entity."""

from __future__ import annotations

import re

from newskg.model import EntityType, OrgKind
from newskg.names.lexicon import FIRM_ENDING_RE, NOT_PLACE_ENDINGS, ORG_KIND_SUFFIXES, ORG_SUFFIXES, PLACE_SUFFIXES

__all__ = ["entity_type_by_suffix", "org_kind"]

# A bracketed qualifier closing a name ("综合保税区(A区)", "某某公司(筹)"): the suffix is the one before it.
_TRAILING_BRACKET = re.compile(r"[(（][^()（）]*[)）]$")


def org_kind(name: str) -> OrgKind:
    """Kind of organization from its name's suffix. O(len(name)).

    >>> org_kind("北京天海工业有限公司").value
    'company'
    >>> org_kind("通州区运河中医医院").value
    'hospital'
    >>> org_kind("天纳克").value
    'other'
    """
    for kind, suffixes in ORG_KIND_SUFFIXES:
        if name.endswith(suffixes):
            return kind
    return OrgKind.OTHER


def entity_type_by_suffix(name: str) -> EntityType | None:
    """The type a name's suffix makes certain, or None when the suffix says nothing.

    >>> entity_type_by_suffix("漷县镇").value
    'PLACE'
    >>> entity_type_by_suffix("潞邑街道办事处").value
    'ORGANIZATION'
    >>> entity_type_by_suffix("孟景伟") is None
    True
    >>> entity_type_by_suffix("岭南重工").value, entity_type_by_suffix("临港经济开发区").value
    ('ORGANIZATION', 'ORGANIZATION')
    >>> entity_type_by_suffix("综合保税区(A区)").value
    'ORGANIZATION'
    """
    name = _TRAILING_BRACKET.sub("", name) or name
    if name.endswith(ORG_SUFFIXES) or FIRM_ENDING_RE.search(name):
        return EntityType.ORGANIZATION
    if name.endswith(PLACE_SUFFIXES) and not name.endswith(NOT_PLACE_ENDINGS):
        return EntityType.PLACE
    return None
