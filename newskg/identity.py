"""Article identity and content hash: the one home of both.

An article keeps its id across edits, so an edited article replaces its old
version instead of standing beside it:

- read from a ``.txt``/``.md``/``.html`` file: the file path as given plus the
  article's position on the page (0 for a file holding one article);
- read from a ``.jsonl`` record: the record's ``id`` (without one, the file
  path plus the line number, like a page position);
- a part of an oversized article: the article's id plus ``#`` and the part number.

What an article says is fingerprinted separately by :func:`content_hash`: two
reads of the same id with equal hashes give the same extraction, so a cached
extraction is reused only while the hash matches. :func:`text_hash` keys
duplicate detection (the same text counts once, whatever its title).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newskg.model import Article

__all__ = ["article_id", "content_hash", "part_id", "text_hash"]


def _digest(payload: str) -> str:
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]


def article_id(origin: str, position: int | str, record_id: object = None) -> str:
    """The id an article keeps when its text is edited.

    Args:
        origin: The file the article was read from, as given (``str(path)``).
        position: The article's index on its page, or ``line:N`` for a JSONL record without an id.
        record_id: A JSONL record's ``id``; when set it is the id.

    >>> article_id("in/page.md", 2) == article_id("in/page.md", 2) != article_id("in/page.md", 3)
    True
    >>> article_id("in/a.jsonl", "line:4", record_id=17)
    '17'
    """
    if record_id is not None and str(record_id) != "":
        return str(record_id)
    return _digest(json.dumps([origin, str(position)], ensure_ascii=False))


def part_id(parent: str, part: int) -> str:
    """The id of part ``part`` (from 1) of an oversized article.

    >>> part_id("0123456789abcdef", 2)
    '0123456789abcdef#2'
    """
    return f"{parent}#{part}"


def text_hash(text: str) -> str:
    """Fingerprint of an article's text alone: equal texts are duplicates.

    >>> text_hash("区长到台湖镇调研。") == text_hash("区长到台湖镇调研。") != text_hash("区长到台湖镇。")
    True
    """
    return _digest(text)


def content_hash(article: Article) -> str:
    """Fingerprint of everything an article says: text, title, date, source and section.

    Any change to these changes the hash, so the article is extracted again.
    """
    fields = [
        article.text,
        article.title,
        article.date.isoformat() if article.date else None,
        article.source,
        article.section,
    ]
    return _digest(json.dumps(fields, ensure_ascii=False))
