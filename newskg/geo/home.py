"""The home an article's own text implies: the division its paper is about.

Where no home is given (JSONL ``home``, ``--home``, ``--sources``), a local
paper still says where it is, and the linker takes that as the article's home
(:class:`InferredHome`, recorded in :class:`newskg.geo.link.ArticleLinks`). The
evidence, in this order, the first that decides winning:

1. **newsroom**: the divisions the newsroom names, on one path: the header's
   publisher (``来源:利州发布``), the dateline (``梨树时报讯``), the feed's or
   folder's name, or a newsroom the text names as its own (``摘自吕梁日报``,
   ``宁夏日报记者``, ``宁陕融媒讯``);
2. **home word**: a home word written right before a place (``我市中阳县``: the
   city 中阳县 lies in);
3. **the only division of its level**: the article's bare titles and home words
   (``县长``, ``我县``) say the level of the paper's division, the deepest one
   (a county paper writes both 县长 and 市委书记 bare); when the text writes
   exactly one division of that level (``城口`` twice, ``达拉特`` of a zone's name,
   the county a linked town lies in), that is the home;
4. **the division of its level written most**: several of that level, and one
   written in full at least twice as often as any other (``唐山市`` 16 times,
   ``上海市`` 7 times, in a report of a fair in Shanghai).

What the text writes (:meth:`newskg.geo.link.Linker`'s ``_written``) leaves out
persons' and firms' names (上海电气集团 lies anywhere), names that are also
everyday words (``和政`` of 党和政府, ``中区`` of 工业集中区), and the sentences
that bring visitors to the home (``毕节市长甲来我旗考察``). A short name
(``城口``) counts only when written twice or more. Nothing else is guessed:
the home stays unknown. The last two read the places the article writes, so a
jurisdiction taken from them is not *stated* (see ``from_outside``).

This module holds the decision; :class:`newskg.geo.link.Linker` gathers the
evidence (:class:`HomeEvidence`) from the article and the gazetteer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from newskg.geo.places import Frozen, PlaceLink
from newskg.names.gazetteer import Level
from newskg.names.lexicon import (
    HOME_LEVEL_WORDS,
    NATIONAL_NEWSROOMS,
    NEWSROOM_AFTER,
    NEWSROOM_BEFORE,
    NEWSROOM_SUFFIXES,
    TITLE_LEVEL_WORDS,
)

__all__ = ["HomeBasis", "HomeEvidence", "InferredHome", "Written", "infer_home", "newsroom_names"]

log = logging.getLogger(__name__)


class HomeBasis(StrEnum):
    """What in the text gave an article's home."""

    NEWSROOM = "newsroom"
    HOME_WORD = "home word before a place"
    ONLY_OF_LEVEL = "the only division of its level"
    MOST_OF_LEVEL = "the division of its level written most"


class InferredHome(Frozen):
    """The home an article's text implies, and the evidence (``宁陕融媒讯``, ``我市中阳县``, ``县长: 城口 (5×)``)."""

    place: PlaceLink
    basis: HomeBasis
    evidence: str

    @property
    def stated(self) -> bool:
        """Whether the text states it (its newsroom, a home word), rather than it being read from the places written."""
        return self.basis in (HomeBasis.NEWSROOM, HomeBasis.HOME_WORD)

    @property
    def label(self) -> str:
        """The basis and the evidence: ``newsroom: dateline 宁陕融媒``."""
        return f"{self.basis.value}: {self.evidence}"


@dataclass(frozen=True)
class Written:
    """A division (province, city or county) the article writes, how it first writes it, and how often.

    ``full``: written at least once by its full or former name (``城口县``), not only by a short one.
    """

    place: PlaceLink
    form: str
    count: int
    full: bool


@dataclass(frozen=True)
class HomeEvidence:
    """What the linker found in one article for its home.

    Attributes:
        newsroom: Divisions the newsroom names, each with what names it (``dateline 梨树时报讯``).
        home_words: Each home word written right before a division (``我市``, and 中阳县's link).
        levels: The level words of the article's bare titles and home words (``县`` of ``县长``, ``我县``).
        written: The provinces, cities and counties the text writes.
    """

    newsroom: Sequence[tuple[PlaceLink, str]] = ()
    home_words: Sequence[tuple[str, PlaceLink]] = ()
    levels: Sequence[str] = ()
    written: Sequence[Written] = ()


_NAME = r"([\u4e00-\u9fa5]{2,10}?(?:" + "|".join(sorted(NEWSROOM_SUFFIXES, key=len, reverse=True)) + "))"
_TAKEN_FROM_RE = re.compile("(?:" + "|".join(NEWSROOM_BEFORE) + r")\s*" + _NAME)
_WRITER_RE = re.compile("|".join(NEWSROOM_AFTER))
_NAME_AT_END_RE = re.compile(_NAME + r"\s*$")


def newsroom_names(text: str) -> list[str]:
    """Newsrooms the text names as its own: taken from one (``摘自吕梁日报``), or writing (``宁夏日报记者``).

    >>> newsroom_names("本报讯(宁夏日报记者 甲)……摘自吕梁日报2014年4月25日第1版")
    ['宁夏日报', '吕梁日报']
    >>> newsroom_names("据某某日报报道,……"), newsroom_names("光明日报记者")  # quoted; a national paper
    ([], [])
    """
    found = [(m.start(1), m.group(1)) for m in _TAKEN_FROM_RE.finditer(text)]
    for w in _WRITER_RE.finditer(text):  # the newsroom's name right before 记者, 讯 …
        m = _NAME_AT_END_RE.search(text, max(0, w.start() - 16), w.start())
        if m:
            found.append((m.start(1), m.group(1)))
    return [name for _, name in sorted(set(found)) if not name.endswith(NATIONAL_NEWSROOMS)]


def _on_one_path(places: Sequence[PlaceLink]) -> PlaceLink | None:
    """The deepest of some divisions when each lies inside the next deeper one; None when they part."""
    deepest = max(places, key=lambda p: len(p.path), default=None)
    if deepest is None or not all(deepest.within(p) for p in places):
        return None
    return deepest


def infer_home(
    ev: HomeEvidence,
    fits: Callable[[PlaceLink, str], bool],
    above: Callable[[PlaceLink], Sequence[PlaceLink]],
) -> InferredHome | None:
    """The article's home from its evidence, or None when the evidence does not decide.

    Args:
        ev: The evidence the linker gathered.
        fits: Whether a division is one a level word stands for (``县``: a county named …县).
        above: The divisions above one, nearest first.

    >>> city = PlaceLink(name="吕梁市", adcode="141100", level=Level.CITY, path=("山西省", "吕梁市"))
    >>> county = PlaceLink(name="中阳县", adcode="141129", level=Level.COUNTY, path=(*city.path, "中阳县"))
    >>> fits = lambda p, w: p.name.endswith(w)
    >>> infer_home(HomeEvidence(home_words=[("我市", county)]), fits, lambda p: [city]).label
    'home word before a place: 我市中阳县'
    >>> only = HomeEvidence(levels=["县"], written=[Written(county, "中阳", 2, False)])
    >>> infer_home(only, fits, lambda p: [city]).label
    'the only division of its level: 县: 中阳 (2×)'
    >>> infer_home(HomeEvidence(levels=["县"], written=[Written(county, "中阳", 1, False)]), fits, lambda p: [])
    """
    if ev.newsroom:
        home = _on_one_path([p for p, _ in ev.newsroom])
        if home is not None:
            label = next(what for p, what in ev.newsroom if p == home)
            return InferredHome(place=home, basis=HomeBasis.NEWSROOM, evidence=label)
    homes: dict[str, tuple[PlaceLink, str]] = {}
    for word, place in ev.home_words:
        level_word = HOME_LEVEL_WORDS.get(word)
        up = next((p for p in (place, *above(place)) if level_word and fits(p, level_word)), None)
        if up is not None:
            homes.setdefault(up.key, (up, word + place.name))
    if len(homes) == 1:
        (home, label), *_ = homes.values()
        return InferredHome(place=home, basis=HomeBasis.HOME_WORD, evidence=label)
    if homes:
        log.debug("home words point at %d divisions: no home", len(homes))
    # The deepest level only: a county paper writes both 县长 and 市委书记 bare, and the one
    # city it names may be a visitor's.
    deepest = max(ev.levels, key=_depth, default=None)
    if deepest is None:
        return None
    word = deepest
    named = sorted((w for w in ev.written if (w.full or w.count >= 2) and fits(w.place, word)), key=lambda w: -w.count)
    if len(named) == 1:
        w = named[0]
        return InferredHome(place=w.place, basis=HomeBasis.ONLY_OF_LEVEL, evidence=f"{word}: {w.form} ({w.count}×)")
    if len(named) > 1 and named[0].full and named[0].count >= _DOMINANCE * named[1].count:
        w, runner = named[0], named[1]
        return InferredHome(
            place=w.place,
            basis=HomeBasis.MOST_OF_LEVEL,
            evidence=f"{word}: {w.form} ({w.count}×, {runner.form} {runner.count}×)",
        )
    return None


_DOMINANCE = 2  # the division written most must be written this many times as often as the next


def _depth(word: str) -> int:
    """How deep the division a level word stands for lies (``省`` 0, ``市`` 1, ``县`` 2)."""
    return _LEVELS.index(TITLE_LEVEL_WORDS[word]) if TITLE_LEVEL_WORDS.get(word) in _LEVELS else -1


_LEVELS = (Level.PROVINCE.value, Level.CITY.value, Level.COUNTY.value)
