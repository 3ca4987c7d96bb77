"""Length-preserving text normalization.

Every function here maps one character to one character, so character
offsets computed on normalized text stay valid on the original text.
"""

from __future__ import annotations

__all__ = ["normalize_char", "normalize_name", "normalize_text"]

_BRACKETS = {"（": "(", "）": ")", "【": "[", "】": "]", "〔": "(", "〕": ")"}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def normalize_char(ch: str) -> str:
    """Map one character to its half-width, ASCII-bracket form.

    Args:
        ch: A single character.

    Returns:
        A single character; zero-width characters become a plain space.
    """
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000 or ch in _ZERO_WIDTH:
        return " "
    return _BRACKETS.get(ch, ch)


def normalize_text(text: str) -> str:
    """Normalize widths and brackets of a whole text, keeping its length. O(n)."""
    return "".join(normalize_char(c) for c in text)


def normalize_name(name: str) -> str:
    """Canonical form of an entity name: normalized, no spaces or quotes."""
    out = normalize_text(name)
    for junk in (" ", "\t", "\n", "“", "”", '"', "'", "‘", "’", "《", "》", "·"):
        if junk == "·":
            continue  # keep the middle dot of transliterated names
        out = out.replace(junk, "")
    return out.strip()
