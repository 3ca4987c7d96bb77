"""Link an article's places to China's administrative divisions, and its officials to jurisdictions.

Each place name of an article is looked up in the gazetteer
(:mod:`newskg.names.gazetteer`: full names, short names, former names). A name
with one division is linked to it; a name with several is decided by the
evidence, in this order, and the first that decides wins:

1. the place's own written path (``北京市通州区``, or ``北京市`` written right before ``通州区``);
2. the article's ``home`` (JSONL field, ``--sources``, ``--home``);
3. the source's known region: divisions named by the page header's publisher
   (``来源:精彩鸡泽``), the dateline, or the source's feed or folder name (``清河县报``);
4. the home the article's text implies (:mod:`newskg.geo.home`), where none is given;
5. the places written near it and linked already: same sentence, same paragraph, the article;
6. the jurisdictions written in the titles of the article's people (``泰州市委书记``);
7. a town the text writes in full, held by one of its candidates (``郊区`` and ``长发镇``).

A piece of evidence *supports* a candidate by how much of their paths they
share (a candidate inside the home, or the home inside the candidate, shares
all of the candidate's); the candidate with the most support wins if no
other has as much and the support reaches the candidate's city (for a town
or village; a municipality for a town, a county for a village where the
province is the city) or province (for a county or city). Evidence that leaves several
candidates narrows the field for the next. A name that nothing decides stays
unlinked, its candidates recorded: a wrong link is worse than none.

Short forms that the dataset does not give (a town without 镇/乡/街道) and a
district's short form (``中原`` of 中原区, also a region's name) are never
linked on their name alone: some evidence must place them in their county or
city.

Places the model missed are found here too (``ArticleLinks.mentions``): a
province's, city's or county's name written outside every mention, where the
article vouches for its division (its home, the same division written in
full, a list with a linked sibling; see :meth:`Linker._missed`).

The same evidence gives each titled official's jurisdiction (``县长`` in a
county paper: that county; ``市委书记`` there: the city above it), the place
an organization's name begins with (``通州区运河中医医院``), the place a visit's
stop lies in (``到宋庄镇走访了甲公司``) and whether a visitor came from outside
the jurisdiction they hold.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newskg.extract.pipeline import segment
from newskg.extract.sentences import Segment
from newskg.geo.home import HomeEvidence, InferredHome, Written, infer_home, newsroom_names
from newskg.geo.jurisdiction import (
    Body,
    ParsedPost,
    level_word_at_end,
    parse_title,
    split_title,
    without_noise,
)
from newskg.geo.places import Frozen as _Frozen
from newskg.geo.places import PlaceLink
from newskg.model import ArticleExtraction, EntityType, Mention, OrgKind, RelationType
from newskg.names.gazetteer import Division, Gazetteer, Level, Match, load_gazetteer
from newskg.names.lexicon import (
    COMMON_WORD_DIVISION_NAMES,
    DATELINE_RE,
    HOME_LEVEL_WORDS,
    HOME_WORDS,
    LIST_JOINERS,
    NEWSROOM_SUFFIXES,
    PARK_SUFFIXES,
    STOP_AREA_BEFORE,
    TITLE_LEVEL_WORDS,
    TOWN_NAME_SUFFIXES,
    VISIT_HOME_VERBS,
    ZONE_SUFFIXES,
)

__all__ = [
    "CANDIDATE_CAP",
    "ArticleLinks",
    "Linker",
    "Location",
    "PlaceLink",
    "PlaceResolution",
    "Position",
    "VisitScope",
    "link_all",
    "link_article",
]

log = logging.getLogger(__name__)

CANDIDATE_CAP = 20  # candidates kept per unlinked place (the count says how many there were)
_MAX_NAME = 24  # longer strings are no place names worth splitting into a path


class PlaceResolution(_Frozen):
    """What linking decided for one place name of an article.

    ``candidates`` (paths, at most :data:`CANDIDATE_CAP`) and ``candidate_count``
    are set when the name has several divisions and nothing decided among them.
    """

    name: str
    link: PlaceLink | None = None
    reason: str = ""
    candidates: tuple[str, ...] = ()
    candidate_count: int = 0


class Position(_Frozen):
    """One post of an official's title, with the jurisdiction it holds.

    ``written`` is the post as written (``市委书记`` of ``省委常委、市委书记``);
    ``title`` the person's whole title as written.
    """

    person: str
    title: str
    written: str
    body: Body | None
    unit: str | None = None
    post: str
    level: Level
    jurisdiction: PlaceLink | None = None
    reason: str = ""
    # The jurisdiction is stated (the title, the home, the source, another title) rather than read from
    # the places the article visits: only a stated one says whether a visit came from outside.
    stated: bool = False
    evidence: str = ""
    start: int = 0
    end: int = 0


class Location(_Frozen):
    """An organization lies in a linked place; ``basis`` says how the text shows it."""

    organization: str
    place: PlaceLink
    basis: str
    evidence: str
    start: int
    end: int


class VisitScope(_Frozen):
    """Whether the visitor of a VISITED relation (by its index in the extraction) came from outside."""

    relation: int
    from_outside: bool
    jurisdiction: str  # the visitor's jurisdiction (path) the answer was read against
    target: str  # the target's place (path)


class ArticleLinks(_Frozen):
    """The geo stage's result for one article, as graph assembly takes it."""

    article_id: str
    dataset: str = ""
    places: tuple[PlaceResolution, ...] = ()
    positions: tuple[Position, ...] = ()
    locations: tuple[Location, ...] = ()
    visits: tuple[VisitScope, ...] = ()
    divisions: tuple[PlaceLink, ...] = ()  # every division the above reach, and those above them, by path
    home: InferredHome | None = None  # the home the text implies, where none was given (newskg.geo.home)
    mentions: tuple[Mention, ...] = ()  # places the model missed, found here (each linked: see ``places``)

    def place(self, name: str) -> PlaceResolution | None:
        """The resolution of a place name of the article."""
        return next((p for p in self.places if p.name == name), None)


# Basis words of LOCATED_IN edges read by this stage.
BASIS_NAME = "the organization's name"
BASIS_STOP = "a visit stop in a place of the same sentence"


@dataclass(frozen=True)
class _Cand:
    """A candidate division with its lineage (ids from the province down) and how the name matched it."""

    div: Division
    lineage: tuple[int, ...]
    how: Match

    @property
    def depth(self) -> int:
        return len(self.lineage)


@dataclass(frozen=True)
class _Anchor:
    """A division the article's evidence points at, and how to say it in a link reason."""

    cand: _Cand
    label: str


@dataclass
class _Name:
    """A place name of the article under linking."""

    name: str
    cands: list[_Cand]
    sentences: set[int] = field(default_factory=set)
    paragraphs: set[int] = field(default_factory=set)
    mentioned: bool = True  # False: a place written only inside a title or an organization's name
    in_org: bool = False  # written at the start of an organization's name
    org_sentences: set[int] = field(default_factory=set)  # the sentences of those organizations' names
    needs_support: bool = False
    link: _Cand | None = None
    reason: str = ""


_LEVEL_ORDER = tuple(Level)
_UPPER = (Level.PROVINCE, Level.CITY, Level.COUNTY)
_HOME_LEVEL_RE = re.compile("|".join(HOME_LEVEL_WORDS))
# A city written by its first character (乌市), after a list joiner, a preposition or no word at all.
_ABBREVIATED_CITY_RE = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fa5])|(?<=["
    + "".join(w for w in (*LIST_JOINERS, *STOP_AREA_BEFORE) if len(w) == 1)
    + r"]))([\u4e00-\u9fa5])市"
)
# A town's name ends so ("长发镇", "张家村街道").
_TOWN_END_RE = re.compile("|".join(TOWN_NAME_SUFFIXES))
# What follows a county's short name in a newsroom's name ("利州" + "发布", "东乌旗" + "宣传平台").
_NEWSROOM_TAIL_RE = re.compile(r"[\u4e00-\u9fa5]{0,4}?(?:" + "|".join(NEWSROOM_SUFFIXES) + ")")
# What follows a place's name in a park's name ("娄星" + "工业集中区", "宁陕" + "经济开发区").
_PARK_AFTER_RE = re.compile(
    r"[\u4e00-\u9fa5]{0,4}?(?:" + "|".join(dict.fromkeys((*ZONE_SUFFIXES, *PARK_SUFFIXES))) + ")"
)
_VISIT_HOME_RE = re.compile("(?:" + "|".join(VISIT_HOME_VERBS) + ")(?:" + "|".join(HOME_LEVEL_WORDS) + ")")


def _town_short(c: _Cand) -> bool:
    """A town found by its name without 镇/乡/街道: this project's short form, not the dataset's."""
    return c.how is Match.SHORT and c.div.level is Level.TOWN


def _shared(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """Length of the common prefix of two lineages."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class Linker:
    """Links articles against one gazetteer; one per process (the gazetteer is read once).

    Lookups are cached per name, so a corpus's recurring names cost one lookup each.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.g = gazetteer or load_gazetteer()
        self.dataset = self.g.source.split(";")[0]
        self._links: dict[int, PlaceLink] = {}

    # --- lookups -------------------------------------------------------------

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one Linker per process, kept for its life
    def _lookup(self, name: str) -> tuple[_Cand, ...]:
        """Divisions written ``name``; a town's short form only where the name means no other (河北: the province)."""
        found = [_Cand(d, self.g.lineage(d), how) for d, how in self.g.match(name)]
        named = [c for c in found if not _town_short(c)]
        return tuple(named or found)

    def _cands(self, name: str, levels: tuple[Level, ...] = _LEVEL_ORDER) -> list[_Cand]:
        return [c for c in self._lookup(name) if c.div.level in levels]

    @functools.lru_cache(maxsize=65536)  # noqa: B019
    def _path(self, text: str) -> tuple[_Cand, ...] | None:
        """The last division of ``text`` written as a path of two or more divisions, each inside the one before.

        A development zone may stand between two of them (``淄博经开区沣水镇``).
        None when ``text`` is no such path.
        """
        if len(text) > _MAX_NAME or len(text) < 4:
            return None

        def walk(i: int, field_: list[_Cand] | None, pieces: int) -> list[_Cand] | None:
            if i == len(text):
                return field_ if pieces >= 2 else None
            for j in range(len(text), i + 1, -1):
                piece = text[i:j]
                cands = [c for c in self._lookup(piece) if not _town_short(c)]
                if not cands and field_ is not None and j == len(text):
                    cands = list(self._lookup(piece + "村"))  # 江北乡官地: the village 官地村 of 江北乡
                if field_ is not None:
                    cands = [
                        c for c in cands if any(c.lineage[: f.depth] == f.lineage and c.depth > f.depth for f in field_)
                    ]
                if cands:
                    found = walk(j, cands, pieces + 1)
                    if found:
                        return found
                elif field_ is not None and j < len(text) and piece.endswith(ZONE_SUFFIXES):
                    found = walk(j, field_, pieces)  # a zone between two divisions names none
                    if found:
                        return found
            return None

        found = walk(0, None, 0)
        return tuple(found) if found else None

    def link_of(self, div: Division) -> PlaceLink:
        """The link attributes of a division (cached per division)."""
        link = self._links.get(div.id)
        if link is None:
            link = PlaceLink(
                name=div.name,
                adcode=div.adcode,
                level=div.level,
                path=self.g.path(div),
                latitude=div.latitude,
                longitude=div.longitude,
            )
            if len(self._links) < 200_000:
                self._links[div.id] = link
        return link

    def ancestors(self, link: PlaceLink) -> list[PlaceLink]:
        """The links of the divisions above a linked place, nearest first, up to the province."""
        out: list[PlaceLink] = []
        for depth in range(len(link.path) - 1, 0, -1):
            up = self._by_path(link.path[:depth])
            if up is not None:
                out.append(up)
        return out

    @functools.lru_cache(maxsize=65536)  # noqa: B019
    def _by_path(self, path: tuple[str, ...]) -> PlaceLink | None:
        for c in self._lookup(path[-1]):
            if c.div.name == path[-1] and self.g.path(c.div) == path:
                return self.link_of(c.div)
        return None

    # --- evidence ------------------------------------------------------------

    def _need(self, c: _Cand) -> int:
        """How much of its path a candidate must share with the evidence to be decided by it.

        A town or village: its prefecture city (one 湖滨社区 of the 41 lies in the article's 岳阳市);
        where the province is the city (天津市/南开区/王顶堤街道), a town the municipality, a village its
        county. A county or city: its province; a district's short form: its city.
        """
        level = c.div.level
        if level in (Level.TOWN, Level.VILLAGE):
            levels = [self.g.get(i).level for i in c.lineage]
            if Level.CITY in levels:
                return levels.index(Level.CITY) + 1
            if level is Level.TOWN:
                return 1  # a municipality's towns are no more than a prefecture's
            return levels.index(Level.COUNTY) + 1 if Level.COUNTY in levels else c.depth - 1
        if level is Level.COUNTY and c.how is Match.SHORT and c.div.name.endswith("区"):
            # 中原 (中原区) or 朝阳: its city at least; a municipality's district: the municipality.
            return 2 if c.depth > 2 else 1
        return 1

    def _needs_support(self, c: _Cand) -> bool:
        """Whether one candidate alone still needs evidence: a town's short form, or a district's."""
        if c.how is not Match.SHORT:
            return False
        if c.div.level is Level.TOWN:
            return True
        return c.div.level is Level.COUNTY and c.div.name.endswith("区")

    @staticmethod
    def _support(c: _Cand, anchors: Sequence[_Anchor]) -> tuple[int, str]:
        best, label = 0, ""
        for a in anchors:
            n = _shared(c.lineage, a.cand.lineage)
            if n == c.depth or a.cand.lineage[: c.depth] == c.lineage:
                n = c.depth  # the evidence lies inside the candidate
            if n > best:
                best, label = n, a.label
        return best, label

    def _decide(self, item: _Name, levels: Sequence[tuple[str, Sequence[_Anchor]]]) -> bool:
        """Narrow ``item``'s candidates level by level; link it when one is decided. Returns whether it was."""
        pool = list(item.cands)
        for what, anchors in levels:
            if not anchors:
                continue
            scored = [(*self._support(c, anchors), c) for c in pool]
            best = max((s for s, _, _ in scored), default=0)
            if best <= 0:
                continue
            top = [(lab, c) for s, lab, c in scored if s == best]
            if len(top) == 1 and best >= self._need(top[0][1]):
                item.link, item.reason = top[0][1], f"{what}: {top[0][0]}"
                return True
            pool = [c for _, c in top]
        return False

    def division_named(self, text: str) -> PlaceLink | None:
        """The one division a string names (a home, a publisher, a site's name), as the linker reads it.

        >>> Linker().division_named("精彩鸡泽").path
        ('河北省', '邯郸市', '鸡泽县')
        """
        found = self._anchors_in(text, "")
        return self.link_of(found[0].cand.div) if found else None

    def _anchors_in(self, text: str, label: str) -> list[_Anchor]:
        """The division a string names (a home, a publisher, a feed or folder name), when it names one.

        The whole string as a name or path first; else the province, city and county names
        written in it, kept when they form one path (``江苏南通``) and name one division.
        """
        text = text.strip()
        if not text or text in HOME_WORDS:
            return []
        whole = self._path(text) or self._lookup(text)
        if len(whole) == 1:
            return [_Anchor(whole[0], f"{label} {text}")]
        found: list[_Cand] = []
        i = 0
        upper = (Level.PROVINCE, Level.CITY, Level.COUNTY)
        while i < len(text) - 1:
            for j in range(min(len(text), i + 12), i + 1, -1):
                piece = text[i:j]
                cands = [
                    c
                    for c in self._lookup(piece)
                    if c.div.level in upper
                    and (
                        c.how is not Match.SHORT
                        or c.div.level is not Level.COUNTY
                        or j == len(text)
                        or _NEWSROOM_TAIL_RE.fullmatch(text, j)
                    )
                ]
                if cands:
                    top = min(cands, key=lambda c: c.depth)
                    if all(c.lineage[: top.depth] == top.lineage for c in cands):
                        cands = [top]  # 本溪 of 本溪日报: the city, not the county of the same name inside it
                    found.extend(cands)
                    i = j
                    break
            else:
                i += 1
        deepest = [c for c in found if not any(o is not c and o.lineage[: c.depth] == c.lineage for o in found)]
        ids = {c.div.id for c in deepest}
        if len(ids) == 1 and all(any(o.lineage[: c.depth] == c.lineage for o in deepest) for c in found):
            c = deepest[0]
            return [_Anchor(c, f"{label} {text}")]
        return []

    # --- the article ---------------------------------------------------------

    def link(self, ex: ArticleExtraction) -> ArticleLinks:
        """Link one article's places and titles. O(places × candidates × evidence)."""
        art = ex.article
        text = art.text
        sents = segment(text)
        items: dict[str, _Name] = {}
        for m in ex.mentions:
            if m.type is EntityType.PLACE:
                self._item(items, m.name, m)
        for rel in ex.relations:
            for r in (rel.head, rel.tail):
                if r is not None and r.type is EntityType.PLACE and r.name not in items:
                    self._item(items, r.name, None)
        self._written_before(ex.mentions, items, text)

        # Places written in titles and at the start of organizations' names are linked with the same evidence.
        titled = [m for m in ex.mentions if m.type is EntityType.PERSON and m.title]
        title_places: dict[str, list[str]] = {}
        for m in titled:
            for part in split_title(m.title or ""):
                if part not in title_places:
                    title_places[part] = self._place_prefixes(part)
                    for p in title_places[part][:1]:
                        self._item(items, p, None, mentioned=False)
        org_places: dict[str, str] = {}
        orgs: dict[str, set[int]] = defaultdict(set)  # each organization's name, and its sentences
        for m in ex.mentions:
            if m.type is EntityType.ORGANIZATION:
                orgs[m.name].add(m.sentence)
        for rel in ex.relations:
            for r in (rel.head, rel.tail):
                if r is not None and r.type is EntityType.ORGANIZATION:
                    orgs[r.name].add(next((k for k, seg in enumerate(sents) if seg.end > rel.start), 0))
        for org, at in orgs.items():
            place = self._leading_place(org)
            if place:
                org_places[org] = place
                self._item(items, place, None, mentioned=False)
                items[place].in_org = True
                items[place].org_sentences |= at

        home = self._anchors_in(art.home, "article home")
        source = self._source_anchors(ex)
        for item in items.values():
            if item.link is None and len(item.cands) == 1 and not item.needs_support:
                item.link, item.reason = item.cands[0], f"the only division named {item.name}"
        # The names of provinces, cities and counties the text writes outside persons' names: read once.
        persons = bytearray(len(text) + 1)
        for m in ex.mentions:
            if m.type is EntityType.PERSON:
                persons[m.start : m.end] = b"\x01" * (m.end - m.start)
        hits = list(self._names_in(text, persons))
        inferred = None if home else self._home(ex, items, source, titled, sents, hits)
        implied = [_Anchor(self._cand(inferred.place), inferred.label)] if inferred else []
        missed = self._missed(ex, items, sents, [*home, *source, *implied], hits)
        for m, c, why in missed:
            self._item(items, m.name, m)
            if items[m.name].link is None:
                items[m.name].link, items[m.name].reason = c, why
        title_anchors: list[_Anchor] = []
        for _ in range(4):
            changed = False
            title_anchors = [
                _Anchor(it.link, f"title {part}")
                for part, prefixes in title_places.items()
                for p in prefixes[:1]
                if (it := items.get(p)) is not None and it.link is not None
            ]
            for item in items.values():
                if item.link is not None or not item.cands:
                    continue
                levels: list[tuple[str, Sequence[_Anchor]]] = [
                    ("article home", home),
                    ("source", source),
                    ("inferred home", implied),
                ]
                levels += [
                    ("written nearby (same sentence)", self._nearby(items, item, "sentences")),
                    ("written nearby (same paragraph)", self._nearby(items, item, "paragraphs")),
                    ("written in the article", self._nearby(items, item, None)),
                    ("jurisdiction in a title", title_anchors),
                ]
                if self._decide(item, levels):
                    changed = True
            if not changed:
                break

        self._by_towns(text, items)
        places = tuple(self._resolution(it) for it in sorted(items.values(), key=lambda i: i.name) if it.mentioned)
        positions = self._positions(ex, titled, title_places, items, home, source, inferred, sents)
        locations = self._locations(ex, items, org_places, sents)
        visits = self._visits(ex, items, positions, locations, org_places)
        reached = [
            *(p.link for p in places if p.link),
            *(p.jurisdiction for p in positions if p.jurisdiction),
            *(loc.place for loc in locations),
        ]
        divisions = {d.key: d for link in reached for d in (link, *self.ancestors(link))}
        return ArticleLinks(
            article_id=art.id,
            dataset=self.dataset,
            places=places,
            positions=positions,
            locations=locations,
            visits=visits,
            home=inferred,
            mentions=tuple(m for m, _, _ in missed),
            divisions=tuple(divisions[k] for k in sorted(divisions)),
        )

    def _item(self, items: dict[str, _Name], name: str, m: Mention | None, mentioned: bool = True) -> None:
        item = items.get(name)
        if item is None:
            path = self._path(name)
            cands = list(path) if path else list(self._lookup(name))
            if not cands and name.endswith("行政村"):  # 邵寨行政村: the village 邵寨村
                cands = list(self._lookup(name[: -len("行政村")] + "村"))
            item = items[name] = _Name(name, cands, mentioned=mentioned)
            if path:
                if len(path) == 1:
                    item.link, item.reason = path[0], f"written path {name}"
            elif len(cands) == 1:
                item.needs_support = self._needs_support(cands[0])
            elif cands and all(self._needs_support(c) for c in cands):
                item.needs_support = True
        item.mentioned = item.mentioned or mentioned
        if m is not None:
            item.sentences.add(m.sentence)
            item.paragraphs.add(m.paragraph)

    def _by_towns(self, text: str, items: dict[str, _Name]) -> None:
        """A county or city name of several divisions, of which one holds a town the text writes in full
        (郊区 and 长发镇: of the four 郊区 only 佳木斯's has a 长发镇), is that one. O(n + towns × candidates)."""
        open_ = [it for it in items.values() if it.link is None and len(it.cands) > 1 and it.mentioned]
        open_ = [it for it in open_ if all(c.div.level in (Level.CITY, Level.COUNTY) for c in it.cands)]
        if not open_:
            return
        towns: dict[str, list[_Cand]] = {}
        for m in _TOWN_END_RE.finditer(text):
            for k in range(2, 6):
                name = text[max(0, m.start() - k) : m.end()]
                found = [c for c in self._lookup(name) if c.div.level is Level.TOWN and c.how is Match.NAME]
                if found and len(name) == k + len(m.group(0)):
                    towns[name] = found
        for it in open_:
            holding = {
                a.div.id: (a, town)
                for a in it.cands
                for town, cands in towns.items()
                if any(t.lineage[: a.depth] == a.lineage for t in cands)
            }
            if len(holding) == 1:
                (a, town), *_ = holding.values()
                it.link, it.reason = a, f"a town of it written in the article: {town}"

    def _written_before(self, mentions: Sequence[Mention], items: dict[str, _Name], text: str) -> None:
        """A place written right before another (``北京市`` + ``通州区``) is the start of its path."""
        places = sorted((m for m in mentions if m.type is EntityType.PLACE), key=lambda m: m.start)
        for a, b in itertools.pairwise(places):
            item = items[b.name]
            if a.end != b.start or item.link is not None or len(item.cands) < 2:
                continue
            path = self._path(text[a.start : b.end])
            if path and len(path) == 1 and any(c.div.id == path[0].div.id for c in item.cands):
                item.link, item.reason = path[0], f"written path {text[a.start : b.end]}"

    def _nearby(self, items: dict[str, _Name], item: _Name, where: str | None) -> list[_Anchor]:
        """Linked places written in the same sentences or paragraphs as ``item``; anywhere when ``where`` is None.

        Anywhere includes the places organizations' names begin with (``梨树县华统食品``).
        """
        out: list[_Anchor] = []
        for other in items.values():
            if other is item or other.link is None or not (other.mentioned or (where is None and other.in_org)):
                continue
            if where is not None and not (getattr(other, where) & getattr(item, where)):
                continue
            out.append(_Anchor(other.link, other.name))
        return out

    def _source_anchors(self, ex: ArticleExtraction) -> list[_Anchor]:
        """Divisions the source names: the page header's publishers, a dateline opening the text
        (``滨州日报/滨州网讯``), the feed's name or the folder the file sits in."""
        out: list[_Anchor] = []
        for name in ex.article.publishers:
            out += self._anchors_in(name, "publisher")
        dateline = DATELINE_RE.match(ex.article.text)
        if dateline:
            for name in dateline.group(1).split("/"):
                out += self._anchors_in(name, "dateline")
        source = ex.article.source or ex.article.origin
        if source:
            p = Path(source)
            for part in (*p.parts[:-1][-2:], p.stem if p.suffix else source):
                out += self._anchors_in(part, "source")
        return out

    # --- the home the text implies (newskg.geo.home) --------------------------

    @functools.lru_cache(maxsize=4096)  # noqa: B019
    def _division_at(self, path: tuple[str, ...]) -> _Cand | None:
        """The division with this path, as a candidate."""
        return next((c for c in self._lookup(path[-1]) if self.g.path(c.div) == path), None)

    def _cand(self, link: PlaceLink) -> _Cand:
        c = self._division_at(link.path)
        assert c is not None, link.key  # every link was made from a division of this gazetteer
        return _Cand(c.div, c.lineage, Match.NAME)

    def _home(
        self,
        ex: ArticleExtraction,
        items: dict[str, _Name],
        source: Sequence[_Anchor],
        titled: Sequence[Mention],
        sents: Sequence[Segment],
        hits: Sequence[tuple[int, int, list[_Cand]]],
    ) -> InferredHome | None:
        """The home the article's text implies (:func:`newskg.geo.home.infer_home`), from the evidence here."""
        text = ex.article.text
        newsroom = [(self.link_of(a.cand.div), a.label.strip()) for a in source]
        for name in newsroom_names(text):
            newsroom += [(self.link_of(a.cand.div), a.label.strip()) for a in self._anchors_in(name, "newsroom")]
        starts = {m.start: m.name for m in ex.mentions if m.type is EntityType.PLACE}
        home_words: list[tuple[str, PlaceLink]] = []
        levels: list[str] = []
        for hm in _HOME_LEVEL_RE.finditer(text):
            levels.append(HOME_LEVEL_WORDS[hm.group(0)])
            item = items.get(starts.get(hm.end(), ""))
            if item is not None and item.link is not None:
                home_words.append((hm.group(0), self.link_of(item.link.div)))
        levels += [post.level_word for m in titled for post in parse_title(m.title or "") if post.place is None]
        evidence = HomeEvidence(
            newsroom=newsroom, home_words=home_words, levels=levels, written=self._written(ex, items, sents, hits)
        )
        return infer_home(
            evidence,
            lambda p, word: (c := self._division_at(p.path)) is not None and self._fits(c.div, word),
            self.ancestors,
        )

    def _missed(
        self,
        ex: ArticleExtraction,
        items: dict[str, _Name],
        sents: Sequence[Segment],
        homes: Sequence[_Anchor],
        names: Sequence[tuple[int, int, list[_Cand]]],
    ) -> list[tuple[Mention, _Cand, str]]:
        """Places the model missed: a province's, city's or county's name written outside every mention,
        when the article vouches for its division. Each with its division and why.

        Vouched for are the article's home (given, the source's, or the one its text implies) and the
        divisions above it (a county paper writes ``城口`` and its city bare), and a division the article
        writes in full elsewhere (``四平市`` in a title, an organization's name, the headline: then
        ``四平`` is it). A name alone is never enough: most bare names in news are words or other
        places. A name a park's name begins with is the park's (``娄星工业集中区``). O(n × 8).
        """
        if not sents:
            return []
        text, headline = ex.article.text, ex.article.title
        vouched: dict[int, str] = {}
        for a in homes:
            for k in range(a.cand.depth, 0, -1):
                up = "" if k == a.cand.depth else "above "
                vouched.setdefault(a.cand.lineage[k - 1], f"{up}the article's home ({a.label.strip()})")
        for it in items.values():
            if it.link is not None and it.link.how is not Match.SHORT and it.link.div.level in _UPPER:
                vouched.setdefault(it.link.div.id, f"written in full in the article: {it.name}")
        for i, j, cands in self._names_in(headline, bytearray(len(headline) + 1)):
            if len(cands) == 1 and cands[0].how is not Match.SHORT and j - i >= 3:
                vouched.setdefault(cands[0].div.id, f"written in full in the headline: {headline[i:j]}")
        skip = bytearray(len(text) + 1)
        for m in ex.mentions:
            skip[m.start : m.end] = b"\x01" * (m.end - m.start)
        # Names the article holds as places or persons already (an organization of the same name, a
        # visit's target typed so, does not hide the place).
        kinds = (EntityType.PLACE, EntityType.PERSON)
        taken = {m.name for m in ex.mentions if m.type in kinds} | {
            r.name for rel in ex.relations for r in (rel.head, rel.tail) if r and r.type in kinds
        }
        hits = [
            (i, j, cands)
            for i, j, cands in names
            if 1 not in skip[i:j] and text[i:j] not in taken and not _PARK_AFTER_RE.match(text, j)
        ]
        # A place listed with a linked place of its level and parent is its sibling (北京昌平、大兴、朝阳).
        placed: dict[int, tuple[int, _Cand, str]] = {}  # start -> end, division, name
        for m in ex.mentions:
            link = items[m.name].link if m.type is EntityType.PLACE and m.name in items else None
            if link is not None:
                placed[m.start] = (m.end, link, m.name)
        found: dict[int, tuple[int, _Cand, str]] = {  # start -> end, division, why
            i: (j, c, f"short for {c.div.name}, which the article names")
            for i, j, c in self._abbreviated(text, skip, items)
        }
        while True:
            before = len(found)
            for i, j, cands in hits:
                if i in found:
                    continue
                ok = [c for c in cands if c.div.id in vouched]
                why = vouched[ok[0].div.id] if len(ok) == 1 else ""
                if not ok:  # a full name (郊区) of one division in a city the article vouches for
                    ok = [
                        c for c in cands if c.how is not Match.SHORT and c.lineage[-2:-1] and c.lineage[-2] in vouched
                    ]
                    why = f"in {self.g.get(ok[0].lineage[-2]).name}, which the article names" if len(ok) == 1 else ""
                if not why:
                    listed = {**placed, **{k: (e, c, text[k:e]) for k, (e, c, _) in found.items()}}
                    ok, why = self._listed_with(text, i, j, cands, listed)
                if why:
                    found[i] = (j, ok[0], why)
            if len(found) == before:
                break
        starts = [seg.start for seg in sents]
        out: list[tuple[Mention, _Cand, str]] = []
        for i, (j, c, why) in sorted(found.items()):
            k = max(bisect.bisect_right(starts, i) - 1, 0)
            name = text[i:j]
            m = Mention(surface=name, name=name, type=EntityType.PLACE, start=i, end=j, sentence=k)
            out.append((m.model_copy(update={"paragraph": sents[k].paragraph}), c, why))
        return out

    @staticmethod
    def _listed_with(
        text: str, i: int, j: int, cands: Sequence[_Cand], placed: dict[int, tuple[int, _Cand, str]]
    ) -> tuple[list[_Cand], str]:
        """The one candidate of a name at ``i:j`` that is a sibling of a linked place listed right before or
        after it (``、``, ``和``): the same level, the same division above. ([], "") when none or several."""
        neighbours = [p for start, p in placed.items() if p[0] == i - 1 and text[i - 1] in LIST_JOINERS]
        if j < len(text) and text[j] in LIST_JOINERS and j + 1 in placed:
            neighbours.append(placed[j + 1])
        for _, n, name in neighbours:
            ok = [c for c in cands if c.div.level is n.div.level and c.lineage[:-1] == n.lineage[:-1]]
            if len(ok) == 1:
                return ok, f"listed with {name}"
        return [], ""

    def _abbreviated(self, text: str, skip: bytearray, items: dict[str, _Name]) -> list[tuple[int, int, _Cand]]:
        """Cities written by their first character and 市 (``乌市`` for 乌兰浩特市), where the article names
        exactly one city of that first character in full, by a name of three characters or more before 市;
        only where a list or a preposition stands before it (``前旗、乌市``), since 都市 and 上市 are words."""
        by_first: dict[str, set[int]] = defaultdict(set)
        cands: dict[int, _Cand] = {}
        for it in items.values():
            c = it.link
            if (
                c is not None
                and c.div.level in (Level.CITY, Level.COUNTY)
                and c.div.name.endswith("市")
                and len(c.div.name) >= 4
            ):
                by_first[c.div.name[0]].add(c.div.id)
                cands[c.div.id] = c
        out: list[tuple[int, int, _Cand]] = []
        for m in _ABBREVIATED_CITY_RE.finditer(text):
            i = m.start(1)
            ids = by_first.get(text[i], set())
            if len(ids) == 1 and 1 not in skip[i : i + 2]:
                out.append((i, i + 2, cands[next(iter(ids))]))
        return out

    def _names_in(self, text: str, skip: bytearray) -> Iterator[tuple[int, int, list[_Cand]]]:
        """Names of provinces, cities and counties in ``text``, longest first from left to right, with their
        candidates at those levels; none where ``skip`` holds 1, none that is also a word (和政 of 党和政府).

        O(n) dict lookups for n characters, and a few set lookups where a name may begin.
        """
        names, heads = self._division_names(), self._name_heads()
        i = 0
        while i < len(text) - 1:
            longest = heads.get(text[i : i + 2])
            if longest is None:
                i += 1
                continue
            for j in range(min(len(text), i + longest), i + 1, -1):
                piece = text[i:j]
                if piece not in names or 1 in skip[i:j]:
                    continue
                if piece not in COMMON_WORD_DIVISION_NAMES:
                    cands = [c for c in self._lookup(piece) if c.div.level in _UPPER]
                    if cands:
                        yield i, j, cands
                i = j - 1
                break
            i += 1

    def _written(
        self,
        ex: ArticleExtraction,
        items: dict[str, _Name],
        sents: Sequence[Segment],
        names: Sequence[tuple[int, int, list[_Cand]]],
    ) -> list[Written]:
        """The provinces, cities and counties the text writes: by a name of one of them, or as the
        division a linked place lies in (刻木山乡: its county).

        Left out: persons' names, firms' names but for a full name (上海电气集团 lies anywhere;
        晋城市建筑公司 is the city's), names that are also words (和政 of 党和政府), and the
        sentences that bring visitors to the home (``毕节市长甲来我旗考察``: their place is not the
        home). A name is full when written whole (``城口县``, three characters or more: 中区 of
        工业集中区 is a word) or at the start of a park's name (``达拉特经济开发区``). ``names`` are
        the names the text writes outside persons' names (:meth:`_names_in`). O(names + places).
        """
        text = ex.article.text
        skip = bytearray(len(text) + 1)  # 1: no name here; 2: a full name only
        for m in ex.mentions:
            if m.type is EntityType.PERSON or m.kind is OrgKind.COMPANY:
                skip[m.start : m.end] = (b"\x01" if m.type is EntityType.PERSON else b"\x02") * (m.end - m.start)
        visitors = _visitor_sentences(text, sents)
        for k in visitors:
            skip[sents[k].start : sents[k].end] = b"\x01" * (sents[k].end - sents[k].start)
        found: dict[int, tuple[_Cand, str, int, bool]] = {}
        for i, j, cands in names:
            if 1 in skip[i:j]:
                continue
            whole = (cands[0].how is not Match.SHORT and j - i >= 3) or bool(_PARK_AFTER_RE.match(text, j))
            if len(cands) == 1 and (whole or 2 not in skip[i:j]):
                c = cands[0]
                _, form, n, full = found.get(c.div.id, (c, text[i:j], 0, False))
                found[c.div.id] = (c, form, n + 1, full or whole)
        for item in items.values():
            if item.link is None or not item.mentioned or _only_in(item, visitors):
                continue  # a place of an organization's name or a title: the names above counted it
            for k in range(1, item.link.depth + 1):
                c = _Cand(self.g.get(item.link.lineage[k - 1]), item.link.lineage[:k], Match.NAME)
                if c.div.level in _UPPER:  # named above, or lying above a place: once at least, in full
                    _, form, n, _ = found.get(c.div.id, (c, item.name, 1, True))
                    found[c.div.id] = (c, form, n, True)
        return [Written(self.link_of(c.div), form, n, full) for c, form, n, full in found.values()]

    def _resolution(self, item: _Name) -> PlaceResolution:
        if item.link is not None:
            return PlaceResolution(name=item.name, link=self.link_of(item.link.div), reason=item.reason)
        if len(item.cands) < 1:
            return PlaceResolution(name=item.name)
        paths = sorted({"/".join(self.g.path(c.div)) for c in item.cands})
        return PlaceResolution(name=item.name, candidates=tuple(paths[:CANDIDATE_CAP]), candidate_count=len(paths))

    def _place_prefixes(self, part: str) -> list[str]:
        """Prefixes of a title's post that are written places ending in a level word, longest first.

        What news writes before a post that is no part of it is left out (``中共`` of 中共双阳区委常委).
        """
        part = without_noise(part)
        out: list[str] = []
        for j in range(min(len(part) - 1, _MAX_NAME), 1, -1):
            prefix = part[:j]
            if prefix.endswith(ZONE_SUFFIXES):
                continue
            if (level_word_at_end(prefix) and (self._path(prefix) or self._lookup(prefix))) or any(
                c.div.level is Level.PROVINCE for c in self._lookup(prefix)
            ):
                out.append(prefix)  # 泰州市 (委书记), 河南 (煤监局巡视员)
        return out

    @functools.lru_cache(maxsize=65536)  # noqa: B019
    def _leading_place(self, org: str) -> str | None:
        """The place an organization's name begins with, or names in brackets (``天纳克(北京)``).

        Full names (通州区), paths, and provinces' short names (北京) only: a city's or
        county's short name at the start of a name is too often something else (东方电气, 中山大学).
        """
        bracket = re.search(r"\(([^()]{2,12})\)", org)
        if bracket and self._is_place_word(bracket.group(1), cities=True):
            return bracket.group(1)
        provinces = self._province_names()
        for j in range(min(len(org) - 2, _MAX_NAME), 1, -1):
            prefix = org[:j]
            # Only a prefix ending in a level word (…区, …县) or a province's name can be one.
            if (level_word_at_end(prefix) or prefix in provinces) and self._is_place_word(prefix):
                return prefix
        return None

    @functools.cache  # noqa: B019 - one Linker per process
    def _province_names(self) -> frozenset[str]:
        return frozenset(self.g.names([Level.PROVINCE]))

    def _is_place_word(self, text: str, cities: bool = False) -> bool:
        """A full name (not a village's, not a zone's such as 综合保税区), a path, or a province's short name.

        With ``cities``, a city's short name too (written in brackets: ``上海医药(本溪)``).
        """
        shorts = (Level.PROVINCE, Level.CITY) if cities else (Level.PROVINCE,)
        if text.endswith(ZONE_SUFFIXES) or text.endswith("保税区"):
            return False
        if self._path(text):
            return True
        return any(
            (c.how is not Match.SHORT and not (c.div.level is Level.TOWN and text.endswith("区")))
            or c.div.level in shorts
            for c in self._lookup(text)
            if c.div.level is not Level.VILLAGE
        )

    # --- officials -----------------------------------------------------------

    def _positions(
        self,
        ex: ArticleExtraction,
        titled: Sequence[Mention],
        title_places: dict[str, list[str]],
        items: dict[str, _Name],
        home: Sequence[_Anchor],
        source: Sequence[_Anchor],
        inferred: InferredHome | None,
        sents: Sequence[Segment],
    ) -> tuple[Position, ...]:
        out: dict[tuple[str, str], Position] = {}
        parsed = {
            m.name + "\0" + (m.title or ""): parse_title(
                m.title or "", {part: title_places.get(part, [])[:1] for part in split_title(m.title or "")}
            )
            for m in titled
        }
        # The posts that name their place (泰州市委书记): their division, for the other titles of the article.
        explicit = {
            post.written: items[post.place].link
            for posts in parsed.values()
            for post in posts
            if post.place is not None and items[post.place].link is not None
        }
        # The places of sentences that bring visitors to the home (毕节市长甲来我旗) are theirs, not the hosts';
        # so are the titles written there, for the other titles of the article.
        visitors = _visitor_sentences(ex.article.text, sents)
        hosts = {
            post.written
            for m in titled
            if m.sentence not in visitors
            for post in parsed[m.name + "\0" + (m.title or "")]
        }
        others = {w: c for w, c in explicit.items() if w in hosts}
        linked = [it for it in items.values() if it.link is not None and it.mentioned and not _only_in(it, visitors)]
        named = [it for it in items.values() if it.link is not None and it.in_org and not _only_in(it, visitors)]
        repeated = functools.cache(lambda: self._repeated(ex))  # read only when a title needs it
        for m in titled:
            title = m.title or ""
            posts = parsed[m.name + "\0" + title]
            sent = sents[m.sentence] if m.sentence < len(sents) else Segment(0, 0)
            same_title = [explicit[p] for p in split_title(title) if explicit.get(p)]
            before = [  # the titles written before it in its sentence, nearest first
                (o.title or "", [explicit[p] for p in split_title(o.title or "") if explicit.get(p)])
                for o in sorted(titled, key=lambda o: -o.start)
                if o.sentence == m.sentence and o.start < m.start
            ]
            for post in posts:
                if (m.name, post.written) in out:
                    continue
                link, reason, stated = self._jurisdiction(
                    post,
                    explicit,
                    others,
                    same_title,
                    before,
                    home,
                    source,
                    inferred,
                    linked,
                    named,
                    repeated,
                    m,
                    items,
                )
                level = link.div.level if link else Level(TITLE_LEVEL_WORDS[post.level_word])
                out[(m.name, post.written)] = Position(
                    person=m.name,
                    title=title,
                    written=post.written,
                    body=post.body,
                    unit=post.unit,
                    post=post.post,
                    level=level,
                    jurisdiction=self.link_of(link.div) if link else None,
                    reason=reason,
                    stated=stated,
                    evidence=re.sub(r"\s+", "", ex.article.text[sent.start : sent.end]),
                    start=sent.start,
                    end=sent.end,
                )
        return tuple(out[k] for k in sorted(out))

    def _jurisdiction(
        self,
        post: ParsedPost,
        explicit: dict[str, _Cand | None],
        others: dict[str, _Cand | None],
        same_title: Sequence[_Cand | None],
        before: Sequence[tuple[str, Sequence[_Cand | None]]],
        home: Sequence[_Anchor],
        source: Sequence[_Anchor],
        inferred: InferredHome | None,
        linked: Sequence[_Name],
        named: Sequence[_Name],
        repeated: Callable[[], list[tuple[_Cand, str]]],
        m: Mention,
        items: dict[str, _Name],
    ) -> tuple[_Cand | None, str, bool]:
        """The division a post belongs to: the place it names, else the one of its level the article points at.

        Returns the division, why, and whether it is stated (the title, the list, the home, the source,
        a home the text states, another title) rather than read from the article's places.
        """
        if post.place is not None:
            c = explicit.get(post.written)
            return (c, f"written in the title ({items[post.place].reason})", True) if c else (None, "", False)
        implied = [(self._cand(inferred.place), inferred.label)] if inferred else []
        steps: list[tuple[str, list[tuple[_Cand, str]] | Callable[[], list[tuple[_Cand, str]]], bool]] = [
            ("the same title", [(c, c.div.name) for c in same_title if c], True),
            ("a title before it in its list", self._listed(post.level_word, before), True),
            ("article home", [(a.cand, a.label) for a in home], True),
            ("source", [(a.cand, a.label) for a in source], True),
            ("inferred home", implied, inferred is not None and inferred.stated),
            ("another title", [(c, t) for t, c in others.items() if c], True),
            (
                "a place of the same sentence",
                [(it.link, it.name) for it in linked if m.sentence in it.sentences if it.link],
                False,
            ),
            ("a place of the article", [(it.link, it.name) for it in linked if it.link], False),
            ("a place in an organization's name", [(it.link, it.name) for it in named if it.link], False),
            ("a name written again and again", repeated, False),
        ]
        pool: set[int] | None = None  # a step that leaves several narrows the choice of the steps after it
        for what, given, stated in steps:
            found = self._at_level(post.level_word, given() if callable(given) else given)
            if pool is not None:
                found = {i: v for i, v in found.items() if i in pool}
            if len(found) == 1:
                c, label = next(iter(found.values()))
                return c, f"{what} {label}".strip(), stated
            if found:
                pool = set(found)
        return None, "", False

    def _listed(self, word: str, before: Sequence[tuple[str, Sequence[_Cand | None]]]) -> list[tuple[_Cand, str]]:
        """The places of the nearest title before a post in its sentence that hold a division of its level.

        News lists each division's officials together, the first with the place and the rest
        bare (``平谷区委书记甲,区委副书记、区长乙;房山区委书记丙,区长丁``): a bare post takes
        the place of the title before it, and a sentence (cut at ``;``) ends the list.
        """
        for title, cands in before:
            anchors = [(c, title) for c in cands if c is not None]
            if self._at_level(word, anchors):
                return anchors
        return []

    def _repeated(self, ex: ArticleExtraction) -> list[tuple[_Cand, str]]:
        """Counties and cities whose one name the text writes twice or more outside every mention.

        A paper writes its own place bare and often (``为城口经济社会发展``) where the model
        may miss it; for a title with no other clue, such a name says whose officials they are.
        O(n × 7) set lookups for n characters.
        """
        text = ex.article.text
        covered = bytearray(len(text) + 1)
        for m in ex.mentions:
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        free_to = [0] * (len(text) + 1)  # the first covered position at or after each one
        nxt = len(text)
        for k in range(len(text), -1, -1):
            if covered[k]:
                nxt = k
            free_to[k] = nxt
        upper = self._upper_names()
        counts: dict[str, int] = defaultdict(int)
        i = 0
        while i < len(text) - 1:
            for j in range(min(free_to[i], i + 8), i + 1, -1):
                if text[i:j] in upper:
                    counts[text[i:j]] += 1
                    i = j - 1
                    break
            i += 1
        levels = (Level.CITY, Level.COUNTY)
        out: list[tuple[_Cand, str]] = []
        for piece, n in sorted(counts.items()):
            cands = [c for c in self._lookup(piece) if c.div.level in levels]
            if n >= 2 and len(cands) == 1 and piece not in COMMON_WORD_DIVISION_NAMES:
                out.append((cands[0], f"{piece} ({n}×)"))  # not 和政 of 党和政府
        return out

    @functools.cache  # noqa: B019 - one Linker per process
    def _upper_names(self) -> frozenset[str]:
        """Every name (full, short, former) of a city or county, two characters or more."""
        return frozenset(n for n in self.g.names([Level.CITY, Level.COUNTY]) if len(n) >= 2)

    @functools.cache  # noqa: B019 - one Linker per process
    def _division_names(self) -> frozenset[str]:
        """Every name (full, short, former) of a province, city or county, two characters or more."""
        return frozenset(n for n in self.g.names(_UPPER) if len(n) >= 2)

    @functools.cache  # noqa: B019 - one Linker per process
    def _name_heads(self) -> dict[str, int]:
        """The first two characters of every name of :meth:`_division_names`, with the longest's length."""
        heads: dict[str, int] = {}
        for n in self._division_names():
            heads[n[:2]] = max(heads.get(n[:2], 0), len(n))
        return heads

    def _at_level(self, word: str, anchors: Sequence[tuple[_Cand, str]]) -> dict[int, tuple[_Cand, str]]:
        """The divisions a level word may mean, at or above the anchors; the anchors themselves first."""
        own = {c.div.id: (c, label) for c, label in anchors if self._fits(c.div, word)}
        if len(own) > 1:
            # Several county-level cities of one prefecture (磐石市, 舒兰市): a 市长 there is the prefecture's.
            common = functools.reduce(lambda a, b: a[: _shared(a, b)], (c.lineage for c, _ in own.values()))
            up = [i for i in common if self._fits(self.g.get(i), word)]
            if up:
                d = self.g.get(up[-1])
                return {d.id: (_Cand(d, self.g.lineage(d), Match.NAME), "the division above them all")}
        if own:
            return own
        out: dict[int, tuple[_Cand, str]] = {}
        for c, label in anchors:
            for i in c.lineage[:-1]:
                d = self.g.get(i)
                if self._fits(d, word):
                    out.setdefault(i, (_Cand(d, self.g.lineage(d), Match.NAME), label))
        return out

    def _fits(self, d: Division, word: str) -> bool:
        """Whether a division is one that a title's level word stands for (县: a county named …县).

        A former name counts: 子长市 was 子长县, and its 县长 is still written so.
        """
        if not (d.name.endswith(word) or any(f.endswith(word) for f in self.g.former_names(d))):
            return False
        if word == "市":
            return True  # a province-level, prefecture-level or county-level city
        level = Level(TITLE_LEVEL_WORDS[word])
        return d.level is level

    # --- where organizations are, and visitors from outside -------------------

    def _locations(
        self, ex: ArticleExtraction, items: dict[str, _Name], org_places: dict[str, str], sents: Sequence[Segment]
    ) -> tuple[Location, ...]:
        out: dict[tuple[str, str], Location] = {}
        text = ex.article.text
        first: dict[str, Mention] = {}
        for m in ex.mentions:
            if m.type is EntityType.ORGANIZATION:
                first.setdefault(m.name, m)
        for org, place in sorted(org_places.items()):
            item = items.get(place)
            if item is None or item.link is None:
                continue
            link = self.link_of(item.link.div)
            at = first.get(org)
            sent = sents[at.sentence] if at is not None and at.sentence < len(sents) else Segment(0, 0)
            evidence = re.sub(r"\s+", "", text[sent.start : sent.end]) or org
            out[(org, link.key)] = Location(
                organization=org, place=link, basis=BASIS_NAME, evidence=evidence, start=sent.start, end=sent.end
            )
        places = sorted((m for m in ex.mentions if m.type is EntityType.PLACE), key=lambda m: m.start)
        for rel in ex.relations:
            if rel.type is not RelationType.VISITED or rel.tail is None or rel.tail.type is not EntityType.ORGANIZATION:
                continue
            target = next(
                (m for m in ex.mentions if m.name == rel.tail.name and rel.start <= m.start and m.end <= rel.end),
                None,
            )
            if target is None:
                continue
            # A place (or a path written as adjacent places: 南京市玄武区) right after 到/在/赴 … before the firm.
            runs: list[list[Mention]] = []
            for p in places:
                if not (rel.start <= p.start and p.end <= target.start):
                    continue
                if runs and runs[-1][-1].end == p.start:
                    runs[-1].append(p)
                else:
                    runs.append([p])
            areas = {
                run[-1].name
                for run in runs
                if text[max(rel.start, run[0].start - 2) : run[0].start].endswith(STOP_AREA_BEFORE)
                and (it := items.get(run[-1].name)) is not None
                and it.link is not None
                and it.link.div.level is not Level.PROVINCE
            }
            if len(areas) != 1:
                continue
            item = items[next(iter(areas))]
            assert item.link is not None
            link = self.link_of(item.link.div)
            out.setdefault(
                (rel.tail.name, link.key),
                Location(
                    organization=rel.tail.name,
                    place=link,
                    basis=BASIS_STOP,
                    evidence=rel.evidence,
                    start=rel.start,
                    end=rel.end,
                ),
            )
        return tuple(out[k] for k in sorted(out))

    def _visits(
        self,
        ex: ArticleExtraction,
        items: dict[str, _Name],
        positions: Sequence[Position],
        locations: Sequence[Location],
        org_places: dict[str, str],
    ) -> tuple[VisitScope, ...]:
        held: dict[str, list[PlaceLink]] = defaultdict(list)
        for p in positions:
            if p.jurisdiction is not None and p.stated:  # one read from the visited places would say "inside"
                held[p.person].append(p.jurisdiction)
        lies_in: dict[str, list[PlaceLink]] = defaultdict(list)
        for loc in locations:
            lies_in[loc.organization].append(loc.place)
        for rel in ex.relations:
            if rel.type is RelationType.LOCATED_IN and rel.tail is not None:
                item = items.get(rel.tail.name)
                if item is not None and item.link is not None:
                    lies_in[rel.head.name].append(self.link_of(item.link.div))
        out: list[VisitScope] = []
        for i, rel in enumerate(ex.relations):
            if rel.type is not RelationType.VISITED or rel.tail is None:
                continue
            if rel.head.type is EntityType.PERSON:
                jurisdictions = held.get(rel.head.name, [])
            else:
                jurisdictions = lies_in.get(rel.head.name, []) if rel.head.name in org_places else []
            if rel.tail.type is EntityType.PLACE:
                item = items.get(rel.tail.name)
                targets = [self.link_of(item.link.div)] if item is not None and item.link is not None else []
            else:
                targets = lies_in.get(rel.tail.name, [])
            verdict = _outside(targets, jurisdictions)
            if verdict is not None:
                out.append(VisitScope(relation=i, from_outside=verdict[0], jurisdiction=verdict[2], target=verdict[1]))
        return tuple(out)


def _only_in(item: _Name, sentences: set[int]) -> bool:
    """Whether a place is written only in these sentences (a place read from a relation alone is not)."""
    written = item.sentences | item.org_sentences
    return bool(written) and written <= sentences


def _visitor_sentences(text: str, sents: Sequence[Segment]) -> set[int]:
    """The sentences that bring visitors to the article's home (``来我旗考察``), by index.

    >>> from newskg.extract.pipeline import segment
    >>> text = "甲市考察团来我县考察。县长乙陪同。"
    >>> _visitor_sentences(text, segment(text))
    {0}
    """
    return {k for k, seg in enumerate(sents) if _VISIT_HOME_RE.search(text, seg.start, seg.end)}


def _outside(targets: Sequence[PlaceLink], held: Sequence[PlaceLink]) -> tuple[bool, str, str] | None:
    """(outside, target path, jurisdiction path) of a visit; None when the places cannot tell.

    Inside when a target lies in a jurisdiction; outside when every target parts
    from every jurisdiction at a level both name; unknown when the target is
    known only above the jurisdiction (a firm "in 黑龙江" and a visitor of 牡丹江市).

    >>> bj = PlaceLink(name="北京市", adcode="110000", level=Level.PROVINCE, path=("北京市",))
    >>> tz = PlaceLink(name="通州区", adcode="110112", level=Level.COUNTY, path=("北京市", "通州区"))
    >>> hd = PlaceLink(name="海淀区", adcode="110108", level=Level.COUNTY, path=("北京市", "海淀区"))
    >>> _outside([tz], [bj])[0], _outside([tz], [hd])[0], _outside([bj], [hd])
    (False, True, None)
    """
    for t in targets:
        for j in held:
            if t.within(j):
                return False, t.key, j.key
    for t in targets:
        for j in held:
            n = min(len(t.path), len(j.path))
            if t.path[:n] != j.path[:n]:
                continue
            return None  # the target is known only above the jurisdiction
    if not targets or not held:
        return None
    return True, targets[0].key, held[0].key


_DEFAULT: list[Linker] = []


def link_article(ex: ArticleExtraction, linker: Linker | None = None) -> ArticleLinks:
    """Link one article with ``linker``, or with this process's default linker (made at the first call).

    Raises:
        newskg.names.gazetteer.GazetteerError: The gazetteer's data is missing or corrupt.
    """
    if linker is None:
        if not _DEFAULT:
            _DEFAULT.append(Linker())
        linker = _DEFAULT[0]
    return linker.link(ex)


def link_all(extractions: Iterable[ArticleExtraction], linker: Linker | None = None) -> list[ArticleLinks]:
    """:func:`link_article` over several articles."""
    return [link_article(ex, linker) for ex in extractions]
