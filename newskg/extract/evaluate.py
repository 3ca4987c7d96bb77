"""Score extractions against hand-made gold files: ``newskg eval``.

A gold file holds one JSON object per article (a ``.json`` file with one
object or a list, or a ``.jsonl`` file with one object a line)::

    {"source": "articles/x.txt", "title": "...", "date": "2024-12-20",
     "persons": [{"name": "郑海涛", "titles": ["区长"]}, "王磊"],
     "organizations": ["北京星河智能装备有限公司"], "places": ["台湖镇"],
     "aliases": {"北京星河智能装备有限公司": ["星河智能"]},
     "visits": [{"visitor": "郑海涛", "target": "台湖镇", "date": "2024-12-19", "date_end": null}]}

Gold and predicted articles are paired by ``id``, else by title. A predicted
name matches a gold name when it is the same after normalization, a listed
alias, the gold name with a title glued before it (区长郑海涛), or a short form
of it in either direction (星河智能装备 / 北京星河智能装备有限公司). Pairs are
matched one-to-one by a maximum matching (networkx ``max_weight_matching``
with maximum cardinality; exact names and right days weigh more), so one gold
fact counts once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newskg.extract.news_eval import NEWS_GOLD_SUFFIX, NewsGold, read_news_gold, score_news_article
from newskg.extract.scores import ENTITY_TYPES, EvalResult, Ratio, Score
from newskg.model import Article, EntityType
from newskg.names.normalize import normalize_name
from newskg.names.resolve import short_forms
from newskg.names.titles import strip_title

__all__ = [
    "EvalResult",
    "Gold",
    "GoldArticle",
    "Ratio",
    "Score",
    "evaluate_records",
    "match_count",
    "name_match",
    "read_gold",
    "with_publication_dates",
]

log = logging.getLogger(__name__)

GOLD_SUFFIXES = (".json", ".jsonl")
_TYPES = ENTITY_TYPES


class GoldPerson(BaseModel):
    """A person of a gold article, with the titles the text gives them."""

    model_config = ConfigDict(extra="forbid")
    name: str
    titles: list[str] = Field(default_factory=list)


class GoldVisit(BaseModel):
    """A visit of a gold article; ``date_end`` for a span of days."""

    model_config = ConfigDict(extra="forbid")
    visitor: str
    target: str
    date: dt.date | None = None
    date_end: dt.date | None = None


class GoldArticle(BaseModel):
    """What a careful reader finds in one article."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = None
    title: str | None = None
    source: str | None = None  # the article file, relative to the gold file
    date: dt.date | None = None  # publication date
    persons: list[GoldPerson | str] = Field(default_factory=list)
    organizations: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    visits: list[GoldVisit] = Field(default_factory=list)
    dont_care: list[str] = Field(default_factory=list)  # generic names (县委, 我市): output or omit them freely
    note: str = ""
    gold_file: str = ""  # filled by the reader

    def people(self) -> list[GoldPerson]:
        """The persons, plain names read as persons without titles."""
        return [p if isinstance(p, GoldPerson) else GoldPerson(name=p) for p in self.persons]


Gold = GoldArticle | NewsGold


def _gold_files(folder: Path) -> list[Path]:
    """A folder's gold files: its ``*.gold.json`` when it holds any (the news-dev layout), else every .json/.jsonl."""
    news = sorted(p for p in folder.rglob("*" + NEWS_GOLD_SUFFIX) if p.is_file())
    return news or sorted(p for p in folder.rglob("*") if p.suffix in GOLD_SUFFIXES and p.is_file())


def read_gold(paths: Iterable[Path | str]) -> list[Gold]:
    """Gold articles from files and folders, in either format (module docstring; ``*.gold.json``: news-dev).

    Raises:
        ValueError: For a file that is not valid gold JSON (with the file and line).
    """
    out: list[Gold] = []
    for path in map(Path, paths):
        files = _gold_files(path) if path.is_dir() else [path]
        if not files:
            raise ValueError(f"{path}: no gold files (.json/.jsonl)")
        for f in files:
            if f.name.endswith(NEWS_GOLD_SUFFIX):
                out.append(read_news_gold(f))
            else:
                out.extend(_read_gold_file(f))
    return out


def _read_gold_file(f: Path) -> Iterator[GoldArticle]:
    try:
        text = f.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{f}: cannot read ({exc.strerror or exc})") from exc
    items: list[tuple[str, Any]] = []
    try:
        if f.suffix == ".jsonl":
            items = [(f"{f}:{n}", json.loads(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        else:
            data = json.loads(text)
            items = [(str(f), d) for d in (data if isinstance(data, list) else [data])]
    except json.JSONDecodeError as exc:
        raise ValueError(f"{f}: bad JSON ({exc})") from exc
    for where, obj in items:
        try:
            yield GoldArticle.model_validate({**obj, "gold_file": str(f)})
        except (ValidationError, TypeError) as exc:
            raise ValueError(f"{where}: not a gold article ({exc})") from exc


# --- matching -----------------------------------------------------------------------------------


def name_match(pred: str, gold: str, typ: str, aliases: Sequence[str] = ()) -> int:
    """How well a predicted name matches a gold one: 2 exact, 1 tolerated, 0 no match.

    >>> name_match("郑海涛", "郑海涛", "PERSON")
    2
    >>> name_match("区长郑海涛", "郑海涛", "PERSON")
    1
    >>> name_match("星河智能装备", "北京星河智能装备有限公司", "ORGANIZATION")
    1
    >>> name_match("张伟", "张伟东", "PERSON")
    0
    """
    p, g = normalize_name(pred), normalize_name(gold)
    if not p or not g:
        return 0
    if p == g:
        return 2
    if p in {normalize_name(a) for a in aliases}:
        return 1
    if typ == EntityType.PERSON.value:
        return int(strip_title(p)[0] == g or strip_title(g)[0] == p)
    try:
        etype = EntityType(typ)
    except ValueError:
        etype = EntityType.ORGANIZATION
    if p in {s for s, _ in short_forms(g, etype)} or g in {s for s, _ in short_forms(p, etype)}:
        return 1
    return 0


def _any_match(pred: str, gold: str, aliases: dict[str, list[str]]) -> int:
    """Type-blind match for visit ends (a target may be an organization or a place)."""
    al = aliases.get(gold, [])
    return max(name_match(pred, gold, t, al) for t in _TYPES)


def match_count(gold: Sequence[Any], pred: Sequence[Any], weight: Callable[[Any, Any], int]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of gold to predicted items; heavier pairs preferred.

    Returns (gold index, pred index) pairs. Cost O(V^3) over the candidate pairs'
    items (networkx's blossom algorithm); per article these are a few dozen.

    >>> len(match_count(["a", "a"], ["a"], lambda g, p: int(g == p)))
    1
    """
    g = nx.Graph()
    for i, gi in enumerate(gold):
        for j, pj in enumerate(pred):
            w = weight(gi, pj)
            if w > 0:
                g.add_edge(("g", i), ("p", j), weight=w)
    pairs = []
    for a, b in nx.max_weight_matching(g, maxcardinality=True):
        ga, pb = (a, b) if a[0] == "g" else (b, a)
        pairs.append((ga[1], pb[1]))
    return sorted(pairs)


def _day_ok(pd: str | None, pe: str | None, gd: dt.date | None, ge: dt.date | None) -> bool:
    """A predicted day is right when it falls in the gold span, or the gold day in the predicted span."""
    if gd is None or pd is None:
        return False
    p0 = dt.date.fromisoformat(pd)
    p1 = dt.date.fromisoformat(pe) if pe else p0
    return gd <= p0 <= (ge or gd) or p0 <= gd <= p1


def _score_article(res: EvalResult, gold: GoldArticle, rec: dict[str, Any]) -> None:
    label = gold.title or gold.id or gold.gold_file
    ents: dict[str, list[dict[str, Any]]] = {t: [] for t in _TYPES}
    dont = {normalize_name(x) for x in gold.dont_care}
    for e in rec.get("entities", []):
        if e.get("type") in ents and normalize_name(e["name"]) not in dont:
            ents[e["type"]].append(e)
    golds: dict[str, list[str]] = {
        EntityType.PERSON.value: [p.name for p in gold.people()],
        EntityType.ORGANIZATION.value: list(gold.organizations),
        EntityType.PLACE.value: list(gold.places),
    }
    for typ in _TYPES:
        gl, pl = golds[typ], ents[typ]

        def weight(g: str, p: dict[str, Any], t: str = typ) -> int:
            return name_match(p["name"], g, t, gold.aliases.get(g, []))

        pairs = match_count(gl, pl, weight)
        res.entities[typ].add(Score(len(pairs), len(gl), len(pl)))
        hit_g = {i for i, _ in pairs}
        hit_p = {j for _, j in pairs}
        res.errors += [f"{label}: missed {typ} {g}" for i, g in enumerate(gl) if i not in hit_g]
        res.errors += [f"{label}: extra {typ} {p['name']}" for j, p in enumerate(pl) if j not in hit_p]
        if typ == EntityType.PERSON.value:
            people = gold.people()
            for i, j in pairs:
                if people[i].titles:
                    want = {normalize_name(t) for t in people[i].titles}
                    got = {normalize_name(t) for t in pl[j].get("titles", [])}
                    res.titles.total += 1
                    if want & got:
                        res.titles.right += 1
                    else:
                        res.errors.append(f"{label}: title of {people[i].name}: {sorted(got)} != {sorted(want)}")
    seen: set[tuple[Any, ...]] = set()
    pv: list[dict[str, Any]] = []
    for r in rec.get("relations", []):
        key = (r["head"], r["tail"], r.get("date"), r.get("date_end"))
        if r.get("type") == "VISITED" and key not in seen:
            seen.add(key)
            pv.append(r)

    def vweight(g: GoldVisit, p: dict[str, Any]) -> int:
        if not (_any_match(p["head"], g.visitor, gold.aliases) and _any_match(p["tail"], g.target, gold.aliases)):
            return 0
        return 2 if _day_ok(p.get("date"), p.get("date_end"), g.date, g.date_end) else 1

    vpairs = match_count(gold.visits, pv, vweight)
    res.visits.add(Score(len(vpairs), len(gold.visits), len(pv)))
    names = {p.name for p in gold.people()}
    kinds = ["person" if v.visitor in names else "group" for v in gold.visits]
    by_pred = {j: i for i, j in vpairs}
    for kind in kinds:
        res.visits_by_kind[kind].gold += 1
    for j, p in enumerate(pv):
        kind = kinds[by_pred[j]] if j in by_pred else ("person" if p.get("head_type") == "PERSON" else "group")
        res.visits_by_kind[kind].pred += 1
        res.visits_by_kind[kind].tp += j in by_pred
    hit_g = {i for i, _ in vpairs}
    res.errors += [
        f"{label}: missed visit {v.visitor} -> {v.target}" for i, v in enumerate(gold.visits) if i not in hit_g
    ]
    hit_p = {j for _, j in vpairs}
    res.errors += [f"{label}: spurious visit {p['head']} -> {p['tail']}" for j, p in enumerate(pv) if j not in hit_p]
    for i, j in vpairs:
        g, p = gold.visits[i], pv[j]
        if g.date is not None:
            res.visit_dates.total += 1
            if _day_ok(p.get("date"), p.get("date_end"), g.date, g.date_end):
                res.visit_dates.right += 1
            else:
                res.errors.append(f"{label}: day of {g.visitor} -> {g.target}: {p.get('date')} != {g.date}")
    if gold.date is not None:
        res.publication_dates.total += 1
        res.publication_dates.right += int(rec.get("date") == gold.date.isoformat())


def _key_title(title: str | None) -> str:
    return normalize_name(title or "")


def evaluate_records(gold: Sequence[Gold], records: Iterable[dict[str, Any]]) -> EvalResult:
    """Score ``newskg extract`` records against gold articles.

    Project gold pairs by id, else by title; news-dev gold by its article's
    file name (the record's ``source`` or ``id``) and is scored with the
    reference matching (:mod:`newskg.extract.news_eval`).
    """
    by_id: dict[str, dict[str, Any]] = {}
    by_title: dict[str, dict[str, Any]] = {}
    by_file: dict[str, dict[str, Any]] = {}
    for r in records:
        by_id.setdefault(str(r.get("id")), r)
        by_title.setdefault(_key_title(r.get("title")), r)
        for key in ("source", "id"):
            if r.get(key):
                by_file.setdefault(Path(str(r[key])).name, r)
    res = EvalResult()
    for g in gold:
        rec: dict[str, Any] | None
        if isinstance(g, NewsGold):
            rec, name = by_file.get(g.file), g.file
        else:
            rec = by_id.get(g.id) if g.id else None
            if rec is None and g.title:
                rec = by_title.get(_key_title(g.title))
            name = g.title or g.id or g.gold_file
        if rec is None:
            res.unpaired.append(name)
            log.warning("gold article %r has no extraction", name)
            continue
        res.articles += 1
        if isinstance(g, NewsGold):
            score_news_article(res, g, rec)
        else:
            _score_article(res, g, rec)
    return res


def gold_sources(gold: Sequence[Gold]) -> list[Path]:
    """The article files named by gold articles (``source`` or ``file``, relative to the gold file), once each."""
    out: dict[Path, None] = {}
    for g in gold:
        if isinstance(g, NewsGold):
            out.setdefault(g.source.resolve(), None)
        elif g.source:
            p = Path(g.source)
            out.setdefault(p if p.is_absolute() else (Path(g.gold_file).parent / p).resolve(), None)
    return list(out)


def with_publication_dates(articles: Iterable[Article], gold: Sequence[Gold]) -> Iterator[Article]:
    """Articles read from news-dev sources, dated by the gold's ``published`` where the text names no day.

    The publication day is page metadata (a crawler delivers it beside the
    text, as ``news-dev.jsonl`` does), not an annotation of the article.
    """
    published = {g.source.resolve(): g.published for g in gold if isinstance(g, NewsGold) and g.published}
    for art in articles:
        day = published.get(Path(art.origin).resolve()) if art.date is None else None
        yield art.model_copy(update={"date": day}) if day else art
