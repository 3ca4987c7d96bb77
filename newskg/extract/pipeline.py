"""Article -> mentions -> relations, in batches through one NER backend."""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from newskg.extract.relations import ArticleContext, extract_relations
from newskg.extract.sentences import Segment, clauses, paragraphs, sentences
from newskg.extract.spans import find_bylines, repair_spans, valid_name
from newskg.extract.visits import find_delegations, split_targets, target_stop
from newskg.model import Article, ArticleExtraction, EntityType, Mention, NerSpan, OrgKind, RelationType
from newskg.names.kinds import entity_type_by_suffix, org_kind
from newskg.names.lexicon import (
    ADMIN_SUFFIX_END_RE,
    ADMIN_SUFFIXES,
    AREA_SUFFIXES,
    BYLINE_OPENERS,
    DATELINE_RE,
    GENERIC_BODY_RE,
    GENERIC_SITE_RE,
    GOV_PREFIXES,
    HOME_WORDS,
    LIST_CLOSING_RE,
    LIST_WORD_JOINER_RE,
    PARTY_COMMITTEE_END_RE,
    PUBLISHER_NAME_RE,
    SURNAME_START_RE,
    TITLE_WORD_RE,
    TRIGGER_RE,
)
from newskg.names.normalize import normalize_name, normalize_text
from newskg.names.resolve import resolve_names, vote_types
from newskg.names.titles import (
    leading_areas,
    share_list_titles,
    strip_title,
    title_before,
    titles_after_names,
    with_full_titles,
)
from newskg.ner.backend import NerBackend

__all__ = ["Extractor", "entities_of", "segment", "tag_texts"]

log = logging.getLogger(__name__)

Where = Callable[[int], tuple[int, int]]  # article offset -> (sentence, paragraph)


def segment(text: str) -> list[Segment]:
    """All sentences of a text, paragraph numbers included."""
    return [s for p in paragraphs(text) for s in sentences(text, p)]


def tag_texts(backend: NerBackend, texts: Sequence[str]) -> list[list[NerSpan]]:
    """NER plus the title rule, for ``newskg ner``: spans with offsets into each text.

    Titles glued before a person (``区委书记孟景伟``) come out as TITLE spans and
    the person span is trimmed to the name; the items of a list closed by a
    typing noun (``A、B和C等企业``) are one entity each (see :func:`listed_items`).
    """
    raw = backend.tag([normalize_text(t) for t in texts])
    out: list[list[NerSpan]] = []
    for text, spans in zip(texts, raw, strict=True):
        found: dict[tuple[int, int], NerSpan] = {}
        for sp in listed_items(text, repair_spans(text, spans)):
            start, end = sp.start, sp.end
            if sp.type is EntityType.PERSON:
                name, title = strip_title(sp.text)
                if title:
                    found[(start, start + len(title))] = NerSpan(
                        text=title, type=EntityType.TITLE, start=start, end=start + len(title)
                    )
                    start = end - len(name)
                tm = title_before(text, start)
                if tm and not any(s <= tm.start < e for s, e in found):
                    found[(tm.start, start)] = NerSpan(
                        text=text[tm.start : start], type=EntityType.TITLE, start=tm.start, end=start
                    )
            found[(start, end)] = NerSpan(text=text[start:end], type=sp.type, start=start, end=end)
        out.append(sorted(found.values(), key=lambda s: (s.start, s.end)))
    return out


def listed_items(text: str, spans: Sequence[NerSpan]) -> list[NerSpan]:
    """Each item of a list after a visit or movement verb and closed by a typing noun, as one span.

    ``走访了华晟电子、恒远钢构和绿田食品等重点企业``: the closing noun types every
    item, also where the model cut one (``华晟``) or missed it; overlapping spans
    give way. The items are those :func:`newskg.extract.visits.split_targets` reads. O(n + spans).
    """
    out = list(spans)
    whole = Segment(0, len(text))
    for clause in clauses(text, whole):
        keep = [(sp.start, sp.end) for sp in spans if clause.start <= sp.start < clause.end]
        for verb in reversed(list(TRIGGER_RE.finditer(text, clause.start, clause.end))):  # nearest the list first
            end = target_stop(text, verb.end(), clause.end, keep)
            if LIST_CLOSING_RE.search(text[verb.end() : end].rstrip("。！？!?；;")):
                break
        else:
            continue  # no list closed by a typing noun after a verb ("…等企业实地调研")
        # Names the model found stay whole, but for one across a joiner: two names (A和B) it ran together.
        named = [(a, b) for a, b in keep if not LIST_WORD_JOINER_RE.search(text, a, b)]
        items = split_targets(text, verb.end(), end, keep=named)
        if len(items) < 2:
            continue
        for item in items:
            if item.type is None or _areas_in_area(item.start, item.end, spans):
                continue
            out = [sp for sp in out if not (sp.start < item.end and item.start < sp.end)]
            out.append(NerSpan(text=item.name, type=item.type, start=item.start, end=item.end))
    return sorted(out, key=lambda sp: (sp.start, sp.end))


def _areas_in_area(start: int, end: int, spans: Sequence[NerSpan]) -> bool:
    """Whether the spans cover ``[start, end)`` as divisions one inside the other (``青山新区|长岭社区``).

    The repair layer cut them apart on purpose (:func:`newskg.extract.spans.split_area_prefixes`):
    the list item must not join them again.

    >>> sp = [NerSpan(text="青山新区", type=EntityType.PLACE, start=0, end=4),
    ...       NerSpan(text="长岭社区", type=EntityType.PLACE, start=4, end=8)]
    >>> _areas_in_area(0, 8, sp), _areas_in_area(4, 8, sp[1:])
    (True, False)
    """
    inside = sorted((sp for sp in spans if start <= sp.start and sp.end <= end), key=lambda sp: sp.start)
    return (
        len(inside) >= 2
        and inside[0].start == start
        and inside[-1].end == end
        and all(a.end == b.start for a, b in itertools.pairwise(inside))
        and all(sp.type is EntityType.PLACE and sp.text.endswith(ADMIN_SUFFIXES) for sp in inside)
    )


def _propagate(text: str, ms: list[Mention], where: Where) -> list[Mention]:
    """Step: names found once in an article are found everywhere in it ("one sense per discourse").

    The model misses a name in some sentences it finds in others; exact
    repeats of person names (2-4 characters) and of longer organization and
    place names are added where no other mention covers them. A shorter
    mention the model read inside a repeat of a person's name ("楼阳" of
    "楼阳生指出", as a place or as a person) gives way to the person. Returns all mentions.
    O(names * n).
    """
    people = {m.surface for m in ms if m.type is EntityType.PERSON and 3 <= len(m.surface) <= 4}
    ms = [m for m in ms if not _inside_person(text, m, people)]
    covered = _coverage(text, ms)
    names: dict[str, EntityType] = {}
    for m in ms:
        n = len(m.surface)
        if (m.type is EntityType.PERSON and 2 <= n <= 4) or (m.type is not EntityType.PERSON and n >= 4):
            names.setdefault(m.surface, m.type)
        elif m.type is EntityType.PLACE and n >= 2 and m.surface.endswith(AREA_SUFFIXES):
            names.setdefault(m.surface, m.type)  # "法库县": an area's name, short as it is
    for surface, typ in list(names.items()):
        short = ADMIN_SUFFIX_END_RE.sub("", surface)
        if typ is EntityType.PLACE and len(short) >= 2 and short != surface and surface.endswith(AREA_SUFFIXES):
            names.setdefault(short, typ)  # "法库县" named once: "法库" elsewhere is the same place
    added: list[Mention] = []
    for surface, typ in sorted(names.items(), key=lambda kv: -len(kv[0])):
        for pos in _free_repeats(text, surface, covered):
            tm = title_before(text, pos) if typ is EntityType.PERSON else None
            added.append(_mention_at(surface, typ, pos, where, title=tm.title if tm else None))
    return ms + added


def _coverage(text: str, ms: Sequence[Mention]) -> bytearray:
    """One byte per character of ``text``, set where a mention covers it. O(n + total mention length)."""
    covered = bytearray(len(text))
    for m in ms:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    return covered


def _free_repeats(
    text: str, surface: str, covered: bytearray, ends_well: Callable[[int], bool] = lambda _: True
) -> Iterator[int]:
    """Where ``surface`` occurs in ``text`` over no covered character; each hit yielded is then covered.

    ``ends_well(end)`` may refuse a hit by what follows it. O(n) per surface.

    >>> cov = bytearray(6)
    >>> cov[2] = 1  # a mention covers the third character
    >>> list(_free_repeats("甲乙甲乙甲乙", "甲乙", cov)), list(cov)
    ([0, 4], [1, 1, 1, 0, 1, 1])
    """
    pos = text.find(surface)
    while pos >= 0:
        end = pos + len(surface)
        if ends_well(end) and not any(covered[pos:end]):
            covered[pos:end] = b"\x01" * (end - pos)
            yield pos
        pos = text.find(surface, end)


def _inside_person(text: str, m: Mention, people: set[str]) -> bool:
    """Whether ``m`` lies strictly inside a repeat of one of ``people`` at its place in ``text``.

    >>> m = Mention(surface="楼阳", name="楼阳", type=EntityType.PLACE, start=0, end=2)
    >>> _inside_person("楼阳生指出", m, {"楼阳生"}), _inside_person("楼阳镇", m, {"楼阳生"})
    (True, False)
    """
    for p in people:
        for lead in range(len(p) - (m.end - m.start) + 1):
            at = m.start - lead
            if at >= 0 and text.startswith(p, at) and (at, at + len(p)) != (m.start, m.end):
                return True
    return False


def _bare_areas(text: str, ms: list[Mention], where: Where) -> list[Mention]:
    """Step: an area named in full inside a name or a title ("武强县委书记甲") is a place where written bare.

    Runs once titles are whole, so "重庆市梁平区委副书记" names 重庆 and 梁平; "努力让梁平成为…" then
    mentions 梁平, and an untitled person the model read there (梁 is a family name) is that place.
    The full form followed by an area character (武强县委) stays inside its name. Returns all
    mentions. O(areas * n).
    """
    areas = {a[:-1] for m in ms for a in leading_areas(m.surface) + leading_areas(m.title or "")}
    ms = [
        m.model_copy(update={"type": EntityType.PLACE})
        if m.type is EntityType.PERSON and not m.title and m.name in areas
        else m
        for m in ms
    ]
    covered = _coverage(text, ms)
    bare = sorted(areas - {m.name for m in ms}, key=lambda b: -len(b))
    added: list[Mention] = []
    for surface in bare:
        for pos in _free_repeats(text, surface, covered, lambda end: text[end : end + 1] not in AREA_CHARS):
            added.append(_mention_at(surface, EntityType.PLACE, pos, where))
    return ms + added


AREA_CHARS = frozenset("省市县区镇乡")


def _title_references(text: str, ms: list[Mention], where: Where) -> list[Mention]:
    """Step: "孙书记", "玉恒区长", "郑市长": a person named by family or given name and post, once named in full.

    The family name (or the given name) and a post word of the person's title
    (市长 of 常务副市长) must point to one person of the article. Returns all
    mentions, those found added. O(P * n) for P titled persons.
    """
    people = {m.name: m for m in ms if m.type is EntityType.PERSON and m.title and 2 <= len(m.name) <= 4}
    keys: dict[str, set[str]] = defaultdict(set)
    for name, m in people.items():
        assert m.title is not None
        for post in TITLE_WORD_RE.findall(m.title):
            keys[name[0] + post].add(name)
            if len(name) == 3:
                keys[name[1:] + post].add(name)
    unique = {key: next(iter(names)) for key, names in keys.items() if len(names) == 1}  # else: leave it
    # The model may have taken "郑市长" for a name of its own: it is the person's.
    ms = [
        m.model_copy(update={"name": unique[m.name]}) if m.type is EntityType.PERSON and m.name in unique else m
        for m in ms
    ]
    covered = _coverage(text, ms)
    out: list[Mention] = list(ms)
    for key, name in sorted(unique.items()):
        for hit in re.finditer(re.escape(key), text):
            if any(covered[hit.start() : hit.end()]):
                continue
            out.append(_mention_at(key, EntityType.PERSON, hit.start(), where, name=name))
    return out


def _drop_overlaps(ms: list[Mention]) -> list[Mention]:
    """Step: keep the longer of overlapping mentions. O(M log M)."""
    out: list[Mention] = []
    for m in sorted(ms, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            if m.end - m.start > out[-1].end - out[-1].start:
                out[-1] = m
            continue
        out.append(m)
    return out


class Extractor:
    """Runs NER, the rule layer and the relation rules over articles.

    Args:
        backend: The NER backend.
        batch_articles: Articles whose sentences are tagged in one call.
    """

    def __init__(self, backend: NerBackend, batch_articles: int = 32) -> None:
        self.backend = backend
        self.batch_articles = batch_articles

    def extract(self, articles: Iterable[Article]) -> Iterator[ArticleExtraction]:
        """Extract articles lazily, tagging ``batch_articles`` at a time."""
        batch: list[Article] = []
        for art in articles:
            batch.append(art)
            if len(batch) >= self.batch_articles:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def extract_one(self, article: Article) -> ArticleExtraction:
        """Extract a single article."""
        return next(iter(self._batch([article])))

    def _batch(self, arts: list[Article]) -> Iterator[ArticleExtraction]:
        segs = [segment(a.text) for a in arts]
        texts = [normalize_text(a.text[s.start : s.end]) for a, ss in zip(arts, segs, strict=False) for s in ss]
        try:
            tagged = self.backend.tag(texts)
        except Exception as exc:
            if len(arts) == 1:
                reason = " ".join(f"NER failed: {type(exc).__name__}: {exc}".split())  # one line
                log.warning("article %s (%s): %s", arts[0].id, arts[0].source, reason)
                yield ArticleExtraction(article=arts[0], error=reason)
                return
            for a in arts:  # retry one by one to isolate the bad article
                yield from self._batch([a])
            return
        pos = 0
        for art, ss in zip(arts, segs, strict=True):
            spans = tagged[pos : pos + len(ss)]
            pos += len(ss)
            yield self._article(art, ss, spans)

    def _mentions(self, art: Article, ss: list[Segment], spans: list[list[NerSpan]]) -> list[Mention]:
        """Step: the model's spans, repaired, as mentions; titles split off persons, invalid names dropped."""
        text = art.text
        ms: list[Mention] = []
        for si, (seg, sent_spans) in enumerate(zip(ss, spans, strict=True)):
            sentence = text[seg.start : seg.end]
            for sp in listed_items(sentence, repair_spans(sentence, sent_spans)):
                if sp.type is EntityType.TITLE:
                    continue
                start, end = seg.start + sp.start, seg.start + sp.end
                surface = text[start:end]
                title = None
                typ: EntityType = sp.type
                if typ is not EntityType.PERSON and _titled_name(text, start, surface):
                    typ = EntityType.PERSON  # "州委书记龙长春": a title says person, whatever the model said
                elif typ is not EntityType.PERSON and (named := _title_then_name(text, start, end)) is not None:
                    start, surface, typ = named, text[named:end], EntityType.PERSON  # "江城区委书记罗平" as one span
                elif typ is EntityType.PERSON and (by_suffix := entity_type_by_suffix(surface)) is not None:
                    typ = by_suffix  # "吕梁日报": a name's suffix says organization, whatever the model said
                if typ is EntityType.PERSON:
                    name, title = strip_title(surface)
                    start = end - len(name)
                    surface = name
                    tm = title_before(text, start)
                    if tm:
                        title = tm.title
                name = normalize_name(surface)
                if not valid_name(name, typ):
                    log.debug("dropped span %r (%s)", surface, typ.value)
                    continue
                if typ is not EntityType.PERSON:
                    typ = entity_type_by_suffix(name) or typ
                ms.append(
                    Mention(
                        surface=surface,
                        name=name,
                        type=typ,
                        start=start,
                        end=end,
                        title=title,
                        sentence=si,
                        paragraph=seg.paragraph,
                    )
                )
        return ms

    def _article(self, art: Article, ss: list[Segment], spans: list[list[NerSpan]]) -> ArticleExtraction:
        """The named steps from an article's tagged sentences to its extraction."""
        where = _locator(ss)
        ms = self._mentions(art, ss, spans)
        reporters = _reporter_mentions(art.text, where)
        ms = _with_reporters(ms, reporters)
        ms = _with_datelines(ms, _dateline_mentions(art.text))
        ms = _propagate(art.text, ms, where)
        # Whole titles: org + post (省商务厅电子商务处处长), 、-joined titles, one title for a list of names.
        ms = titles_after_names(art.text, share_list_titles(art.text, with_full_titles(art.text, ms)))
        ms += _employers(ms, where)
        ms = _bare_areas(art.text, ms, where)
        ms = _title_references(art.text, ms, where)
        final = _resolve_in_article(_drop_overlaps(ms))
        rep_final = [m for m in final if any(r.start == m.start and r.end == m.end for r in reporters)]
        rels = extract_relations(ArticleContext(art, ss, final), rep_final)
        return ArticleExtraction(
            article=art,
            mentions=tuple(final),
            relations=tuple(rels),
            reporters=tuple(dict.fromkeys(r.name for r in rep_final)),
        )


def _locator(ss: Sequence[Segment]) -> Where:
    """A function from an article offset to its (sentence, paragraph). O(log S) per call."""
    starts = [s.start for s in ss]

    def where(pos: int) -> tuple[int, int]:
        si = max(0, bisect.bisect_right(starts, pos) - 1)
        return (si, ss[si].paragraph) if ss else (0, 0)

    return where


def _mention_at(
    surface: str, typ: EntityType, start: int, where: Where, name: str | None = None, title: str | None = None
) -> Mention:
    """A mention the rules found: ``surface`` at ``start``, placed in its sentence by ``where``.

    ``name`` defaults to the normalized surface.
    """
    si, para = where(start)
    return Mention(
        surface=surface,
        name=normalize_name(surface) if name is None else name,
        type=typ,
        start=start,
        end=start + len(surface),
        title=title,
        sentence=si,
        paragraph=para,
    )


def _reporter_mentions(text: str, where: Where) -> list[Mention]:
    """Step: the bylines' people as person mentions, their role (记者, 通讯员, 责任编辑 ...) kept as the title."""
    out: list[Mention] = []
    for b in find_bylines(text):
        out.append(_mention_at(text[b.start : b.end], EntityType.PERSON, b.start, where, name=b.name, title=b.role))
    return out


def _dateline_mentions(text: str) -> list[Mention]:
    """Step: the publishers of a dateline opening the text (``福鼎新闻网讯``, ``滨州日报/滨州网讯``).

    >>> [m.name for m in _dateline_mentions("滨州日报/滨州网讯(记者 甲)1月21日,…")]
    ['滨州日报', '滨州网']
    >>> [m.name for m in _dateline_mentions("东北网伊春9月29日电 9月26日,…")]
    ['东北网']
    >>> _dateline_mentions("本报讯(记者 甲)昨天,…")
    []
    """
    m = DATELINE_RE.match(text)
    if m is None:
        return []
    out: list[Mention] = []
    pos = m.start(1)
    for part in m.group(1).split("/"):
        name = PUBLISHER_NAME_RE.match(part)
        if name and not part.startswith(BYLINE_OPENERS):
            out.append(
                Mention(
                    surface=name.group(0),
                    name=name.group(0),
                    type=EntityType.ORGANIZATION,
                    kind=OrgKind.MEDIA,
                    start=pos,
                    end=pos + name.end(),
                )
            )
        pos += len(part) + 1
    return out


def _with_datelines(ms: list[Mention], datelines: list[Mention]) -> list[Mention]:
    """Step: a dateline's publishers replace the model's mentions they overlap."""
    return [m for m in ms if not any(d.start < m.end and m.start < d.end for d in datelines)] + datelines


def _with_reporters(ms: list[Mention], reporters: list[Mention]) -> list[Mention]:
    """Step: reporters replace the model's mentions they overlap."""
    return [m for m in ms if not any(r.start < m.end and m.start < r.end for r in reporters)] + reporters


def _employers(ms: list[Mention], where: Where) -> list[Mention]:
    """Step: a government body glued before a title ("区委书记") is the person's employer, a mention of its own."""
    out: list[Mention] = []
    for m in ms:
        if m.type is EntityType.PERSON and m.title:
            prefix = next((g for g in GOV_PREFIXES if m.title.startswith(g)), None)
            t0 = m.start - len(m.title)
            if prefix and not any(o.start <= t0 < o.end for o in (*ms, *out) if o.type is not EntityType.PERSON):
                out.append(_mention_at(prefix, EntityType.ORGANIZATION, t0, where))
    return out


def _titled_name(text: str, start: int, surface: str) -> bool:
    """Whether a span the model typed organization or place is a name right after a title.

    >>> _titled_name("州委书记龙长春到", 4, "龙长春"), _titled_name("县长到青山县", 3, "青山县")
    (True, False)
    """
    return 2 <= len(surface) <= 4 and entity_type_by_suffix(surface) is None and title_before(text, start) is not None


def _title_then_name(text: str, start: int, end: int) -> int | None:
    """Where the name starts in a span the model made of a whole title and a name, or None.

    >>> t = "由江城区委书记罗平带队"
    >>> _title_then_name(t, 1, 9), _title_then_name("江城市人民医院", 0, 7)
    (7, None)
    """
    for k in (3, 2):
        at = end - k
        tm = title_before(text, at) if at - start >= 2 else None
        if (
            tm is not None
            and tm.start >= start
            and SURNAME_START_RE.match(text, at) is not None
            and entity_type_by_suffix(text[at:end]) is None  # what _titled_name asks, with the title found once
        ):
            return at
    return None


def _resolve_in_article(ms: list[Mention]) -> list[Mention]:
    """Step: one type per name within the article, short names resolved in context, kinds; in text order.

    A person named with a title outweighs every other reading of the same name by the model.
    """
    types = vote_types((m.name, m.type, len(ms) + 1 if m.type is EntityType.PERSON and m.title else 1) for m in ms)
    counts = Counter((types[m.name], m.name) for m in ms)
    res = resolve_names(counts.keys(), counts)
    final: list[Mention] = []
    for m in ms:
        typ = types[m.name]
        canon = res.canonical[(typ, m.name)]
        kind = (m.kind or org_kind(canon)) if typ is EntityType.ORGANIZATION else None
        final.append(m.model_copy(update={"type": typ, "name": canon, "kind": kind}))
    final.sort(key=lambda m: (m.start, m.end))
    return final


def _not_named(ex: ArticleExtraction) -> set[tuple[int, int]]:
    """Spans of mentions that name no entity of their own.

    Generic bodies (``县委``, ``组织部``) and bare facilities (``图书馆``,
    ``一楼展厅``) name no particular one; a party committee written inside a
    person's title (``武强县委书记甲``) is the person's employer, not something
    the text talks about. An office or a place in a title (``省安全监管局局长``,
    ``牡丹江市政协副主席``) stays an entity.
    """
    text = ex.article.text
    spans = [
        (p.start - len(p.title), p.start)
        for p in ex.mentions
        if p.type is EntityType.PERSON and p.title and text[p.start - len(p.title) : p.start] == p.title
    ]
    out: set[tuple[int, int]] = set()
    for m in ex.mentions:
        generic = (
            m.type is EntityType.ORGANIZATION and GENERIC_BODY_RE.fullmatch(m.name)
        ) or GENERIC_SITE_RE.fullmatch(m.name)
        employer = any(a <= m.start and m.end <= b for a, b in spans) and (PARTY_COMMITTEE_END_RE.search(m.name))
        if generic or employer:
            out.add((m.start, m.end))
    return out


def _generic_group(name: str) -> bool:
    """Whether a name is a group word with nothing naming whose group it is (``考察团``, ``党政代表团``).

    >>> _generic_group("考察组"), _generic_group("党政代表团"), _generic_group("江城市党政代表团")
    (True, True, False)
    """
    groups = find_delegations(name)
    return len(groups) == 1 and (groups[0].start, groups[0].end) == (0, len(name)) and not groups[0].named


def entities_of(ex: ArticleExtraction) -> list[dict[str, Any]]:
    """The article's entities for the extract JSONL format, sorted by type and name.

    Mentions that name no entity of their own are left out (see
    :func:`_not_named`; the graph keeps them as employers), and so are home
    words (``我县``: a name only with the source's home, which the graph adds);
    the targets and visitors the relation rules found (``华晟电子`` in a list
    the model missed) are in.
    """
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    titles: dict[tuple[str, str], set[str]] = defaultdict(set)
    inside = _not_named(ex)
    for m in ex.mentions:
        if (m.start, m.end) in inside or m.name in HOME_WORDS or _generic_group(m.name):
            continue
        key = (m.type.value, m.name)
        groups.setdefault(key, {"name": m.name, "type": m.type.value, "kind": m.kind.value if m.kind else None})
        surface = normalize_name(m.surface)
        if surface != m.name:
            aliases[key].add(surface)
        if m.title:
            titles[key].add(m.title)
    for name in ex.article.publishers:  # "来源:利州发布": the page header names the publisher
        groups.setdefault(("ORGANIZATION", name), {"name": name, "type": "ORGANIZATION", "kind": OrgKind.MEDIA.value})
    for rel in ex.relations:
        if rel.type not in (RelationType.VISITED, RelationType.ACCOMPANIED):
            continue
        for ref in (rel.head, rel.tail):
            if (
                ref is not None
                and ref.type is not EntityType.TITLE
                and len(ref.name) > 1
                and ref.name not in HOME_WORDS
            ):
                key = (ref.type.value, ref.name)
                kind = org_kind(ref.name).value if ref.type is EntityType.ORGANIZATION else None
                groups.setdefault(key, {"name": ref.name, "type": ref.type.value, "kind": kind})
    return [{**groups[k], "titles": sorted(titles[k]), "aliases": sorted(aliases[k])} for k in sorted(groups)]
