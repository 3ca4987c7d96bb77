"""Paragraphs, sentences and clauses with article offsets.

Newspaper text breaks paragraphs at page or column ends ("要充分发" /
"挥协同机制作用"); a paragraph that does not end in closing punctuation is
joined with the next one. Sentence ends inside quotation marks do not split
the sentence, so a quote stays with its speaker ("……。”王玉兰说。").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Segment", "clauses", "display", "heading", "paragraphs", "sentences"]

_CLOSERS = "。！？!?…”」』\"'；;：:)）]"
_ENDS = "。！？!?；;"
_OPEN_Q = "“「『"
_CLOSE_Q = "”」』"
_MAX_SENTENCE = 400  # a sentence longer than this is cut even inside quotes
_HARD_MAX = 500  # and one this long is cut at the next comma, or hard at twice this
_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[,，、。；;:：!！?？“”\"()（）]")
_HEADING_MAX = 40


@dataclass(frozen=True)
class Segment:
    """A span of the article text."""

    start: int
    end: int
    paragraph: int = 0


def display(text: str) -> str:
    """Evidence text for people: line breaks and runs of spaces removed."""
    return _WS.sub("", text)


def paragraphs(text: str) -> list[Segment]:
    """Paragraph spans, with page-break splits joined. O(n)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    out: list[Segment] = []
    for start, end in spans:
        if out and text[out[-1].end - 1] not in _CLOSERS and not heading(text[out[-1].start : out[-1].end]):
            out[-1] = Segment(out[-1].start, end, out[-1].paragraph)
        else:
            out.append(Segment(start, end, len(out)))
    return out


def heading(line: str) -> bool:
    """A short line without any punctuation is a heading or subtitle, not half of a broken sentence.

    >>> heading("紧扣主线紧贴民生推动高质量发展"), heading("据统计,2024年4家公立医院进行了结对共")
    (True, False)
    """
    return len(line) <= _HEADING_MAX and not _PUNCT.search(line)


def sentences(text: str, para: Segment) -> list[Segment]:
    """Sentence spans inside one paragraph, quotes kept whole. O(n)."""
    out: list[Segment] = []
    depth = 0
    start = para.start
    i = para.start
    while i < para.end:
        ch = text[i]
        if ch in _OPEN_Q:
            depth += 1
        elif ch in _CLOSE_Q:
            depth = max(0, depth - 1)
        end_here = ch in _ENDS and depth == 0
        if ch in _ENDS and depth and i - start > _MAX_SENTENCE:
            end_here, depth = True, 0
        if i - start >= _HARD_MAX and (ch in ",，、 " or i - start >= 2 * _HARD_MAX):
            end_here, depth = True, 0  # runaway text without sentence ends
        if end_here:
            # keep trailing closers ("。”" or "！)") with the sentence
            while i + 1 < para.end and text[i + 1] in _CLOSE_Q + ")）":
                i += 1
            out.append(Segment(start, i + 1, para.paragraph))
            start = i + 1
        i += 1
    if start < para.end and text[start : para.end].strip():
        out.append(Segment(start, para.end, para.paragraph))
    return out


def clauses(text: str, sent: Segment) -> list[Segment]:
    """Clause spans of a sentence: split at commas, colons and semicolons outside quotes. O(n)."""
    out: list[Segment] = []
    depth = 0
    start = sent.start
    for i in range(sent.start, sent.end):
        ch = text[i]
        if ch in _OPEN_Q:
            depth += 1
        elif ch in _CLOSE_Q:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ",，;；:：":
            out.append(Segment(start, i, sent.paragraph))
            start = i + 1
    out.append(Segment(start, sent.end, sent.paragraph))
    return out
