"""Entity resolution: which names denote the same entity.

Candidates come from a fixed set of *short forms* generated per full name
(place prefix stripped, legal suffix stripped, bracketed part dropped, place
suffix dropped) and looked up in a hash index, never from pairwise string
similarity: ``张伟`` and ``张伟东`` are never candidates. A short form merges
only when it points to exactly one full name. Merges are edges of a union-find
structure, and each connected component becomes one entity.

Complexity: O(N * k) for N distinct names with at most k short forms each
(k is bounded by a small constant), plus near-linear union-find.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from networkx.utils import UnionFind

from newskg.model import EntityType
from newskg.names.kinds import entity_type_by_suffix
from newskg.names.lexicon import (
    ABBREVIATED_LEVELS,
    ADMIN_SUFFIX_END_RE,
    INDUSTRY_END_RE,
    LEGAL_FORM_END_RE,
    PLACE_PREFIX_RE,
)

__all__ = ["Resolution", "Targets", "resolve_names", "short_forms", "short_name_targets", "vote_types"]


def short_forms(name: str, typ: EntityType) -> list[tuple[str, str]]:
    """Short names that may stand for ``name`` in text, each with the reason. O(len(name))."""
    out: list[tuple[str, str]] = []

    def add(short: str, reason: str) -> None:
        if len(short) >= 2 and short != name and all(short != s for s, _ in out):
            out.append((short, reason))

    if typ is EntityType.ORGANIZATION:
        bare = PLACE_PREFIX_RE.sub("", name)
        add(bare, "place prefix dropped")
        if "(" in name:
            add(name.split("(", 1)[0], "name before the bracketed place")
            add(re.sub(r"\([^)]*\)", "", name), "bracketed part dropped")
        for base in {name, bare}:
            core = LEGAL_FORM_END_RE.sub("", base)
            if core != base:
                add(core, "legal-form suffix dropped")
                add(INDUSTRY_END_RE.sub("", core), "brand without industry words")
    elif typ is EntityType.PLACE:
        m = ADMIN_SUFFIX_END_RE.search(name)
        if m and m.start() >= 2:
            add(name[: m.start()], "administrative suffix dropped")
        if len(name) >= 4 and name.endswith(ABBREVIATED_LEVELS):
            add(name[0] + name[-1], "first character and level (哈尔滨市 -> 哈市)")
    return out


def vote_types(counts: Iterable[tuple[str, EntityType, int]]) -> dict[str, EntityType]:
    """One type per name: the suffix decides when it can, else the majority of mentions.

    Ties go to ORGANIZATION, then PLACE, then PERSON. O(N).
    """
    votes: dict[str, Counter[EntityType]] = defaultdict(Counter)
    for name, typ, n in counts:
        votes[name][typ] += n
    order = {EntityType.ORGANIZATION: 0, EntityType.PLACE: 1, EntityType.PERSON: 2, EntityType.TITLE: 3}
    out: dict[str, EntityType] = {}
    for name, c in votes.items():
        by_suffix = entity_type_by_suffix(name)
        if by_suffix is not None and EntityType.PERSON not in c:
            out[name] = by_suffix
        else:
            out[name] = min(c, key=lambda t: (-c[t], order[t]))
    return out


@dataclass
class Resolution:
    """Result of resolving a set of names of one corpus or article.

    ``canonical`` maps every (type, name) to its entity's canonical name;
    ``aliases`` and ``reasons`` are keyed by the canonical (type, name).
    """

    canonical: dict[tuple[EntityType, str], str] = field(default_factory=dict)
    aliases: dict[tuple[EntityType, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    reasons: dict[tuple[EntityType, str], set[str]] = field(default_factory=lambda: defaultdict(set))


Targets = Mapping[tuple[EntityType, str], tuple[str, str]]


def short_name_targets(names: Iterable[tuple[EntityType, str]]) -> dict[tuple[EntityType, str], tuple[str, str]]:
    """The short-name map of ``names`` kept where it is unambiguous: (type, short) -> (full name, reason).

    A short form that several full names generate maps to none of them. O(N * k).
    """
    index: dict[tuple[EntityType, str], dict[str, str]] = defaultdict(dict)
    for typ, name in names:
        for short, reason in short_forms(name, typ):
            index[(typ, short)][name] = reason
    return {key: next(iter(fulls.items())) for key, fulls in index.items() if len(fulls) == 1}


def resolve_names(
    names: Iterable[tuple[EntityType, str]],
    counts: Counter[tuple[EntityType, str]] | None = None,
    targets: Targets | None = None,
) -> Resolution:
    """Group names of the same type that denote one entity.

    Args:
        names: (type, normalized name) pairs; repeats are fine.
        counts: Mention counts, used to break ties when choosing the canonical name.
        targets: The unambiguous short-name map of ``names``, when it was computed
            elsewhere (the Dask path); else :func:`short_name_targets`.

    Returns:
        The mapping to canonical names, with aliases and merge reasons.
    """
    cnt = counts or Counter()
    todo = sorted(set(names))
    if targets is None:
        targets = short_name_targets(todo)
    uf = UnionFind()
    for key in todo:
        uf[key]  # every name is its own set until merged
    edge_reason: dict[tuple[EntityType, str], str] = {}
    for typ, name in todo:
        target = targets.get((typ, name))
        if target is not None:
            full, reason = target
            uf.union((typ, name), (typ, full))
            edge_reason[(typ, name)] = f"{name} -> {full}: {reason}"
    res = Resolution()
    for group in uf.to_sets():
        members = sorted(group)
        typ = members[0][0]
        canon = max((n for _, n in members), key=lambda n: (len(n), cnt[(typ, n)], n))
        for _, n in members:
            res.canonical[(typ, n)] = canon
            if n != canon:
                res.aliases[(typ, canon)].add(n)
            if (typ, n) in edge_reason:
                res.reasons[(typ, canon)].add(edge_reason[(typ, n)])
    return res
