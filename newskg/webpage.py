"""Read a saved news web page: main text, title and date, without the site's boilerplate.

Navigation, breadcrumbs, share bars, related links and footers are site
furniture, not article text; left in, their names would become entities.
trafilatura (a maintained main-content extractor) keeps the article body and
reads the title and publication date from the page's metadata (``<meta>``,
Open Graph, JSON-LD) or its byline. When it finds no main text, a plain
strip of all markup is the fallback, with ``h1``-``h3`` kept as ``#``
headings so that a page of several articles can still be split.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import Any, ClassVar

__all__ = ["WebPage", "read_html", "strip_html"]

log = logging.getLogger(__name__)

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class WebPage:
    """What a page holds: ``main_content`` is False when only the fallback strip found text."""

    title: str
    text: str
    date: date | None
    main_content: bool


class _TextOnly(HTMLParser):
    _SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "head", "template"}
    _BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag in {"h1", "h2", "h3"} and not self._skip:
            self.parts.append("#" * int(tag[1]) + " ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_html(markup: str) -> str:
    """All text of a page, one block per line, ``h1``-``h3`` as ``#`` headings (the fallback).

    >>> strip_html("<h1>标题</h1><p>正文。</p><script>x()</script>")
    '# 标题\\n正文。'
    """
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    lines = (line.strip() for line in html.unescape("".join(parser.parts)).split("\n"))
    return "\n".join(line for line in lines if line)


def _iso_date(value: str | None) -> date | None:
    m = _ISO_DATE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_html(markup: str) -> WebPage:
    """The main text, title and date of a page; the fallback strip if no main text is found."""
    import trafilatura

    doc: Any  # a trafilatura Document (a dict only when asked for one)
    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            favor_precision=True,  # news pages: rather lose a caption than keep a menu
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": True, "original_date": True},
        )
    except Exception as exc:  # any parser failure falls back to the plain strip
        log.warning("main-content extraction failed (%s); reading all text of the page", exc)
        doc = None
    text = (doc.text or "").strip() if doc is not None else ""
    if doc is None or not text:
        return WebPage("", strip_html(markup), None, main_content=False)
    title = (doc.title or "").strip()
    first, _, rest = text.partition("\n")
    if title and _compact(first) == _compact(title) and rest.strip():
        text = rest.strip()  # the headline printed above the body
    return WebPage(title, text, _iso_date(doc.date), main_content=True)
