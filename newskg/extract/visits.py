"""Visit events: who went where, over lists of targets and trips of several sentences.

Chinese local news reports a visit in a few fixed shapes (see
``/work/notes/visit_constructions.md`` for the catalogue read from real reports):

- a movement verb, the places, and a purpose: ``先后到A、B和C等企业调研``;
- a direct visit verb and its object: ``走访了A``, ``察看B``;
- a trip over sentences: ``首先来到A……随后,他走进B……在C,他察看了……``;
- the leader of a delegation: ``区长赵明率考察团赴D考察`` (赵明 visits);
- companions and receivers, who are no visitors: ``副县长李某陪同``,
  ``在李某的陪同下``, ``公司董事长刘某介绍`` (ACCOMPANIED person -> lead visitor).

Every VISITED relation carries ``trip`` (a number, the same for every stop of
one trip in the article) and ``sentence`` (the index of its evidence sentence;
-1 for the headline), so later stages can give the stops of a trip one date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newskg.extract.relations import ArticleContext, _co_subjects, _paragraph_firm, _quoted, _ref, _rel
from newskg.extract.sentences import Segment, clauses
from newskg.extract.spans import valid_name
from newskg.model import EntityRef, EntityType, Mention, RelationType
from newskg.model import Relation as Rel
from newskg.names.kinds import entity_type_by_suffix
from newskg.names.lexicon import (
    ARRIVAL_VERBS,
    AT_STOP_RE,
    CLOSING_ORG_NOUNS,
    COMPANION_BEFORE_VERB_RE,
    COMPANION_WORD_RE,
    DELEGATION_RE,
    FIRM_ANAPHOR_RE,
    FRAMING_VERBS,
    GROUP_SUBJECT_RE,
    HOME_PLACE_WORDS,
    HOME_RE,
    LEADER_RE,
    LIST_CLOSING_RE,
    LIST_WORD_JOINER_RE,
    LOCATED_BEFORE_DE,
    MEMBER_RE,
    MOVE_COME_AFTER,
    MOVE_VERBS,
    NOT_MOVE_AFTER_RE,
    NOT_MOVE_BEFORE,
    NOT_NAME_ENDINGS,
    NOT_VISIT_RE,
    PRONOUNS,
    PURPOSE_RE,
    SITE_ORG_SUFFIXES,
    SITE_PART_RE,
    SITE_PLACE_SUFFIXES,
    STOP_NOT_PLACE_ENDS,
    TARGET_STOP_RE,
    TRIGGER_RE,
    TRIP_OPENER_RE,
    VILLAGE_HEAD_RE,
    VISIT_GENERIC_RE,
    VISIT_NOUN_USE_RE,
    WITH_RE,
)
from newskg.names.titles import title_before

__all__ = [
    "home_ref",
    "split_targets",
    "visit_relations",
]

_MOVE_SET = frozenset(MOVE_VERBS)
_NOT_MOVE_BEFORE = frozenset(NOT_MOVE_BEFORE)
_NAME_CHARS = re.compile(r"^[\u4e00-\u9fa5A-Za-z0-9()（）·]{2,24}$")
_STOP_AT_RE = re.compile(r"^\s*在(.{2,30})$")  # "在A,": a stop of the trip opens the sentence


@dataclass
class _Trip:
    """The visitors of the current trip and its number within the article."""

    number: int
    lead: list[EntityRef]
    sentence: int


@dataclass
class _State:
    trip: _Trip | None = None
    trips: int = 0
    last: EntityRef | None = None  # the last named person: "他" when no trip is open
    previous: _Trip | None = None  # the last trip, open or not
    companions: set[tuple[str, int]] = field(default_factory=set)
    seen: set[tuple[str, str, str]] = field(default_factory=set)


def home_ref(word: str, home: str, source: str) -> EntityRef:
    """The entity of "我区"/"我公司": the publisher's home when known, else one node per source.

    >>> home_ref("我县", "清河县", "清河县人民政府网")
    EntityRef(name='清河县', type=<EntityType.PLACE: 'PLACE'>)
    >>> home_ref("我公司", "", "星辰报").name
    '我公司(星辰报)'
    """
    typ = EntityType.PLACE if word in HOME_PLACE_WORDS else EntityType.ORGANIZATION
    if home:
        return EntityRef(name=home, type=entity_type_by_suffix(home) or typ)
    return EntityRef(name=f"{word}({source or '?'})", type=typ)


@dataclass(frozen=True)
class Item:
    """One target read from a list: its text span and the type its context gives."""

    name: str
    start: int
    end: int
    type: EntityType | None


def _pieces(region: str, keep: Sequence[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """Split a list at 、 and at 和/与/及 where both sides keep two characters and no name is cut.

    >>> _pieces("恒远钢构和绿田食品、万和精密")
    [(0, '恒远钢构'), (5, '绿田食品'), (10, '万和精密')]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    for part in re.split("、|以及|/", region):
        at = region.index(part, pos)
        pos = at + len(part)
        cut = 0
        for m in LIST_WORD_JOINER_RE.finditer(part):
            k = at + m.start()
            if m.start() - cut >= 2 and len(part) - m.end() >= 2 and not any(a < k < b for a, b in keep):
                out.append((at + cut, part[cut : m.start()]))
                cut = m.end()
        out.append((at + cut, part[cut:]))
    return out


def split_targets(
    text: str, start: int, end: int, framed: bool = False, keep: Sequence[tuple[int, int]] = ()
) -> list[Item]:
    """Targets in ``text[start:end]``, the region after a visit verb.

    The region is cut at the purpose (调研, 进行, ...), split at 、和与及, and
    a closing noun (等企业, 等村) types every item. Items with no closing noun
    keep a type only when their suffix gives one (``医院``, ``村``) or when
    ``framed`` (the region sits between a movement and a purpose: 到A调研).

    >>> [(i.name, i.type.value) for i in split_targets("华晟电子、恒远钢构和绿田食品等重点企业", 0, 20)]
    [('华晟电子', 'ORGANIZATION'), ('恒远钢构', 'ORGANIZATION'), ('绿田食品', 'ORGANIZATION')]
    >>> [(i.name, i.type.value) for i in split_targets("东岗村、西岗村和南湖社区", 0, 12)]
    [('东岗村', 'PLACE'), ('西岗村', 'PLACE'), ('南湖社区', 'PLACE')]
    >>> [i.name for i in split_targets("了芯片封装生产线", 0, 8)]
    []
    >>> [i.name for i in split_targets("万和精密、立信电子", 0, 9, framed=True)]
    ['万和精密', '立信电子']
    >>> [i.name for i in split_targets("桃源村美丽乡村建设和果蔬合作社生产基地", 0, 19)]
    ['桃源村', '果蔬合作社生产基地']
    """
    region = text[start:end]
    m = TARGET_STOP_RE.search(region)
    if m:
        region = region[: m.start()]
    region = region.rstrip("。！？!?；;，,：: \n”")
    lead = len(region) - len(region.lstrip("了到至过于在对 "))
    base = start + lead
    region = region[lead:]
    closing_type: EntityType | None = None
    c = LIST_CLOSING_RE.search(region)
    if c:
        closing_type = EntityType.ORGANIZATION if c.group(1) in CLOSING_ORG_NOUNS else EntityType.PLACE
        region = region[: c.start()]
    out: list[Item] = []
    for offset, piece in _pieces(region, [(a - base, b - base) for a, b in keep]):
        s = base + offset
        name = SITE_PART_RE.sub("", piece).strip()
        if (
            not name
            or VISIT_GENERIC_RE.match(name)
            or not _NAME_CHARS.match(name)
            or HOME_RE.fullmatch(name)
            or name[0].isdigit()
            or name.endswith(NOT_NAME_ENDINGS)
        ):
            continue
        typ = entity_type_by_suffix(name) or _site_type(name) or closing_type
        if typ is None and (head := VILLAGE_HEAD_RE.match(name)):
            name, typ = head.group(0), EntityType.PLACE  # "桃源村美丽乡村建设": the village, not the project
        if typ is None and framed:
            typ = EntityType.ORGANIZATION
        if typ is None or not valid_name(name, typ):
            continue
        out.append(Item(name, s, s + len(name), typ))
    return out


def _site_type(name: str) -> EntityType | None:
    """The type a visited site's suffix gives (``产业园``, ``景区``, ``合作社``) beyond the name rules.

    >>> _site_type("青山湖景区"), _site_type("丰禾农业专业合作社"), _site_type("恒远钢构")
    (<EntityType.PLACE: 'PLACE'>, <EntityType.ORGANIZATION: 'ORGANIZATION'>, None)
    """
    if name.endswith(SITE_ORG_SUFFIXES):
        return EntityType.ORGANIZATION
    if name.endswith(SITE_PLACE_SUFFIXES):
        return EntityType.PLACE
    return None


def _trigger_ok(text: str, verb: re.Match[str], sent_end: int, in_trip: bool) -> bool:
    """Whether a movement verb names a visit: a purpose follows, or a trip goes on."""
    word = verb.group(0)
    if word not in _MOVE_SET:
        return True
    if word == "到" and (
        text[verb.start() - 1 : verb.start()] in _NOT_MOVE_BEFORE or NOT_MOVE_AFTER_RE.match(text, verb.end())
    ):
        return False
    if word == "来" and not text.startswith(MOVE_COME_AFTER, verb.end()):
        return False
    return in_trip or bool(PURPOSE_RE.search(text, verb.end(), sent_end))


def _companions(ctx: ArticleContext, sent: Segment, people: list[Mention], lead: list[EntityRef]) -> list[Mention]:
    """People of the sentence who accompany or receive the visitors."""
    text = ctx.article.text
    lead_names = {r.name for r in lead}
    out: list[Mention] = []
    for clause in clauses(text, sent):
        inside = [p for p in people if clause.start <= p.start < clause.end]
        if not inside:
            continue
        body = text[clause.start : clause.end]
        spans = [(clause.start + m.start(1), clause.start + m.end(1)) for m in WITH_RE.finditer(body)]
        if spans:
            out += [p for p in inside if any(a <= p.start < b for a, b in spans)]
            continue
        cm = COMPANION_WORD_RE.search(body)
        if cm is None:
            continue
        k = clause.start + cm.start()
        # "X陪同Y参观": Y after 陪同 is the visitor; X before it the companion.
        out += [p for p in inside if p.start < k and p.name not in lead_names]
    return out


def _leaders(text: str, sent: Segment, people: list[Mention], before: int) -> list[EntityRef]:
    """The person who leads a delegation (``A率/带领B``) before ``before``: A, not B, visits.

    NER sometimes swallows the leader into an organization (``区长赵明率区政府``);
    a title right before two or three characters before 率 then gives the name.
    """
    m = max(LEADER_RE.finditer(text, sent.start, before), key=lambda x: x.start(), default=None)
    if m is None:
        return []
    lead = [p for p in people if p.end <= m.start()]
    if lead:
        return [_ref(p) for p in _co_subjects(text, lead, lead[-1])]
    k = m.start()
    for size in (2, 3):
        name = text[k - size : k]
        if re.fullmatch(r"[一-龥]+", name) and title_before(text, k - size):
            return [EntityRef(name=name, type=EntityType.PERSON)]
    return []


def _targets(ctx: ArticleContext, region: Segment, framed: bool, exclude: set[str]) -> list[EntityRef]:
    """Targets in a region: the names NER found there, and the list items it missed or cut.

    An item that extends a mention by a few characters ("华晟" + "电子", NER cut
    the firm) replaces it; a mention past the purpose counts only when the list
    gave nothing ("到A调研B公司" still names B).
    """
    text = ctx.article.text
    art = ctx.article
    ms = [
        t
        for t in ctx.in_span(region, (EntityType.ORGANIZATION, EntityType.PLACE, EntityType.PERSON))
        if not _quoted(text, region.start, t.start)
    ]
    items = split_targets(text, region.start, region.end, framed, [(m.start, m.end) for m in ms])
    stop = TARGET_STOP_RE.search(text, region.start, region.end)
    limit = stop.start() if stop else region.end
    found: list[tuple[int, EntityRef]] = [
        (hm.start(), home_ref(hm.group(0), art.home, art.source)) for hm in HOME_RE.finditer(text, region.start, limit)
    ]
    replaced: set[int] = set()
    for it in items:
        inside = [m for m in ms if it.start <= m.start < it.end or m.start <= it.start < m.end]
        places = [m for m in inside if m.type is not EntityType.PERSON]
        rest = it.end - places[0].end if len(places) == 1 and places[0].start == it.start else 0
        own_type = entity_type_by_suffix(it.name) or _site_type(it.name)
        if 0 < rest <= 3 or (0 < rest <= 8 and own_type is not None):
            replaced.add(places[0].start)  # the item completes a name NER cut short
        elif places:
            continue  # NER has it: the mention stands for it
        if it.name not in exclude and it.type is not None:
            found.append((it.start, EntityRef(name=it.name, type=it.type)))
    for t in ms:
        if t.type is EntityType.PERSON or t.start in replaced or t.name in exclude:
            continue  # NER sometimes tags a firm as a person ("华晟"): only an item can rescue it
        if t.start >= limit and found:
            continue
        if MEMBER_RE.match(text, t.end):
            continue  # "政协委员": people who come along, not a place
        if text[max(region.start, t.start - 3) : t.start].endswith(LOCATED_BEFORE_DE):
            continue
        found.append((t.start, _ref(t)))
    return [ref for _, ref in sorted(found, key=lambda x: x[0])]


def _regions(
    ctx: ArticleContext, sent: Segment, clause: Segment, in_trip: bool
) -> list[tuple[Segment, int, str, bool]]:
    """Where a clause names visited places: (region, verb start, verb, framed by movement + purpose)."""
    text = ctx.article.text
    body = text[sent.start : sent.end]
    ctext = text[clause.start : clause.end]
    out: list[tuple[Segment, int, str, bool]] = []
    for verb in TRIGGER_RE.finditer(text, clause.start, clause.end):
        if _quoted(text, sent.start, verb.start()):
            continue
        if COMPANION_BEFORE_VERB_RE.search(text, max(clause.start, verb.start() - 3), verb.start()):
            continue  # "陪同调研": the companions, not the visitor
        if VISIT_NOUN_USE_RE.match(text, verb.end()) or text.startswith("的", verb.end()):
            continue  # the verb used as a noun
        if not _trigger_ok(text, verb, sent.end, in_trip):
            continue
        word = verb.group(0)
        framed = word in _MOVE_SET or word in FRAMING_VERBS  # not 深入: "深入交流"
        out.append((Segment(verb.end(), clause.end, sent.paragraph), verb.start(), word, framed))
    if not (in_trip or TRIGGER_RE.search(body)):
        return out
    if _STOP_AT_RE.match(ctext) and not ctext.rstrip().endswith(STOP_NOT_PLACE_ENDS):
        out.append((Segment(clause.start + 1, clause.end, sent.paragraph), clause.start, "在", True))
    else:
        for at in AT_STOP_RE.finditer(text, clause.start, clause.end):
            if text[clause.start : at.start()].strip():
                out.append((Segment(at.start(1), at.end(1), sent.paragraph), at.start(), "在", False))
    return out


def _group_visitors(
    ctx: ArticleContext, sent: Segment, clause: Segment, vstart: int, st: _State, step: bool
) -> list[EntityRef]:
    """Visitors of a clause with no named person: the trip's lead, "他", or a delegation or body."""
    text = ctx.article.text
    head = text[sent.start : vstart]
    delegation = None
    for dm in DELEGATION_RE.finditer(head):
        delegation = dm
    group_word = GROUP_SUBJECT_RE.search(text[clause.start : vstart]) or GROUP_SUBJECT_RE.search(head)
    named = delegation is not None and not GROUP_SUBJECT_RE.fullmatch(delegation.group(1))
    continues = group_word or step or not head.strip(" ,，")
    if (st.trip and continues) and (
        not named or (delegation and delegation.group(1) in {r.name for r in st.trip.lead})
    ):
        return list(st.trip.lead)
    if st.last and group_word and group_word.group(0) in PRONOUNS:
        return [st.last]
    orgs = [
        o
        for o in ctx.in_span(Segment(clause.start, vstart), (EntityType.ORGANIZATION,))
        if not _quoted(text, sent.start, o.start)
    ]
    orgs = [o for o in orgs if not GROUP_SUBJECT_RE.fullmatch(o.name)]  # a bare "代表团" names nobody
    if delegation is not None and named:
        name = delegation.group(1)
        hit = next((o for o in orgs if name.endswith(o.name) or o.name.endswith(name)), None)
        return [_ref(hit) if hit else EntityRef(name=name, type=EntityType.ORGANIZATION)]
    return [_ref(orgs[0])] if orgs else []


def _pairs(
    text: str, clause: Segment, vstart: int, visitors: list[EntityRef], targets: list[EntityRef]
) -> list[tuple[EntityRef, EntityRef]]:
    """Who visited what: everyone everything, or in order with 分别 ("A、B分别到X、Y")."""
    if len(visitors) == len(targets) > 1 and "分别" in text[clause.start : vstart]:
        return list(zip(visitors, targets, strict=True))
    return [(v, t) for v in visitors for t in targets]


def _open_trip(st: _State, visitors: list[EntityRef], si: int) -> _Trip:
    """The trip these visitors are on: the open one, the last one of the same people, or a new one."""
    names = {v.name for v in visitors}
    if st.trip and names <= {r.name for r in st.trip.lead}:
        return st.trip
    if st.previous and names == {r.name for r in st.previous.lead}:
        st.trip = st.previous  # the same visitors again, with nobody else's visit in between
        return st.trip
    st.trips += 1
    st.trip = st.previous = _Trip(st.trips, visitors, si)
    return st.trip


def _sentence_visits(ctx: ArticleContext, sent: Segment, si: int, st: _State, reporters: set[int]) -> list[Rel]:
    """VISITED and ACCOMPANIED relations of one sentence; updates the open trip."""
    text = ctx.article.text
    people = [
        m
        for m in ctx.in_span(sent, (EntityType.PERSON,))
        if not _quoted(text, sent.start, m.start) and m.start not in reporters
    ]
    companions = _companions(ctx, sent, people, st.trip.lead if st.trip else [])
    comp_starts = {c.start for c in companions}
    free = [p for p in people if p.start not in comp_starts]
    out: list[Rel] = []
    body = text[sent.start : sent.end].lstrip()
    step = bool(TRIP_OPENER_RE.match(body) or body.startswith("在"))
    for clause in clauses(text, sent):
        if NOT_VISIT_RE.search(text, clause.start, clause.end):
            continue
        for region, vstart, word, framed in _regions(ctx, sent, clause, st.trip is not None):
            before = [p for p in free if p.end <= vstart]
            candidates = [p for p in before if p.start >= clause.start] or before
            visitors = _leaders(text, sent, before, vstart)
            if not visitors and candidates:
                visitors = [_ref(p) for p in _co_subjects(text, candidates, candidates[-1])]
            elif not visitors and word == "在" and st.trip:
                visitors = list(st.trip.lead)
            elif not visitors:
                visitors = _group_visitors(ctx, sent, clause, vstart, st, step)
            if not visitors:
                continue
            targets = _targets(ctx, region, framed, {v.name for v in visitors})
            if FIRM_ANAPHOR_RE.match(text[region.start : region.start + 4]):
                firm = _paragraph_firm(ctx, sent.paragraph, vstart)
                if firm is not None:
                    targets.append(_ref(firm))
            if not targets:
                continue
            purpose = PURPOSE_RE.search(text, region.start, sent.end) if word in ARRIVAL_VERBS else None
            trip = _open_trip(st, visitors, si)
            verb = purpose.group(0) if purpose else word
            for v, t in _pairs(text, clause, vstart, visitors, targets):
                key = (v.name, t.name, str(trip.number))
                if v.name == t.name or key in st.seen:
                    continue
                st.seen.add(key)
                out.append(_rel(ctx, sent, RelationType.VISITED, v, t, verb=verb, trip=trip.number, sentence=si))
    last_trip = st.trip or st.previous  # "X陪同调研" often closes the report, after the trip
    if last_trip:
        lead = {r.name for r in last_trip.lead}
        for c in companions:
            if c.name not in lead and (c.name, last_trip.number) not in st.companions:
                st.companions.add((c.name, last_trip.number))
                out.append(
                    _rel(
                        ctx,
                        sent,
                        RelationType.ACCOMPANIED,
                        _ref(c),
                        last_trip.lead[0],
                        trip=last_trip.number,
                        sentence=si,
                    )
                )
    if free:
        st.last = _ref(free[0])
    if not out and st.trip is not None:
        lead = {r.name for r in st.trip.lead}
        named = [p for p in free if p.name not in lead]
        first_lead = min((p.start for p in people if p.name in lead), default=None)
        if named and (first_lead is None or named[0].start < first_lead):
            st.trip = None  # a new named subject: the trip is over
        elif first_lead is None and not companions and not GROUP_SUBJECT_RE.search(body) and not step:
            st.trip = None  # a sentence about something else
    return out


def _headline(ctx: ArticleContext, body: list[Rel]) -> list[Rel]:
    """Visits stated in the headline, with the headline as evidence, when the body misses them."""
    title = ctx.article.title
    if not title or not TRIGGER_RE.search(title):
        return []
    names: dict[str, Mention] = {}
    for m in ctx.mentions:
        names.setdefault(m.surface, m)
    found: list[Mention] = []
    taken = bytearray(len(title))
    for surface in sorted(names, key=len, reverse=True):
        pos = title.find(surface)
        while pos >= 0:
            if not any(taken[pos : pos + len(surface)]):
                taken[pos : pos + len(surface)] = b"\x01" * len(surface)
                found.append(names[surface].model_copy(update={"start": pos, "end": pos + len(surface)}))
            pos = title.find(surface, pos + len(surface))
    found.sort(key=lambda m: m.start)
    head_ctx = ArticleContext(ctx.article.model_copy(update={"text": title}), [Segment(0, len(title))], found)
    st = _State()
    rels = _sentence_visits(head_ctx, Segment(0, len(title)), -1, st, set())
    # The headline restates the body: a target the body has visited (or a part of it) is no new
    # visit, and a group in the headline ("我县代表团") is the body's visitors, not another one.
    have = [r.tail.name for r in body if r.type is RelationType.VISITED and r.tail]
    visitors = {r.head.name for r in body if r.type is RelationType.VISITED}
    rels = [r for r in rels if r.head.type is EntityType.PERSON or not visitors or r.head.name in visitors]
    return [
        r.model_copy(update={"start": 0, "end": 0, "trip": 0})
        for r in rels
        if r.type is RelationType.VISITED and r.tail and not any(r.tail.name in h or h in r.tail.name for h in have)
    ]


def visit_relations(ctx: ArticleContext, reporters: Sequence[Mention] = ()) -> list[Rel]:
    """VISITED and ACCOMPANIED relations of one article, trips followed across sentences. O(S * M)."""
    st = _State()
    starts = {r.start for r in reporters}
    out: list[Rel] = []
    for si, sent in enumerate(ctx.sentences):
        out += _sentence_visits(ctx, sent, si, st, starts)
    out += _headline(ctx, out)
    return out
