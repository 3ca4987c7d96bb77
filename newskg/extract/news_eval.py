"""The real-news development set's gold format, scored the way outside judges score it.

One ``NN.gold.json`` per article, beside its ``NN.txt``::

    {"file": "a01.txt", "published": "2021-02-23",
     "persons": ["石磊"], "organizations": ["钦舜智显"], "places": [],
     "titles": {"石磊": "县委书记"},
     "visits": [{"visitor": "石磊", "target": "钦舜智显", "target_type": "organization",
                 "alt_target": null, "canonical": null, "date": "2021-02-22", "date_end": null}],
     "other_relations": [{"head": "王峰", "relation": "accompanied", "tail": "石磊"}],
     "aliases": {"surface": "canonical"}, "dont_care": ["县领导"], "notes": []}

Matching is lenient on surface forms, as the reference scorer's: two names
are the same when equal after NFKC, space and bracket normalization, or when
one contains the other, both have two characters or more and their lengths
differ by four at most. Entities and visits are matched one-to-one by a
maximum matching (augmenting paths, in the reference scorer's order, so the
matched pairs and therefore the day checks are the same). A predicted visit
whose visitor only accompanied is neither right nor wrong; names listed as
``dont_care`` are not counted as entities.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newskg.extract.scores import ENTITY_TYPES, EvalResult, Score

__all__ = [
    "NEWS_GOLD_SUFFIX",
    "NewsGold",
    "NewsVisit",
    "augmenting_matching",
    "read_news_gold",
    "same_name",
    "score_news_article",
    "visitor_kind",
]

NEWS_GOLD_SUFFIX = ".gold.json"
_TYPES = dict(zip(ENTITY_TYPES, ("persons", "organizations", "places"), strict=True))


class NewsVisit(BaseModel):
    """A gold visit; ``alt_target`` is an accepted second answer (the firm inside a project site)."""

    model_config = ConfigDict(extra="forbid")
    visitor: str
    target: str
    target_type: str = "organization"
    alt_target: str | None = None
    canonical: str | None = None  # the real name behind a here-word target (我市 -> 唐山市)
    date: dt.date | None = None
    date_end: dt.date | None = None
    evidence: str | None = None  # where the text says it (some gold files note it)

    @property
    def targets(self) -> list[str]:
        """The target and its accepted alternative."""
        return [self.target, *([self.alt_target] if self.alt_target else [])]


class NewsRelation(BaseModel):
    """Another gold relation (accompanied, leads, located_in ...)."""

    model_config = ConfigDict(extra="allow")
    head: str
    relation: str
    tail: str


class NewsGold(BaseModel):
    """The gold of one article of the development set."""

    model_config = ConfigDict(extra="forbid")
    file: str
    published: dt.date | None = None
    persons: list[str] = Field(default_factory=list)
    organizations: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    projects: list[str] = Field(default_factory=list)
    titles: dict[str, str] = Field(default_factory=dict)
    visits: list[NewsVisit] = Field(default_factory=list)
    other_relations: list[NewsRelation] = Field(default_factory=list)
    aliases: dict[str, str] = Field(default_factory=dict)  # surface -> canonical
    dont_care: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    gold_file: str = ""  # filled by the reader

    @property
    def source(self) -> Path:
        """The article file, beside the gold file."""
        return Path(self.gold_file).parent / self.file

    def entities(self, typ: str) -> list[list[str]]:
        """Gold entities of a type, each as its name followed by its aliases."""
        names: list[str] = getattr(self, _TYPES[typ])
        return [[x, *(a for a, c in self.aliases.items() if c == x)] for x in names]

    def companions(self) -> set[str]:
        """People who only went along: their visits are neither right nor wrong."""
        return {r.head for r in self.other_relations if r.relation == "accompanied"}


def read_news_gold(path: Path) -> NewsGold:
    """One ``*.gold.json`` file.

    Raises:
        ValueError: For a file that is not valid gold of this format (with the file).
    """
    try:
        obj = json.loads(path.read_text(encoding="utf-8-sig"))
        return NewsGold.model_validate({**obj, "gold_file": str(path)})
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (json.JSONDecodeError, ValidationError, TypeError) as exc:
        raise ValueError(f"{path}: not a gold article of the news-dev format ({exc})") from exc


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s or "").replace(" ", "").replace("（", "(").replace("）", ")")


def same_name(a: str, b: str) -> bool:
    """The lenient match: equal, or one inside the other within four characters.

    >>> same_name("钦舜智显", "钦舜智显有限公司"), same_name("县委书记石磊", "石磊")
    (True, True)
    >>> same_name("唐山", "唐山市曹妃甸区工业区管委会"), same_name("石", "石磊")
    (False, False)
    """
    a, b = _norm(a), _norm(b)
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a) and abs(len(a) - len(b)) <= 4)


def augmenting_matching(left: Sequence[Any], right: Sequence[Any], ok: Callable[[Any, Any], bool]) -> dict[int, int]:
    """A maximum one-to-one matching by augmenting paths, as ``{right index: left index}``.

    O(L * E) for L left items and E candidate pairs; per article these are a few dozen.

    >>> ok = {("a", "x"), ("a", "y"), ("b", "x")}
    >>> sorted(augmenting_matching(["a", "b"], ["x", "y"], lambda l, r: (l, r) in ok).items())
    [(0, 1), (1, 0)]
    """
    adj = [[j for j, r in enumerate(right) if ok(x, r)] for x in left]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(left)):
        augment(i, set())
    return owner


def visitor_kind(gold: NewsGold, visitor: str) -> str:
    """``person`` when the gold visitor is one of the article's persons, else ``group``."""
    return "person" if any(same_name(visitor, p) for p in gold.persons) else "group"


def _score_entities(res: EvalResult, gold: NewsGold, rec: dict[str, Any]) -> None:
    label = gold.file
    dont = {_norm(x) for x in gold.dont_care}
    for typ in ENTITY_TYPES:
        groups = gold.entities(typ)
        pred = sorted(
            {e["name"] for e in rec.get("entities", []) if e.get("type") == typ and _norm(e["name"]) not in dont}
        )
        pairs = augmenting_matching(pred, groups, lambda x, g: any(same_name(x, a) for a in g))
        res.entities[typ].add(Score(len(pairs), len(groups), len(pred)))
        res.errors += [f"{label}: missed {typ} {g[0]}" for i, g in enumerate(groups) if i not in pairs]
        hit = set(pairs.values())
        res.errors += [f"{label}: extra {typ} {p}" for j, p in enumerate(pred) if j not in hit]
    for person, title in gold.titles.items():
        found = [e for e in rec.get("entities", []) if e.get("type") == "PERSON" and same_name(e["name"], person)]
        if not found:
            continue
        res.titles.total += 1
        got = [t for e in found for t in (e.get("titles") or []) if len(_norm(t)) >= 2]
        if any(same_name(t, title) or _norm(t) in _norm(title) for t in got):
            res.titles.right += 1
        else:
            res.errors.append(f"{label}: title of {person}: {sorted(got)} != {title}")


def score_news_article(res: EvalResult, gold: NewsGold, rec: dict[str, Any]) -> None:
    """Add one article's counts to ``res``, as the reference scorer counts them.

    A prediction is a distinct (visitor, target) pair. One that matches no
    gold visit is spurious unless its visitor only accompanied; one that
    matches a gold visit already taken by another prediction is spurious too.
    """
    _score_entities(res, gold, rec)
    label = gold.file
    days: dict[tuple[str, str], set[str]] = {}
    evidence: dict[tuple[str, str], str] = {}
    head_types: dict[tuple[str, str], str] = {}
    for r in rec.get("relations", []):
        if r.get("type") == "VISITED":
            key = (r["head"], r["tail"])
            days.setdefault(key, set()).add(r.get("date") or "")
            evidence.setdefault(key, r.get("evidence") or "")
            head_types.setdefault(key, r.get("head_type") or "")
    companions = gold.companions()

    def hits(p: tuple[str, str], g: NewsVisit) -> bool:
        return same_name(p[0], g.visitor) and any(same_name(p[1], t) for t in g.targets)

    left = sorted(days)
    pairs = augmenting_matching(left, gold.visits, hits)
    kinds = [visitor_kind(gold, v.visitor) for v in gold.visits]
    for gi, g in enumerate(gold.visits):
        res.visits_by_kind[kinds[gi]].gold += 1
        if gi not in pairs:
            res.errors.append(f"{label}: missed visit {g.visitor} -> {'|'.join(g.targets)}")
            continue
        res.visits_by_kind[kinds[gi]].tp += 1
        if g.date is not None:
            lo, hi = g.date.isoformat(), (g.date_end or g.date).isoformat()
            got = days[left[pairs[gi]]]
            res.visit_dates.total += 1
            if any(d and lo <= d[:10] <= hi for d in got):
                res.visit_dates.right += 1
            else:
                res.errors.append(f"{label}: day of {g.visitor} -> {g.target}: {sorted(got)} != {lo}..{hi}")
    matched = {pi: gi for gi, pi in pairs.items()}
    spurious = 0
    for pi, p in enumerate(left):
        if pi in matched:
            res.visits_by_kind[kinds[matched[pi]]].pred += 1
            continue
        kind = "person" if head_types[p] == "PERSON" else "group"
        if any(hits(p, g) for g in gold.visits):
            why = "repeats a matched"
        elif any(same_name(p[0], a) for a in companions):
            continue  # a companion's visit: neither right nor wrong
        else:
            why = "spurious"
        spurious += 1
        res.visits_by_kind[kind].pred += 1
        res.errors.append(f"{label}: {why} visit {p[0]} -> {p[1]} | {evidence[p][:80]}")
    res.visits.add(Score(len(pairs), len(gold.visits), len(pairs) + spurious))
