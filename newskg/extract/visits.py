"""Visit events: who went where, over lists of targets and trips of several sentences.

Chinese local news reports a visit in a few fixed shapes (``docs/visits.md``
catalogues them, with invented examples):

- a visit verb and its objects: ``走访了A、B和C等企业``, ``深入D车间``;
- a movement, the places and a purpose: ``先后到A、B调研``, ``赴C,考察…``;
- the places as the object of 对: ``对A、B进行实地调研``;
- a stop that opens the sentence: ``在A,…察看…``, ``在B、C等企业,…``;
- subjects: names listed with 、 or, each with a title, with commas
  (``市委书记甲,市长乙带队走访``); a named delegation (``江城市党政代表团``)
  and its leaders (``甲率…代表团``, ``在甲的带领下``, ``由甲带队的考察团``);
  generic group words (``考察团一行``, ``检查组``), pronouns and sentences
  without a subject continue the trip of the visitors before them;
- companions and hosts are no visitors (``陪同``, ``参加调研``, ``一同``,
  ``在甲的陪同下``, ``会见…并一同考察``, ``公司董事长甲介绍``): they become
  ACCOMPANIED person -> lead visitor;
- meetings and plans are no visits (``会见``, ``座谈会``, ``签约``, ``将到…考察``).

A target is a name: an organization, a place, or a project site the model
or a typed list gives; clauses, titles, persons and abstract nouns are not.
Every VISITED relation carries ``trip`` (a number, the same for every stop of
one trip in the article) and ``sentence`` (the index of its evidence sentence;
-1 for the headline); the stops of a trip share the trip's day unless their
own sentence names another.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from newskg.extract.context import ArticleContext, co_subjects, paragraph_firm, quoted, ref, relation, title_start
from newskg.extract.sentences import Segment, clauses, heading
from newskg.extract.spans import valid_name
from newskg.model import EntityRef, EntityType, Mention, OrgKind, RelationType
from newskg.model import Relation as Rel
from newskg.names.kinds import entity_type_by_suffix
from newskg.names.lexicon import (
    ADMIN_SUFFIXES,
    ALWAYS_COMPANION_VERBS,
    AREA_SUFFIXES,
    AREA_WORD_ENDINGS,
    ARRIVAL_VERBS,
    AT_STOP_RE,
    ATTEND_VERBS,
    BARE_BODY_RE,
    CARRY_OUT_RE,
    CLAUSE_WORD_RE,
    CLOSING_ANY_NOUNS,
    CLOSING_ORG_NOUNS,
    COMPANION_BEFORE_VERB_RE,
    COMPANION_WORD_RE,
    COMPOSED_RE,
    COUNTY_LEVEL_SUFFIXES,
    DATELINE_DAY_RE,
    DELEGATION_LEFT_STOP_RE,
    DELEGATION_MODIFIER_RE,
    DELEGATION_NOT_AFTER,
    DELEGATION_NOUN_RE,
    ERRAND_WORDS,
    FIRM_ANAPHOR_RE,
    FRAMING_VERBS,
    FUTURE_BEFORE_RE,
    GENERIC_SITE_RE,
    GENERIC_SITES,
    GROUP_AFTER_NAME,
    GROUP_SUBJECT_RE,
    GUEST_PHRASE_RE,
    HOME_PLACE_WORDS,
    HOME_RE,
    HOST_OBJECT_BEFORE,
    HOST_VERB_RE,
    INVITATION_WORDS,
    JOINT_OBJECT_VERBS,
    LEAD_AS_RE,
    LEAD_AS_WORD_RE,
    LEAD_UNDER_RE,
    LEADER_RE,
    LIST_CLOSING_NOUN_RE,
    LIST_CLOSING_RE,
    LIST_JOINERS,
    LIST_TAIL_WORK_RE,
    LIST_WORD_JOINER_RE,
    LOCATED_BEFORE_DE,
    LOCATIVE_DE_RE,
    LOOK_VERBS,
    MEMBER_RE,
    MOVE_LEAD_BEFORE_RE,
    MOVE_LEAD_WORDS,
    MOVE_VERBS,
    NEGATION_BEFORE_RE,
    NOT_COME_AFTER,
    NOT_COME_BEFORE,
    NOT_DEEP_AFTER,
    NOT_MOVE_AFTER_RE,
    NOT_MOVE_BEFORE,
    NOT_NAME_ENDINGS,
    NOT_TARGET_ENDINGS,
    NOT_VISIT_RE,
    OBJECT_VISIT_RE,
    ORG_TEAM_RE,
    PARENT_ZONE_WORDS,
    PARTY_SUFFIX_RE,
    PLACE_ABBREVIATION_RE,
    PRONOUN_SUBJECT_RE,
    PURPOSE_RE,
    REACH_BEFORE_MOVE,
    SECTOR_RE,
    SEPARATELY,
    SITE_AT_WORK,
    SITE_ORG_SUFFIXES,
    SITE_PART_RE,
    SITE_PLACE_SUFFIXES,
    SLOGAN_PLACE_RE,
    STOP_AT_RE,
    STOP_NOT_PLACE_ENDS,
    TARGET_STOP_RE,
    TITLE_END_RE,
    TITLE_START_RE,
    TOWN_NAME_SUFFIXES,
    TOWN_SUFFIXES,
    TRIGGER_RE,
    TRIP_OPENER_RE,
    UNITS_AFTER_VERB,
    VILLAGE_HEAD_RE,
    VILLAGE_LABEL_RE,
    VILLAGE_SUFFIXES,
    VISIT_GENERIC_RE,
    VISIT_NOUN_BEFORE_RE,
    VISIT_NOUN_USE_RE,
    VISIT_VERBS,
    WEAK_TITLES,
    WITH_RE,
    WORK_BEFORE_SITE,
    ZONE_PART_SUFFIXES,
    ZONE_SUFFIXES,
)
from newskg.names.titles import leading_areas

__all__ = [
    "Delegation",
    "Item",
    "find_delegations",
    "home_ref",
    "split_targets",
    "target_name",
    "target_stop",
    "visit_relations",
]

_MOVE_SET = frozenset(MOVE_VERBS)
_NOT_MOVE_BEFORE = frozenset(NOT_MOVE_BEFORE)
_NAME_CHARS = re.compile(r"^[\u4e00-\u9fa5A-Za-z0-9()（）·#]{2,24}$")
_OTHERS_MOVE = (*ERRAND_WORDS, *INVITATION_WORDS)  # before a movement: someone else's
# A slogan quoted inside a name (乡村振兴“三产融合”示范区): the name goes on past it.
_INNER_QUOTE = re.compile(r"(?<=[\u4e00-\u9fa5])“([\u4e00-\u9fa5]{2,8})”(?=[\u4e00-\u9fa5])")
_CJK = re.compile(r"[\u4e00-\u9fa5]")
_ORG, _PLACE, _PERSON = EntityType.ORGANIZATION, EntityType.PLACE, EntityType.PERSON


def home_ref(word: str, home: str) -> EntityRef:
    """The entity of "我区"/"我公司": the publisher's home when known, else the word itself.

    Without a home the word stays as written; the graph qualifies it by the
    article's source (:func:`newskg.graph.schema.home_node_name`), so two
    papers' "我县" never merge.

    >>> home_ref("我县", "清河县")
    EntityRef(name='清河县', type=<EntityType.PLACE: 'PLACE'>)
    >>> home_ref("我公司", "").name
    '我公司'
    """
    typ = _PLACE if word in HOME_PLACE_WORDS else _ORG
    if home:
        return EntityRef(name=home, type=entity_type_by_suffix(home) or typ)
    return EntityRef(name=word, type=typ)


# --- delegations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delegation:
    """A group noun in the text (``考察团``), with the name written before it, if any."""

    name: str
    start: int
    end: int
    named: bool

    @property
    def family(self) -> str:
        """``团`` or ``组``: generic words of one family refer to a named group of the same."""
        return self.name[-1]


def find_delegations(text: str, start: int = 0, end: int | None = None) -> list[Delegation]:
    """Group nouns in ``text[start:end]`` and the names written before them. O(n).

    A group is named when the words before its noun say whose it is: a place,
    a body or an ordinal (``江城市党政代表团``, ``省政协调研组``, ``市局第八督导组``);
    a level and generic words alone (``县考察团``, ``党政代表团``) leave it generic.

    >>> [(d.name, d.named) for d in find_delegations("区长率江城市党政代表团到访,考察团一行先后参观")]
    [('江城市党政代表团', True), ('考察团', False)]
    >>> [(d.name, d.named) for d in find_delegations("县长高远率县考察团赴青阳县")]
    [('县考察团', False)]
    """
    stop = len(text) if end is None else end
    out: list[Delegation] = []
    for m in DELEGATION_NOUN_RE.finditer(text, start, stop):
        if text.startswith(DELEGATION_NOT_AFTER, m.end()):
            continue  # "调研团队", "检查组组长": the noun inside a longer one
        left = m.start()
        while left > start and m.start() - left < 24 and _CJK.match(text, left - 1):
            if DELEGATION_LEFT_STOP_RE.search(text[max(start, left - 3) : left]):
                break
            if text[left - 1] == "日" and left >= 2 and text[left - 2].isdigit():
                break  # "6日平谷区代表团": the date is not the name
            left -= 1
        prefix = text[left : m.start()]
        named = len(prefix) >= 2 and not DELEGATION_MODIFIER_RE.fullmatch(prefix)
        out.append(Delegation(text[left : m.end()], left, m.end(), named))
    return out


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


@dataclass
class _Groups:
    """The article's named groups and their leaders, read once before the visits.

    A generic word (``考察团``) stands for the article's named group of the
    same family when there is one name for it (``通城党政代表团`` and
    ``通城县党政代表团`` are one name written two ways).
    """

    names: dict[str, str] = field(default_factory=dict)  # family -> the named group's fullest name
    leaders: dict[str, list[EntityRef]] = field(default_factory=dict)

    @classmethod
    def read(cls, ctx: ArticleContext, people: Sequence[Mention]) -> _Groups:
        text, title = ctx.article.text, ctx.article.title
        found = [d for d in find_delegations(title) if d.named] + [d for d in find_delegations(text) if d.named]
        out = cls()
        for family in {d.family for d in found}:
            names = Counter(d.name for d in found if d.family == family)
            longest = max(names, key=lambda n: (len(n), names[n]))
            if all(_subsequence(n, longest) for n in names):
                out.names[family] = longest
        for sent in ctx.sentences:
            for lead, group in _leader_groups(ctx, sent, people, sent.end):
                g = out.resolve(group) if group else None
                if g is not None and lead:
                    out.leaders.setdefault(g.name, [])
                    out.leaders[g.name] += [p for p in lead if p not in out.leaders[g.name]]
            for p in people:  # "督查组组长张文杰": the group's head, wherever the article names him
                if not sent.start <= p.start < sent.end:
                    continue
                for d in find_delegations(text, sent.start, p.start):
                    g = out.resolve(d) if LEAD_AS_WORD_RE.fullmatch(text, d.end, p.start) else None
                    if g is not None and ref(p) not in out.leaders.get(g.name, []):
                        out.leaders.setdefault(g.name, []).append(ref(p))
        return out

    def resolve(self, d: Delegation) -> EntityRef | None:
        """The organization a group word names: itself when named, else the article's named group."""
        if d.named:
            own = self.names.get(d.family)
            name = own if own and _subsequence(d.name, own) else d.name
            return EntityRef(name=name, type=_ORG)
        named = self.names.get(d.family)
        return EntityRef(name=named, type=_ORG) if named else None

    def with_leaders(self, group: EntityRef) -> list[EntityRef]:
        """The group's leaders, then the group."""
        return [*self.leaders.get(group.name, []), group]


def _leader_groups(
    ctx: ArticleContext, sent: Segment, people: Sequence[Mention], before: int
) -> list[tuple[list[EntityRef], Delegation | None]]:
    """Leaders and the group they lead in ``sent`` before ``before``, in text order.

    ``甲率/带领/携…团``, ``由甲带队的考察团``, ``(团)在甲的率领下``; the group is
    None where the leaders lead no named group (``甲率队到…``).
    """
    text = ctx.article.text
    out: list[tuple[int, list[EntityRef], Delegation | None]] = []
    groups = find_delegations(text, sent.start, sent.end)
    under: list[tuple[int, int]] = []
    for m in LEAD_AS_RE.finditer(text, sent.start, before):
        lead = [ref(p) for p in people if m.start(1) <= p.start < m.end(1)]
        group = next((g for g in groups if 0 <= g.start - m.end() <= 1), None)
        if lead:
            out.append((m.start(), lead, group))
    for m in LEAD_UNDER_RE.finditer(text, sent.start, before):
        under.append(m.span())
        lead = [ref(p) for p in people if m.start(1) <= p.start < m.end(1)]
        if not lead:
            continue
        group = next((g for g in reversed(groups) if g.end <= m.start() and m.start() - g.end <= 2), None)
        group = group or next((g for g in groups if 0 <= g.start - m.end() <= 2), None)
        out.append((m.start(), lead, group))
    for m in LEADER_RE.finditer(text, sent.start, before):
        ahead = [p for p in people if p.end <= m.start() and m.start() - p.end <= 3]
        if not ahead or any(a <= m.start() < b for a, b in under):
            continue
        subject = ahead[-1]
        lead = [ref(p) for p in co_subjects(text, [p for p in people if p.end <= m.start()], subject)]
        group = next((g for g in groups if 0 <= g.start - m.end() <= 1), None)
        out.append((m.start(), lead, group))
    return [(lead, group) for _, lead, group in sorted(out, key=lambda x: x[0])]


# --- targets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One target read from a list: its text span and the type its context gives.

    ``start``/``end`` cover the item as written, quotation marks included (``“云栖谷”生态``);
    ``name`` is the item without them.
    """

    name: str
    start: int
    end: int
    type: EntityType | None
    site: bool = False  # the item named a site (…项目, …现场) whose name this is


def _pieces(region: str, keep: Sequence[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """Split a list at 、 and at 和/与/及 where both sides keep two characters and no name is cut.

    >>> _pieces("恒远钢构和绿田食品、万和精密")
    [(0, '恒远钢构'), (5, '绿田食品'), (10, '万和精密')]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    for part in re.split(r"、|以及|/|,|，|\s+", region):  # some pages list names with spaces only
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


def target_stop(text: str, start: int, end: int, keep: Sequence[tuple[int, int]] = ()) -> int:
    """Where the targets after a verb end: at its purpose or manner (调研, 进行, 时 ...), never inside a name.

    >>> t = "深入福鼎时代新能源公司、华益机电等地走访调研"
    >>> t[2 : target_stop(t, 2, len(t), [(2, 12)])]
    '福鼎时代新能源公司、华益机电等地'
    >>> t = "察看了甲项目施工现场和乙二期工程"
    >>> t[3 : target_stop(t, 3, len(t))]
    '甲项目施工现场和乙二期工程'
    >>> t = "走进指挥调度室、产品展厅等地调研"
    >>> t[2 : target_stop(t, 2, len(t))]
    '指挥调度室、产品展厅等地'
    """
    for m in TARGET_STOP_RE.finditer(text, start, end):
        if text.startswith(UNITS_AFTER_VERB, m.end()):
            continue  # "调度室", "检查站": the verb names a room or a post, the list goes on
        if m.group(0) in JOINT_OBJECT_VERBS and TRIGGER_RE.search(text, max(0, m.start() - 2), m.start()):
            continue  # "考察对接恒通集团": the firm is the object of both verbs
        if text.startswith(SITE_AT_WORK, m.end()) or (
            m.group(0) in SITE_AT_WORK and text[max(start, m.start() - 2) : m.start()] in WORK_BEFORE_SITE
        ):
            continue  # "项目施工现场", "建设工地": the site of the work, still the item
        if not any(a <= m.start() < b for a, b in keep):
            return m.start()
    return end


def target_name(name: str) -> bool:
    """Whether a list item can name a visited place: not generic, a title, a clause or a home.

    >>> target_name("恒远钢构"), target_name("体制机制"), target_name("常务副州长冯仕文"), target_name("实处")
    (True, False, False, False)
    >>> target_name("模式等方面走出一条新路子"), target_name("困难群众陈建民家中"), target_name("食品")
    (False, False, False)
    >>> target_name("江北客户端6月26日讯"), target_name("市民服务中心"), target_name("村民代表")
    (False, True, False)
    """
    return bool(
        name
        and _NAME_CHARS.match(_INNER_QUOTE.sub(r"\1", name))
        and not VISIT_GENERIC_RE.match(name)
        and not SECTOR_RE.fullmatch(name)
        and not _title_led(name)
        and not TITLE_END_RE.search(name)
        and not CLAUSE_WORD_RE.search(name)
        and not (len(name) == 4 and SLOGAN_PLACE_RE.fullmatch(name))
        and not BARE_BODY_RE.fullmatch(name)
        and not GENERIC_SITE_RE.fullmatch(name)
        and not name.endswith(NOT_TARGET_ENDINGS)
        and not name.endswith(NOT_NAME_ENDINGS)
        and not name[0].isdigit()
        and not DATELINE_DAY_RE.search(name)
    )


def _title_led(name: str) -> bool:
    """Whether a name opens with a title (``常务副州长…``); a weak one (市民, 村民) may open a facility's name.

    >>> _title_led("副县长王成"), _title_led("市民服务中心"), _title_led("村民")
    (True, False, True)
    """
    m = TITLE_START_RE.match(name)
    if m is None:
        return False
    return not (m.group(0) in WEAK_TITLES and entity_type_by_suffix(name[m.end() :] or "-") is not None)


def split_targets(
    text: str, start: int, end: int, framed: bool = False, keep: Sequence[tuple[int, int]] = ()
) -> list[Item]:
    """Targets in ``text[start:end]``, the region after a visit verb.

    The region is cut at the purpose (调研, 进行, ...), split at 、和与及, and
    a closing noun (等企业, 等村) types every item. Items with no closing noun
    keep a type only when their suffix gives one (``医院``, ``村``) or when
    ``framed`` (the region sits right between a movement and a purpose: 到A调研).

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
    >>> [i.name for i in split_targets("关良村东西部协作乡村振兴示范村", 0, 15)]
    ['关良村']
    >>> [i.name for i in split_targets("白沙“玫瑰小镇”、青峰山森林公园等地", 0, 20)]
    ['玫瑰小镇', '青峰山森林公园']
    >>> [i.name for i in split_targets("恒远钢构、青禾农业等园区企业及东坡祖居等地", 0, 21)]
    ['恒远钢构', '青禾农业', '东坡祖居']
    >>> [i.name for i in split_targets("会展中心周边的玫瑰田园项目现场", 0, 15)]
    ['玫瑰田园']
    """
    region = text[start : target_stop(text, start, end, keep)]
    region = LIST_TAIL_WORK_RE.sub(r"\1", region.rstrip("。！？!?；;，,：: \n”"))  # "…等项目建设": ends at 项目
    region = region.rstrip("。！？!?；;，,：: \n”")
    lead = len(region) - len(region.lstrip("了到至过于在对 "))
    base = start + lead
    region = region[lead:]
    closing_type: EntityType | None = None
    c = LIST_CLOSING_RE.search(region)
    if c:
        noun = c.group(1)
        closing_type = _ORG if noun in CLOSING_ORG_NOUNS or noun in CLOSING_ANY_NOUNS else _PLACE
        region = region[: c.start()]
    region = region.removesuffix("等")  # "走进车间、展厅等": a list left open, its items still named
    out: list[Item] = []
    for offset, piece in _pieces(region, [(a - base, b - base) for a, b in keep]):
        s = base + offset
        if (q := _QUOTED_NAME.fullmatch(piece)) is not None:
            piece, s = q.group(2), s + q.start(2)  # 白沙“玫瑰小镇”: the quoted name, where its place is
        zone = next((b for a, b in keep if a == s and b - s <= len(piece) - 2), None)
        if zone is not None and text[s:zone].endswith(ZONE_SUFFIXES) and _unnamed_kind(piece[zone - s :]):
            piece, s = piece[zone - s :], zone  # "金沙高新区明远、…等企业": the first firm, in its zone
        inner = LIST_CLOSING_RE.search(piece)
        piece_type = closing_type
        if inner is not None and inner.start() >= 2:
            # "…、恒远钢构等各园区企业及东坡祖居等地": a list inside the list, closed by its own noun
            noun = inner.group(1)
            piece_type = _ORG if noun in CLOSING_ORG_NOUNS or noun in CLOSING_ANY_NOUNS else _PLACE
            piece = piece[: inner.start()]
        if (where := LOCATIVE_DE_RE.search(piece)) and len(piece) - where.end() >= 2:
            piece, s = piece[where.end() :], s + where.end()  # "会展中心周边的玫瑰田园": the name follows
        marks = piece.count("“") + piece.count("”") if piece.startswith("“") else 0  # “云栖谷”生态项目
        bare = piece.replace("“", "").replace("”", "") if marks else piece
        name = SITE_PART_RE.sub("", bare).strip()
        if not target_name(name) or HOME_RE.fullmatch(name):
            continue
        typ = entity_type_by_suffix(name) or _site_type(name) or piece_type
        head = VILLAGE_HEAD_RE.match(name)
        if head and (typ is None or VILLAGE_LABEL_RE.search(name, head.end())):
            # "桃源村美丽乡村建设", "关良村东西部协作乡村振兴示范村": the village, not the project or its label
            name, typ = head.group(0), _PLACE
        if typ is None and framed and len(name) <= 12:
            typ = _ORG
        if typ is None or not valid_name(name, typ):
            continue
        out.append(Item(name, s, s + len(name) + marks, typ, site=name != bare.strip()))
    return out


# A quoted name closing a list item, a place before it at most: "白沙“玫瑰小镇”", "“云栖谷”".
_QUOTED_NAME = re.compile(r"([^“”]{0,8})“([^“”]{2,20})”")


def _whole_quote(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole quotation (a name in quotes, not a slogan around it)."""
    return text[start - 1 : start] == "“" and text[end : end + 1] == "”"


def _unnamed_kind(rest: str) -> bool:
    """Whether what follows a zone's name in a list item says no kind of its own (a firm's short name).

    >>> _unnamed_kind("明远"), _unnamed_kind("苗木基地")
    (True, False)
    """
    return entity_type_by_suffix(rest) is None and _site_type(rest) is None and not rest.endswith(GENERIC_SITES)


def _site_type(name: str) -> EntityType | None:
    """The type a visited site's suffix gives (``产业园``, ``景区``, ``合作社``) beyond the name rules.

    >>> _site_type("青山湖景区"), _site_type("丰禾农业专业合作社"), _site_type("恒远钢构")
    (<EntityType.PLACE: 'PLACE'>, <EntityType.ORGANIZATION: 'ORGANIZATION'>, None)
    """
    if name.endswith(SITE_ORG_SUFFIXES):
        return _ORG
    if name.endswith(SITE_PLACE_SUFFIXES):
        return _PLACE
    return None


def _cut_firm(item: Item, inside: Sequence[Mention]) -> bool:
    """Whether the model cut one firm's name into places and at most a last organization.

    ``沈阳|艾克电缆有限公司``, ``长春市|玉珠香|牡丹种植专业合作社``: places from the
    item's head on, one right after the other, then the rest of the name; the
    item is the firm. A town is no part of a firm's name (``兰里镇|某公司``: both
    are visited).
    """
    ms = sorted(inside, key=lambda m: m.start)
    *head, last = ms
    return (
        ms[0].start == item.start
        and all(a.end == b.start for a, b in itertools.pairwise(ms))
        and all(m.type is _PLACE and not m.name.endswith(TOWN_SUFFIXES) for m in head)
        and (last.type is _PLACE or (last.type is _ORG and last.end == item.end and len(ms) > 1))
        and not (last.type is _PLACE and last.name.endswith(TOWN_SUFFIXES))
    )


def _cut_site(item: Item, inside: Sequence[Mention]) -> bool:
    """Whether a project site's name (``青禾汇商业综合体项目``) is what the model cut to its head (``青禾``).

    A named division at the head (``鄯善县…集注站``) says where the site is: no cut.
    """
    return item.site and len(inside) == 1 and not inside[0].name.endswith(ADMIN_SUFFIXES)


def county_level(name: str) -> bool:
    """Whether ``name`` reads as a division above the town: a county, a city, a district, a new area.

    >>> county_level("滨江新区"), county_level("青山县"), county_level("兰里镇"), county_level("南湖社区")
    (True, True, False, False)
    """
    return name.endswith(COUNTY_LEVEL_SUFFIXES) and (name.endswith("新区") or not name.endswith(AREA_WORD_ENDINGS))


def _site_in_pieces(item: Item, inside: Sequence[Mention]) -> bool:
    """Whether a listed project site (``科创园甲科热能项目``) is whole where the model found pieces of it.

    The pieces lie inside the item, and the item goes on past the last of them; a town first
    (``兰里镇某项目``) is a stop of its own, so the item is then no one site. A county or a
    district first names the site (``滨江新区欧亚广场项目``), unless what follows is a division too.
    """
    ms = sorted(inside, key=lambda m: m.start)
    first = ms[0].name
    named_by_county = county_level(first) and not any(m.name.endswith(ADMIN_SUFFIXES) for m in ms[1:])
    return (
        item.site
        and all(item.start <= m.start and m.end <= item.end for m in ms)
        and (ms[-1].end < item.end or named_by_county)
        and (not first.endswith(ADMIN_SUFFIXES) or named_by_county)
    )


def zone_part(name: str) -> bool:
    """Whether ``name`` is a part of a zone named after its parent, the parent's name written first.

    >>> zone_part("江城综合保税区北湖园区"), zone_part("江城高新区东山片区")
    (True, True)
    >>> zone_part("北湖园区"), zone_part("江城经济开发区"), zone_part("高新区园区")
    (False, False, False)
    """
    if not name.endswith(ZONE_PART_SUFFIXES):
        return False
    body = name[:-2]
    return any(body.find(w) > 0 and body.find(w) + len(w) < len(body) for w in PARENT_ZONE_WORDS)


def _zone_in_pieces(item: Item, inside: Sequence[Mention]) -> bool:
    """Whether a listed zone's part (``江城综合保税区北湖园区``) is whole where the model found pieces of it."""
    return zone_part(item.name) and all(item.start <= m.start and m.end <= item.end for m in inside)


def _locates(text: str, after: Mention, places: Sequence[Mention] = ()) -> bool:
    """Whether a place written right before ``after`` only says where it is.

    Before a village (``金滩镇卧虎岭村``) or a single county (``怀化市麻阳县``) it
    does; before a firm (``在兰里镇某公司``, the town is visited too) or a list of
    counties (``周口市扶沟县、太康县``, the city is visited too) it does not. In a
    list of pairs, each county with its own city (``江城市东山县、海川市西岭区``), it does.
    """
    if after.type is not _PLACE:
        return False
    if not after.name.endswith(AREA_SUFFIXES):
        return True
    if not text.startswith(LIST_JOINERS, after.end):
        return True
    nxt = next((p for p in places if p.start == after.end + 1), None)  # the next item, after a one-character joiner
    if nxt is not None and not same_level(after.name, nxt.name):
        return True  # "青山县柳河镇、某开发区": the list goes on with other stops, not the county's own parts
    return nxt is not None and any(q.start == nxt.end and q.type is _PLACE for q in places)


def same_level(a: str, b: str) -> bool:
    """Whether two division names are of one level by their suffixes (towns, villages, counties).

    >>> same_level("柳河镇", "大坪乡"), same_level("长檀社区", "黄石村"), same_level("柳河镇", "江城开发区")
    (True, True, False)
    """
    levels = (VILLAGE_SUFFIXES, TOWN_NAME_SUFFIXES)
    for suffixes in levels:
        if a.endswith(suffixes):
            return b.endswith(suffixes)
    return county_level(a) and county_level(b)


def _home_itself(ctx: ArticleContext, end: int, limit: int) -> bool:
    """Whether a home word ending at ``end`` is the place arrived at, not a qualifier of what follows.

    ``来到我县结对考察``: it is; ``深入我市中阳县``, ``考察了我集团承建的…``: it only says whose.
    """
    text = ctx.article.text
    if any(m.start == end for m in ctx.mentions if m.type is not _PERSON):
        return False
    return "的" not in text[end:limit]


def _mention_target(m: Mention) -> bool:
    """Whether an organization or place the model found can be a visit target."""
    return target_name(m.name) and not PARTY_SUFFIX_RE.search(m.name)


def _targets(
    ctx: ArticleContext, region: Segment, framed: bool, exclude: set[str], items: bool = True, arrival: bool = False
) -> list[EntityRef]:
    """Targets in a region: the names the model found there, and the list items it missed or cut.

    An item that extends a mention by a few characters ("华晟" + "电子", the
    model cut the firm) replaces it; an item holding a person (``困难群众甲家中``)
    is no target; nothing past the purpose counts.
    """
    text = ctx.article.text
    art = ctx.article
    named = [(m.start, m.end) for m in ctx.in_span(region, (_ORG, _PLACE))]
    limit = target_stop(text, region.start, region.end, named)
    ms = [
        t
        for t in ctx.in_span(Segment(region.start, limit), (_ORG, _PLACE, _PERSON))
        if not quoted(text, region.start, t.start)
    ]
    people = [m for m in ms if m.type is _PERSON]
    places = [m for m in ms if m.type is not _PERSON]
    listed = split_targets(text, region.start, limit, framed, [(m.start, m.end) for m in ms]) if items else []
    # "来我县调研", "来到我县结对考察": the home is visited; "走访我县重点企业": it only says whose firms.
    found: list[tuple[int, EntityRef]] = [
        (hm.start(), home_ref(hm.group(0), art.home))
        for hm in HOME_RE.finditer(text, region.start, limit)
        if hm.end() == limit
        or not _CJK.match(text, hm.end())
        or text.startswith(LIST_JOINERS, hm.end())
        or (arrival and hm.start() == region.start and _home_itself(ctx, hm.end(), limit))
    ]
    replaced: set[int] = set()
    for it in listed:
        if any(it.start <= p.start < it.end or p.start <= it.start < p.end for p in people):
            continue  # a person's home, or a person the list named
        if quoted(text, region.start, it.start) and not _whole_quote(text, it.start, it.end):
            continue
        inside = [m for m in places if it.start <= m.start < it.end or m.start <= it.start < m.end]
        rest = it.end - inside[0].end if len(inside) == 1 and inside[0].start == it.start else 0
        own_type = entity_type_by_suffix(it.name) or _site_type(it.name) or (it.type if it.site else None)
        if 0 < rest <= 5 or (0 < rest <= 8 and own_type is not None):
            replaced.add(inside[0].start)  # the item completes a name the model cut short
        elif inside and (own_type is _ORG or _cut_site(it, inside)) and _cut_firm(it, inside):
            replaced.update(m.start for m in inside)  # "长春市|玉珠香|牡丹种植专业合作社": one firm the model cut
        elif inside and _site_in_pieces(it, inside):
            replaced.update(m.start for m in inside)  # "科创园|甲科|热能项目": one project site the model cut
        elif inside and _zone_in_pieces(it, inside):
            replaced.update(m.start for m in inside)  # "江城|综合保税区|北湖|园区": one part of a zone
        elif inside:
            continue  # the model has it: the mention stands for it
        if it.name not in exclude and it.type is not None:
            found.append((it.start, EntityRef(name=it.name, type=it.type)))
    for t in places:
        if t.start in replaced or t.name in exclude or not _mention_target(t):
            continue
        if t.type is _PLACE and any(o.start == t.end and _locates(text, o, places) for o in places):
            continue  # "金滩镇卧虎岭村", "怀化市麻阳县": the first only says where the second is
        if t.type is _PLACE and any(it.start == t.end + 1 and _whole_quote(text, it.start, it.end) for it in listed):
            continue  # 白沙“玫瑰小镇”: the place says where the quoted name is
        if any(p.start <= t.start < p.end + 4 and text.startswith("家", t.end) for p in people):
            continue
        if MEMBER_RE.match(text, t.end):
            continue  # "政协委员": people who come along, not a place
        topic_word = _CJK.match(text, t.end) and not text.startswith(LIST_JOINERS, t.end)
        if not items and topic_word and entity_type_by_suffix(t.name) is None:
            continue  # "考察内河航运、临港产业": a word of the topic, no place visited
        if text[max(region.start, t.start - 3) : t.start].endswith(LOCATED_BEFORE_DE):
            continue
        found.append((t.start, ref(t)))
    return [r for _, r in sorted(found, key=lambda x: x[0])]


# --- triggers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Trigger:
    """Where a clause names visited places: the region, the verb's start, the verb, and whether framed."""

    region: Segment
    at: int
    word: str
    framed: bool
    stop: bool = False  # "在A,…": a stop named before its subject
    names: bool = False  # only the names the model found count: the object of a purpose after a movement
    abbreviated: bool = False  # "来航考察": the region is a place's first character
    led: bool = False  # a led team's movement ("带队到我县对接…"): its object is the place arrived at


def _led(text: str, verb: re.Match[str], sent_end: int) -> bool:
    """Whether a movement is a led team's (``带队到…``, ``率团赴…``), to something else than a meeting."""
    return bool(MOVE_LEAD_BEFORE_RE.search(text, max(0, verb.start() - 10), verb.start())) and not (
        # "率队赴杭州参加交易会": to attend, not to visit
        NOT_VISIT_RE.search(text, verb.end(), sent_end) or any(w in text[verb.end() : sent_end] for w in ATTEND_VERBS)
    )


def _movement_ok(text: str, verb: re.Match[str], sent_end: int, in_trip: bool, led: bool) -> bool:
    """Whether a movement verb names a visit: a purpose follows, a led team moves, or a trip goes on."""
    word = verb.group(0)
    if word not in _MOVE_SET:
        return True
    before = text[verb.start() - 1 : verb.start()]
    if word == "到" and (
        before in _NOT_MOVE_BEFORE
        or text[: verb.start()].endswith(REACH_BEFORE_MOVE)  # "了解到": a reach
        or NOT_MOVE_AFTER_RE.match(text, verb.end())
    ):
        return False
    if word == "来" and (
        (before in NOT_COME_BEFORE and text[verb.start() - 2 : verb.start()] != "先后")
        or text.startswith(NOT_COME_AFTER, verb.end())
    ):
        return False
    return in_trip or led or bool(PURPOSE_RE.search(text, verb.end(), sent_end))


def _triggers(ctx: ArticleContext, sent: Segment, clause: Segment, in_trip: bool) -> list[_Trigger]:
    """The visit verbs of a clause, with the regions that hold their targets."""
    text = ctx.article.text
    out: list[_Trigger] = []
    moved = False  # a movement or framing verb came first: "到A调研B", B is a topic unless the model names it
    inside = [(m.start, m.end) for m in ctx.in_span(clause, (_PERSON, _ORG, _PLACE))]
    # A name opening right after a visit verb (慰问中恒钢铁) keeps 中 from being "调研中"; a group word does not.
    name_starts = {m.start for m in ctx.in_span(clause, (_ORG, _PLACE)) if not DELEGATION_NOUN_RE.search(m.name)}
    for verb in TRIGGER_RE.finditer(text, clause.start, clause.end):
        word = verb.group(0)
        if quoted(text, sent.start, verb.start()) or any(a <= verb.start() < b for a, b in inside):
            continue  # quoted, or a character of a name ("吴来虎")
        if COMPANION_BEFORE_VERB_RE.search(text[max(clause.start, verb.start() - 3) : verb.start()]):
            continue  # "陪同调研": the companions, not the visitor
        if GUEST_PHRASE_RE.search(text, verb.end(), clause.end):
            continue  # "对来我县考察的客商表示欢迎": the guests' visit
        noun_use = VISIT_NOUN_USE_RE.match(text, verb.end()) and verb.end() not in name_starts  # 慰问中恒钢铁
        if (
            (word not in _MOVE_SET and word not in FRAMING_VERBS and noun_use)
            or text.startswith("的", verb.end())
            or VISIT_NOUN_BEFORE_RE.search(text, max(clause.start, verb.start() - 2), verb.start())
        ):
            continue  # the verb used as a noun
        if FUTURE_BEFORE_RE.search(text[clause.start : verb.start()][-8:]):
            continue  # "将到唐山考察": planned, not done
        if NEGATION_BEFORE_RE.search(text, max(clause.start, verb.start() - 3), verb.start()):
            continue  # "非必要不前往…地区": denied or advised against, not done
        if word.startswith("深入") and text.startswith(NOT_DEEP_AFTER, verb.end()):
            continue  # "深入贯彻…战略": thoroughly, no movement
        if word in _MOVE_SET and any(w in text[clause.start : verb.start()] for w in _OTHERS_MOVE):
            continue  # "要求各乡镇干部到A村开展排查", "期待客商来…考察": someone else's errand or visit to come
        led = word in _MOVE_SET and _led(text, verb, sent.end)
        if not _movement_ok(text, verb, sent.end, in_trip, led):
            continue
        framed = word in FRAMING_VERBS or (
            word in _MOVE_SET and _purpose_at(text, _region_end(text, verb.end(), clause.end), clause.end)
        )
        topic = moved and bool(PURPOSE_RE.fullmatch(word))
        moved = moved or word in ARRIVAL_VERBS or word in FRAMING_VERBS
        end = _list_goes_on(ctx, clause.end, sent.end)
        out.append(_Trigger(Segment(verb.end(), end, sent.paragraph), verb.start(), word, framed, names=topic, led=led))
    for at in AT_STOP_RE.finditer(text, clause.start, clause.end):
        if text[clause.start : at.start()].strip() and not at.group(1).endswith(STOP_NOT_PLACE_ENDS):
            out.append(_Trigger(Segment(at.start(1), at.end(1), sent.paragraph), at.start(), "在", False))
    return out


def _abbreviation_triggers(ctx: ArticleContext, sent: Segment) -> list[_Trigger]:
    """``来航考察``, ``莅同调研``: a movement to a place written by its first character."""
    text = ctx.article.text
    return [
        _Trigger(Segment(m.start(1), m.end(1), sent.paragraph), m.start(), "来", True, abbreviated=True)
        for m in PLACE_ABBREVIATION_RE.finditer(text, sent.start, sent.end)
        if not quoted(text, sent.start, m.start()) and not _meeting(text, sent.start, m.start())
    ]


def _abbreviated_place(ctx: ArticleContext, char: str) -> EntityRef:
    """The place one character stands for: the one place of the article (or the home) holding it.

    The places are those named in the text and those a title opens with (``扬州市委书记…来扬``);
    where none or several hold it, the area most of the article's names open with, if the text also
    writes it with an area suffix.
    """
    named = [m.name for m in ctx.mentions if m.type is _PLACE]
    titled = [a for m in ctx.mentions if m.title for a in leading_areas(m.title)]
    # Areas only (a short name or one with an area suffix): not a park that holds the character.
    places = {p for p in (*named, *titled) if char in p and (2 <= len(p) <= 4 or p.endswith(AREA_SUFFIXES))}
    first = {p for p in places if p.startswith(char)}
    for found in (first, places):  # "来宜" is 宜城, "来溪" 本溪: the first character first, then any
        # One place written two ways (扬州, 扬州市) is one place: its fullest form.
        if len({p[:-1] if p.endswith(AREA_SUFFIXES) else p for p in found}) == 1:
            return EntityRef(name=max(found, key=len), type=_PLACE)
    if ctx.article.home.startswith(char):
        return home_ref("我市", ctx.article.home)
    # "莅江调研" in an article of 江城火山地质公园, 江城国际陆港…: the area the names share, where the
    # text writes it as an area too (江城市) or places hold it: "来华" beside 华为's firms is no place.
    names = {m.name for m in ctx.mentions if m.type is not _PERSON} | set(titled)
    pairs = Counter(p[i - 1 : i + 1] if i else p[:2] for p in names for i in [p.find(char)] if i >= 0 and len(p) > 2)
    if pairs:
        (top, n), *rest = pairs.most_common()
        in_places = sum(1 for m in ctx.mentions if m.type is _PLACE and top in m.name)
        areaish = in_places >= 2 or re.search(re.escape(top) + _AREA_CHAR, ctx.article.text)
        if n >= 2 and (not rest or rest[0][1] < n) and areaish:
            return EntityRef(name=top, type=_PLACE)
    return EntityRef(name=char, type=_PLACE)  # the graph names it per source, as a home word


_AREA_CHAR = "[" + "".join(s for s in AREA_SUFFIXES if len(s) == 1) + "]"


def _list_goes_on(ctx: ArticleContext, end: int, sent_end: int) -> int:
    """Where a list of places after a verb ends when it goes on past commas (``先后来到A、B,C、D,E``).

    A clause after the comma continues the list when it is a list itself: two
    or more items joined by 、, each a name the model found or one typed by its
    suffix, and no verb among them. O(clause) per comma.
    """
    text = ctx.article.text
    while text[end : end + 1] in (",", "，"):
        stop = re.compile(r"[,，;；。！？!?]").search(text, end + 1, sent_end)
        nxt = stop.start() if stop else sent_end
        names = {m.start for m in ctx.in_span(Segment(end + 1, nxt), (_ORG, _PLACE))}
        at, ok, pieces = end + 1, True, text[end + 1 : nxt].split("、")
        for piece in pieces:
            named = at in names or entity_type_by_suffix(piece) is not None or _site_type(piece) is not None
            if not named or len(piece) > 30 or TRIGGER_RE.search(piece) or TARGET_STOP_RE.search(piece):
                ok = False
                break
            at += len(piece) + 1
        if not ok or len(pieces) < 2:
            break
        end = nxt
    return end


def _purpose_at(text: str, pos: int, end: int) -> bool:
    """Whether a purpose starts at ``pos``: a purpose verb, or 开展/进行 and one (``开展河长制巡河``) in the clause."""
    if PURPOSE_RE.match(text, pos):
        return True
    m = CARRY_OUT_RE.match(text, pos)
    return m is not None and bool(PURPOSE_RE.search(text, m.end(), end))


def _region_end(text: str, start: int, end: int) -> int:
    """Where the list after a movement verb ends: at the purpose or the clause end."""
    return target_stop(text, start, end)


def _object_triggers(ctx: ArticleContext, sent: Segment) -> list[_Trigger]:
    """``对A、B进行(了)实地调研``: the places between 对 and 进行 are visited."""
    text = ctx.article.text
    out: list[_Trigger] = []
    for m in OBJECT_VISIT_RE.finditer(text, sent.start, sent.end):
        planned = FUTURE_BEFORE_RE.search(text[max(sent.start, m.start() - 8) : m.start()])
        if planned or quoted(text, sent.start, m.start()) or _meeting(text, m.start(), m.end()):
            continue
        out.append(_Trigger(Segment(m.start(1), m.end(1), sent.paragraph), m.start(), m.group(2), False))
    return out


def _meeting(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` reports a meeting (会见, 签约 ...) outside quotation marks."""
    return any(not quoted(text, start, m.start()) for m in NOT_VISIT_RE.finditer(text, start, end))


def _lead_follows(ctx: ArticleContext, pos: int) -> bool:
    """Whether a visitor opens the text at ``pos``: a person, a pronoun or a group (``在A,甲指出…``)."""
    text = ctx.article.text
    if GROUP_SUBJECT_RE.match(text, pos) or any(d.start == pos for d in find_delegations(text, pos, pos + 30)):
        return True
    return any(title_start(text, m) == pos for m in ctx.mentions if m.type is _PERSON and pos <= m.start < pos + 30)


def _stop_trigger(ctx: ArticleContext, sent: Segment, in_trip: bool) -> _Trigger | None:
    """``在A、B等企业,…``: a stop named at the head of a sentence, before its subject and verb."""
    text = ctx.article.text
    m = STOP_AT_RE.match(text, sent.start, sent.end)
    if m is None:
        return None
    place = m.group(1).rstrip()
    # With no visit verb, a visitor after the place makes it a stop ("在A,甲指出…"), unless the sentence
    # reports a meeting outside a trip: the place is its venue ("在A主会场,甲与乙签约").
    lead_only = _lead_follows(ctx, m.end()) and (in_trip or not _meeting(text, m.end(), sent.end))
    if place.endswith(STOP_NOT_PLACE_ENDS) or not (_visit_in(text[m.end() : sent.end]) or lead_only):
        return None
    # at "在", after a day or a phrase the sentence opens with ("3月2日,在A,…"): the day is the stop's
    return _Trigger(Segment(m.start(1), m.start(1) + len(place), sent.paragraph), m.start(1) - 1, "在", True, stop=True)


# --- visitors ---------------------------------------------------------------------------------


@dataclass
class _Trip:
    """The visitors of the current trip, its number, its companions and where it opened."""

    number: int
    lead: list[EntityRef]
    sentence: int
    at: int
    sent_start: int
    sent_end: int
    companions: set[str] = field(default_factory=set)
    separate: bool = False  # "甲、乙分别率队走访…": each leads a trip of their own


@dataclass
class _State:
    groups: _Groups
    trip: _Trip | None = None
    trips: int = 0
    last: EntityRef | None = None  # the last named person: "他" when no trip is open
    previous: _Trip | None = None  # the last trip, open or not
    companions: set[tuple[str, int]] = field(default_factory=set)
    seen: set[tuple[str, str, int]] = field(default_factory=set)


def _companions(ctx: ArticleContext, sent: Segment, people: list[Mention], lead: set[str]) -> list[Mention]:
    """People of the sentence who accompany or receive the visitors.

    ``在甲、乙的陪同下`` (over commas too), and the names listed right before
    ``陪同/参加/一同/介绍/会见…`` (``县领导甲、乙参加调研``); a name after
    ``向/为`` is the one being told, not the host.
    """
    text = ctx.article.text
    out: dict[int, Mention] = {}
    for m in WITH_RE.finditer(text, sent.start, sent.end):
        for p in people:
            if m.start(1) <= p.start < m.end(1):
                out[p.start] = p
    for cm in COMPANION_WORD_RE.finditer(text, sent.start, sent.end):
        k = cm.start()
        host = max(HOST_VERB_RE.finditer(text, max(sent.start, k - 20), k), key=lambda h: h.start(), default=None)
        if host is not None:
            k = host.start()  # "甲、乙会见考察团并一同考察": the hosts come before 会见
        ahead = [
            p
            for p in people
            if p.end <= k and text[max(sent.start, title_start(text, p) - 1)] not in HOST_OBJECT_BEFORE
        ]
        if not ahead:
            continue
        last = ahead[-1]
        gap = text[last.end : k]
        if len(gap) > 16 or _visit_in(gap):
            continue
        for p in co_subjects(text, ahead, last):
            if p.name not in lead or cm.group(0) in ALWAYS_COMPANION_VERBS:
                out[p.start] = p
    return [out[k] for k in sorted(out)]


def _visit_in(gap: str) -> bool:
    """Whether a stretch of text holds a visit verb used as a verb (not ``考察团``)."""
    return any(not VISIT_NOUN_USE_RE.match(gap, v.end()) for v in TRIGGER_RE.finditer(gap))


def _trip_lead(st: _State) -> list[EntityRef]:
    return list(st.trip.lead) if st.trip else []


def _visitors(ctx: ArticleContext, sent: Segment, trig: _Trigger, free: list[Mention], st: _State) -> list[EntityRef]:
    """Who made the visit a trigger names (see the module docstring for the order of the rules)."""
    text = ctx.article.text
    at = trig.at
    before = [p for p in free if p.end <= at]
    if trig.stop:  # "在A,甲、乙察看…": the subject comes after the stop
        at = sent.end
        before = _forward_list(text, [p for p in free if p.start >= trig.region.end])
    composed = _composed_group(ctx, sent, at, st)
    if composed is not None:
        return [composed]  # "由甲、乙等组成的某某调研组莅…": the group, whose members they are
    led = _leader_groups(ctx, sent, free, at)
    if led:
        lead, group = led[-1]
        g = st.groups.resolve(group) if group else None
        refs = [*lead, *([g] if g else [])]
        heads = [p for p in free if ref(p) in lead]
        return refs + _headed_groups(ctx, sent, heads, st, refs)
    if before:
        subject = before[-1]
        people = co_subjects(text, before, subject)
        names = {r.name for r in _trip_lead(st)}
        if (
            st.trip
            and not st.trip.separate
            and {p.name for p in people} <= names
            and text.startswith(GROUP_AFTER_NAME, subject.end)
        ):
            return _trip_lead(st)  # "甲一行": everyone who leads the trip (unless they went 分别, each alone)
        refs = [ref(p) for p in people]
        group = _group_before(ctx, sent, at, st)
        if group is not None and group.start < title_start(text, people[0]):
            return [*refs, *([g] if (g := st.groups.resolve(group)) else [])]
        return refs + _headed_groups(ctx, sent, people, st, refs)
    group = _group_before(ctx, sent, at, st)
    if group is not None:
        g = st.groups.resolve(group)
        if g is not None:
            with_leads = st.groups.with_leaders(g)
            if len(with_leads) == 1 and not group.named and _led_trip(ctx, st):
                # "甲带队来我县考察。考察团一行…": the word stands for the group whose team the trip's leader led
                with_leads = [r for r in _trip_lead(st) if r.type is _PERSON] + with_leads
            return with_leads
        return _trip_lead(st)  # "检查组一行": the group of the trip's leaders
    if PRONOUN_SUBJECT_RE.search(text, sent.start, trig.at):
        return _trip_lead(st) or ([st.last] if st.last else [])
    team = [
        o
        for o in ctx.in_span(Segment(sent.start, at), (_ORG,))
        if (m := ORG_TEAM_RE.match(text, o.end)) and m.end() <= at and not quoted(text, sent.start, o.start)
    ]
    if team:
        return [ref(team[-1])]  # "A医院的调研团队来到B": the organization's people
    if _other_subject(ctx, sent, at):
        return []  # "卫健委负责人表示,…对A开展调研": someone else's work, not the trip's
    return _trip_lead(st)


def _composed_group(ctx: ArticleContext, sent: Segment, at: int, st: _State) -> EntityRef | None:
    """The group a sentence says people make up (``由甲、乙等组成的某某调研组``), right before ``at``."""
    text = ctx.article.text
    for m in COMPOSED_RE.finditer(text, sent.start, at):
        group = next((d for d in find_delegations(text, m.end(), at) if d.start == m.end()), None)
        if group is not None:
            return st.groups.resolve(group)
    return None


def _led_trip(ctx: ArticleContext, st: _State) -> bool:
    """Whether the open trip began with its leader leading a team (``带队``, ``率…团``, ``一行``)."""
    if st.trip is None:
        return False
    text = ctx.article.text
    opening = text[st.trip.sent_start : st.trip.at]
    return bool(LEADER_RE.search(opening)) or any(w in opening for w in MOVE_LEAD_WORDS)


def _other_subject(ctx: ArticleContext, sent: Segment, at: int) -> bool:
    """Whether a clause before ``at`` opens with an organization: the sentence has a subject of its own."""
    text = ctx.article.text
    starts = {c.start + len(text[c.start : c.end]) - len(text[c.start : c.end].lstrip()) for c in clauses(text, sent)}
    return any(
        o.start in starts and not text.startswith("的", o.end) and o.kind is not OrgKind.MEDIA  # not a dateline
        for o in ctx.in_span(Segment(sent.start, at), (_ORG,))
    )


def _forward_list(text: str, people: list[Mention]) -> list[Mention]:
    """The first person and the names listed right after it (``甲、乙``, ``甲,副县长乙``)."""
    if not people:
        return []
    group = [people[0]]
    for nxt in people[1:]:
        if co_subjects(text, [*group, nxt], nxt)[0] is not group[0]:
            break
        group.append(nxt)
    return group


def _headed_groups(
    ctx: ArticleContext, sent: Segment, people: Sequence[Mention], st: _State, have: list[EntityRef]
) -> list[EntityRef]:
    """The named groups these people head (``省第五督导组组长甲``): they visit with them."""
    text = ctx.article.text
    out: list[EntityRef] = []
    for p in people:
        for d in find_delegations(text, sent.start, p.start):
            if d.named and LEAD_AS_WORD_RE.fullmatch(text, d.end, p.start):
                g = st.groups.resolve(d)
                if g is not None and g not in have and g not in out:
                    out.append(g)
    return out


def _group_before(ctx: ArticleContext, sent: Segment, at: int, st: _State) -> Delegation | None:
    groups = [d for d in find_delegations(ctx.article.text, sent.start, at) if d.end <= at]
    return groups[-1] if groups else None


def _pairs(
    text: str, clause: Segment, vstart: int, visitors: list[EntityRef], targets: list[EntityRef]
) -> list[tuple[EntityRef, EntityRef]]:
    """Who visited what: everyone everything, or in order with 分别 ("A、B分别到X、Y")."""
    if len(visitors) == len(targets) > 1 and SEPARATELY in text[clause.start : vstart]:
        return list(zip(visitors, targets, strict=True))
    return [(v, t) for v in visitors for t in targets]


_VISIT_WORDS = frozenset(VISIT_VERBS)


def _generic_visit(text: str, trig: _Trigger) -> bool:
    """Whether a trigger's object names places in general (``走进各学校``, ``走访重点企业``)."""
    head = text[trig.region.start : trig.region.end].lstrip("了到至 ")
    home = HOME_RE.match(head)
    head = head[home.end() if home else 0 :]
    # "走进各学校", "走访部分重点企业": generic places; "深入交流" is no visit at all.
    return not trig.stop and bool(VISIT_GENERIC_RE.match(head)) and bool(LIST_CLOSING_NOUN_RE.search(head[:12]))


def _open_trip(ctx: ArticleContext, st: _State, visitors: list[EntityRef], si: int, at: int, sent: Segment) -> _Trip:
    """The trip these visitors are on: the open one, the last one of the same people, or a new one."""
    names = {v.name for v in visitors}
    if st.trip and names <= {r.name for r in st.trip.lead}:
        return st.trip
    if st.previous and names == {r.name for r in st.previous.lead}:
        st.trip = st.previous  # the same visitors again, with nobody else's visit in between
        return st.trip
    st.trips += 1
    separate = len(visitors) > 1 and SEPARATELY in ctx.article.text[sent.start : at]
    st.trip = st.previous = _Trip(st.trips, visitors, si, at, sent.start, sent.end, separate=separate)
    return st.trip


# --- sentences --------------------------------------------------------------------------------


def _sentence_visits(ctx: ArticleContext, sent: Segment, si: int, st: _State, reporters: set[int]) -> list[Rel]:
    """VISITED and ACCOMPANIED relations of one sentence; updates the open trip."""
    text = ctx.article.text
    people = [
        m for m in ctx.in_span(sent, (_PERSON,)) if not quoted(text, sent.start, m.start) and m.start not in reporters
    ]
    lead_names = {r.name for r in _trip_lead(st)}
    companions = _companions(ctx, sent, people, lead_names)
    comp_starts = {c.start for c in companions}
    trip_companions = st.trip.companions if st.trip else set()
    free = [p for p in people if p.start not in comp_starts and p.name not in trip_companions]
    in_trip = st.trip is not None
    triggers: list[_Trigger] = []
    stop = _stop_trigger(ctx, sent, in_trip)
    if stop is not None:
        triggers.append(stop)
    for clause in clauses(text, sent):
        if _meeting(text, clause.start, clause.end):
            continue
        triggers += _triggers(ctx, sent, clause, in_trip)
    triggers += _object_triggers(ctx, sent)
    triggers += _abbreviation_triggers(ctx, sent)
    out: list[Rel] = []
    stopped = False  # "在A,查看了B": B is a part of the stop A, no visit of its own (深入B still is one)
    for trig in sorted(triggers, key=lambda t: (not t.stop, t.at)):
        if stopped and not trig.stop and trig.word in LOOK_VERBS:
            continue
        visitors = _visitors(ctx, sent, trig, free, st)
        visitors = [v for v in visitors if v.name not in trip_companions]
        if not visitors:
            continue
        exclude = {v.name for v in visitors}
        if trig.abbreviated:
            targets = [_abbreviated_place(ctx, text[trig.region.start : trig.region.end])]
        else:
            # The place arrived at: after 来到/莅临, or a movement with its purpose or a led team (带队到我县对接…).
            arrival = trig.word in FRAMING_VERBS or (trig.word in _MOVE_SET and (trig.framed or trig.led))
            targets = _targets(ctx, trig.region, trig.framed, exclude, items=not trig.names, arrival=arrival)
        if FIRM_ANAPHOR_RE.match(text[trig.region.start : trig.region.start + 4]):
            firm = paragraph_firm(ctx, sent.paragraph, trig.at)
            if firm is not None:
                targets.append(ref(firm))
        if not targets:
            if _generic_visit(text, trig) or (not trig.stop and (trig.word in _MOVE_SET or trig.word in _VISIT_WORDS)):
                # "带队走进各学校检查", "赴甲地,开展调研", "带队视察“某某”工作": it has begun
                _open_trip(ctx, st, visitors, si, trig.at, sent)
            continue
        purpose = PURPOSE_RE.search(text, trig.region.start, sent.end) if trig.word in ARRIVAL_VERBS else None
        trip = _open_trip(ctx, st, visitors, si, trig.at, sent)
        verb = purpose.group(0) if purpose else trig.word
        day = ctx.dates.for_stop(trig.at, sent.start, trip.at, trip.sent_start, sent.end, trip.sent_end)
        for v, t in _pairs(text, sent, trig.at, visitors, targets):
            key = (v.name, t.name, trip.number)
            if v.name == t.name or key in st.seen:
                continue
            st.seen.add(key)
            stopped = stopped or trig.stop
            rel = relation(ctx, sent, RelationType.VISITED, v, t, verb=verb, trip=trip.number, sentence=si)
            if day is not None:
                rel = rel.model_copy(update={"date": day.date, "date_end": day.date_end, "date_approx": day.approx})
            out.append(rel)
    joined = st.trip or st.previous  # "X陪同调研" often closes the report, after the trip
    if joined:
        lead = {r.name for r in joined.lead}
        for c in companions:
            if c.name in lead:
                continue
            joined.companions.add(c.name)
            if (c.name, joined.number) not in st.companions:
                st.companions.add((c.name, joined.number))
                head = next((r for r in joined.lead if r.type is _PERSON), joined.lead[0])
                out.append(relation(ctx, sent, RelationType.ACCOMPANIED, ref(c), head, trip=joined.number, sentence=si))
    if free:
        st.last = ref(free[0])
    if not out and st.trip is not None and st.trip.sentence != si:
        lead = {r.name for r in st.trip.lead}
        starts = {c.start for c in clauses(text, sent)}
        named = [p for p in free if p.name not in lead and title_start(text, p) in starts]
        first_lead = min((p.start for p in people if p.name in lead), default=None)
        body = text[sent.start : sent.end].lstrip()
        if named and (first_lead is None or named[0].start < first_lead) and not TRIP_OPENER_RE.match(body):
            st.trip = None  # a new named subject opens a clause: the trip is over
    return out


def _headline(ctx: ArticleContext, body: list[Rel], groups: _Groups) -> list[Rel]:
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
    art = ctx.article.model_copy(update={"text": title})
    head_ctx = ArticleContext(art, [Segment(0, len(title))], found)
    st = _State(groups=groups)
    rels = _sentence_visits(head_ctx, Segment(0, len(title)), -1, st, set())
    # The headline restates the body: a target the body has visited (or a part of it) is no new
    # visit, and a group in the headline ("我县代表团") is the body's visitors, not another one.
    have = [r.tail.name for r in body if r.type is RelationType.VISITED and r.tail]
    visitors = {r.head.name for r in body if r.type is RelationType.VISITED}
    rels = [r for r in rels if r.head.type is _PERSON or not visitors or r.head.name in visitors]
    if have:
        return []
    return [r.model_copy(update={"start": 0, "end": 0, "trip": 0}) for r in rels if r.type is RelationType.VISITED]


def visit_relations(ctx: ArticleContext, reporters: Sequence[Mention] = ()) -> list[Rel]:
    """VISITED and ACCOMPANIED relations of one article, trips followed across sentences. O(S * M)."""
    starts = {r.start for r in reporters}
    people = [m for m in ctx.mentions if m.type is _PERSON and m.start not in starts]
    st = _State(groups=_Groups.read(ctx, people))
    out: list[Rel] = []
    text = ctx.article.text
    # Subtitle lines above the report ("甲在乙县调研时强调") restate it, like the headline: they are read last.
    lead = 0
    while lead < len(ctx.sentences) and heading(text[ctx.sentences[lead].start : ctx.sentences[lead].end]):
        lead += 1
    for si, sent in enumerate(ctx.sentences[lead:], lead):
        out += _sentence_visits(ctx, sent, si, st, starts)
    if not out:
        for si, sent in enumerate(ctx.sentences[:lead]):
            out += _sentence_visits(ctx, sent, si, st, starts)
    out += _headline(ctx, out, st.groups)
    out += _headline_group(ctx, out, st.groups)
    return _one_name_per_site(out)


def _headline_group(ctx: ArticleContext, rels: list[Rel], groups: _Groups) -> list[Rel]:
    """The named group a headline sends on the visit (``江城市党政代表团赴青阳考察``) visits its members' stops.

    The trips are those the group itself is written on in the body, with every
    stop of them (``甲带队来我县考察。考察团一行来到A``: the group visits 我县 too);
    where the body never names it as a visitor, the first trip, whose people are
    its members. A later trip of someone else (the host's own) is not the group's. O(R).
    """
    title = ctx.article.title
    lead = next(
        (d for d in find_delegations(title) if d.named and _visit_in(title[d.end : d.end + 20])),
        None,
    )
    group = groups.resolve(lead) if lead is not None else None
    visits = [r for r in rels if r.type is RelationType.VISITED and r.tail and r.trip is not None]
    if group is None or not visits:
        return []
    own = {r.trip for r in visits if r.head == group}
    if not own and any(r.head.type is not _PERSON for r in visits):
        return []  # the body's visitor is another group: the headline's is not followed
    if own:  # and the earlier trips of its own members, before the body named the group
        members = {r.head.name for r in visits if r.trip in own and r.head.type is _PERSON}
        people: dict[int | None, set[str]] = {}
        for r in visits:
            if r.head.type is _PERSON:
                people.setdefault(r.trip, set()).add(r.head.name)
        last = max(t for t in own if t is not None)
        trips = own | {t for t, who in people.items() if t is not None and t < last and who <= members}
    else:
        trips = {min(r.trip for r in visits if r.trip is not None)}
    have = {(r.tail.name, r.trip) for r in visits if r.head == group and r.tail}
    out: dict[tuple[str, int | None], Rel] = {}
    for r in visits:
        assert r.tail is not None
        if r.trip in trips and r.head.type is _PERSON and (r.tail.name, r.trip) not in have:
            out.setdefault((r.tail.name, r.trip), r.model_copy(update={"head": group}))
    return list(out.values())


def _one_name_per_site(rels: list[Rel]) -> list[Rel]:
    """Drop a visit to "A项目" where the same visitor's visit to A is there: one site, written twice. O(R)."""
    have = {(r.head.name, r.tail.name) for r in rels if r.type is RelationType.VISITED and r.tail}
    return [
        r
        for r in rels
        if not (
            r.type is RelationType.VISITED
            and r.tail
            and (m := SITE_PART_RE.search(r.tail.name))
            and m.start() > 0
            and (r.head.name, r.tail.name[: m.start()]) in have
        )
    ]
