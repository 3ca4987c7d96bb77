"""Length-preserving text normalization.

Every function here maps one character to one character, so character
offsets computed on normalized text stay valid on the original text.
"""

from __future__ import annotations

__all__ = ["normalize_char", "normalize_name", "normalize_text"]

_BRACKETS = {"（": "(", "）": ")", "【": "[", "】": "]", "〔": "(", "〕": ")"}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
# One table for str.translate (a C loop): full-width ASCII forms shift down, the ideographic space and
# zero-width characters become a space, brackets go ASCII. Every entry maps one character to one.
_TABLE: dict[int, str] = {
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    **{ord(z): " " for z in (*_ZERO_WIDTH, "\u3000")},
    **{ord(k): v for k, v in _BRACKETS.items()},
}


def normalize_char(ch: str) -> str:
    """Map one character to its half-width, ASCII-bracket form.

    Args:
        ch: A single character.

    Returns:
        A single character; zero-width characters become a plain space.

    >>> normalize_char("Ａ"), normalize_char("（"), normalize_char("\u3000")
    ('A', '(', ' ')
    """
    return ch.translate(_TABLE)


def normalize_text(text: str) -> str:
    """Normalize widths and brackets of a whole text, keeping its length. O(n).

    >>> normalize_text("２０２４年（上）")
    '2024年(上)'
    """
    return text.translate(_TABLE)


def normalize_name(name: str) -> str:
    """Canonical form of an entity name: normalized, no spaces or quotes."""
    out = normalize_text(name)
    for junk in (" ", "\t", "\n", "“", "”", '"', "'", "‘", "’", "《", "》", "·"):
        if junk == "·":
            continue  # keep the middle dot of transliterated names
        out = out.replace(junk, "")
    return out.strip()
