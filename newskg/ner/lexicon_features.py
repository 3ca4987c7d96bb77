"""Per-character lexicon features for the NER model (SoftLexicon-style, simplified).

For each word list, every character gets the position of the word of that
list that covers it: none, B(egin), M(iddle), E(nd) or S(ingle). Words are
found by forward maximum matching with a prefix set, so a pass is
O(n * longest word) and usually about O(n). The model embeds each list's
positions and learns how far to trust them, instead of the rules filtering
by the gazetteer.

The word lists are not written here: division and town names come from
:mod:`newskg.names.gazetteer` (jionlp's ``china_location``), organization
suffix words from :mod:`newskg.names.lexicon`. There is no list of world
regions or countries in the project, so none is used.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["LEXICONS", "NONE", "POSITIONS", "B", "E", "M", "S", "WordList", "bmes_ids", "lexicon_text", "word_list"]

NONE, B, M, E, S = 0, 1, 2, 3, 4  # 0 is also the padding id
POSITIONS = 5  # ids per list
# The lists a lexicon model uses, in the order of their embeddings.
LEXICONS = ("division", "town", "org_suffix")
_BARRIER = "\0"  # stands for a token that is not one character (a domain token): no word crosses it


@dataclass(frozen=True)
class WordList:
    """Words to match, with every prefix of every word (the matcher stops where no word goes on)."""

    words: frozenset[str]
    prefixes: frozenset[str]

    @classmethod
    def of(cls, words: Iterable[str]) -> WordList:
        """The list of these words; words under two characters are left out (too ambiguous).

        >>> wl = WordList.of(["北京市", "通州", "市"])
        >>> sorted(wl.words), sorted(wl.prefixes)
        (['北京市', '通州'], ['北', '北京', '北京市', '通', '通州'])
        """
        kept = frozenset(w for w in words if len(w) >= 2 and _BARRIER not in w)
        return cls(kept, frozenset(w[:k] for w in kept for k in range(1, len(w) + 1)))


def bmes_ids(text: str, words: WordList) -> list[int]:
    """Per character, its position in the word of ``words`` that covers it (forward maximum matching).

    At each position the longest word starting there is taken and the scan
    goes on after it; a character no word covers gets ``NONE``. O(n * longest word).

    >>> wl = WordList.of(["北京", "北京市", "通州区", "有限公司"])
    >>> bmes_ids("在北京市通州区", wl)
    [0, 1, 2, 3, 1, 2, 3]
    >>> bmes_ids("北京有限公司", wl)
    [1, 3, 1, 2, 2, 3]
    >>> bmes_ids("", wl), bmes_ids("北", wl)
    ([], [0])
    """
    n = len(text)
    out = [NONE] * n
    prefixes, found = words.prefixes, words.words
    i = 0
    while i < n:
        end, j = 0, i + 1
        while j <= n and text[i:j] in prefixes:
            if text[i:j] in found:
                end = j
            j += 1
        if not end:
            i += 1
            continue
        if end - i == 1:
            out[i] = S
        else:
            out[i] = B
            out[i + 1 : end - 1] = [M] * (end - i - 2)
            out[end - 1] = E
        i = end
    return out


def lexicon_text(tokens: Sequence[str]) -> str:
    """The tokens as one string of one character each; a longer token (``[NEWS]``) becomes a barrier.

    >>> lexicon_text(["[NEWS]", "北", "京"]) == "\\0北京"
    True
    """
    return "".join(t if len(t) == 1 else _BARRIER for t in tokens)


@functools.cache
def word_list(name: str) -> WordList:
    """One of :data:`LEXICONS`, read once per process (the gazetteer's take about a second).

    ``division``: province, city and county names, full, short (as the dataset gives them) and former;
    ``town``: town names as the dataset writes them (宋庄镇, 北坝街道);
    ``org_suffix``: words that end an organization's name (``ORG_SUFFIXES``: 有限公司, 委员会, 医院).

    Raises:
        ValueError: For a name not in :data:`LEXICONS`.
        GazetteerError: The gazetteer's dataset packages are missing.
    """
    if name == "org_suffix":
        from newskg.names.lexicon import ORG_SUFFIXES

        return WordList.of(ORG_SUFFIXES)
    if name in ("division", "town"):
        from newskg.names.gazetteer import Level, load_gazetteer

        levels = (Level.TOWN,) if name == "town" else (Level.PROVINCE, Level.CITY, Level.COUNTY)
        return WordList.of(load_gazetteer().names(levels))
    raise ValueError(f"unknown lexicon {name!r}; known: {', '.join(LEXICONS)}")
