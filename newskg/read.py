"""Read articles from files and folders, splitting newspaper pages into articles.

Reading is streaming: :func:`iter_articles` yields one article at a time and
collects unreadable files as :class:`ReadError` instead of raising, so one
bad file never stops a run over a whole archive.
"""

from __future__ import annotations

import html
import itertools
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from newskg.model import Article, article_id
from newskg.names.dates import strip_header

__all__ = [
    "SUFFIXES",
    "ReadError",
    "ReadReport",
    "decode_bytes",
    "iter_articles",
    "parse_date",
    "split_page",
]

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
# C0/C1 controls except tab and newline, and zero-width characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_TEXT_FILE_MAX = 512 * 1024 * 1024
MAX_ARTICLE_CHARS = 50_000  # longer texts are cut at paragraph ends into numbered parts
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")


class ReadError(Exception):
    """A file that could not be read, with the reason in one line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class ReadReport:
    """What a read pass saw: files read, errors, duplicate articles skipped."""

    files: int = 0
    articles: int = 0
    duplicates: int = 0
    errors: list[ReadError] = field(default_factory=list)


def parse_date(value: str | None) -> date | None:
    """Parse ``2024-12-27``, ``2024/12/27`` or ``2024年12月27日``; None if absent or invalid."""
    if not value:
        return None
    m = _DATE.search(str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def decode_bytes(raw: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM) or GB18030 text.

    Raises:
        ReadError: For empty, binary or undecodable content.
    """
    if not raw.strip():
        raise ReadError(path, "empty file")
    if b"\x00" in raw[:8192]:
        raise ReadError(path, "binary file (NUL bytes), not text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    raise ReadError(path, "undecodable bytes: neither UTF-8 nor GB18030")


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


def _strip_html(text: str) -> str:
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    lines = (line.strip() for line in html.unescape("".join(parser.parts)).split("\n"))
    return "\n".join(line for line in lines if line)


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _make_article(
    title: str, body: str, source: str, section: str = "", when: date | None = None, fallback: date | None = None
) -> Article | None:
    # A header line ("2019-06-12 09:41:07", "发布时间:...", "2022-09-14 来源:...") is metadata, not text.
    lines, header = strip_header(body.strip("\n").split("\n"))
    when = when or header
    text = "\n".join(lines).strip()
    if not text:
        return None
    return Article(
        id=article_id(text), title=title.strip(), text=text, date=when or fallback, source=source, section=section
    )


def _file_date(path: str) -> date | None:
    m = re.search(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)", Path(path).name)
    return parse_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else None


def _parts(art: Article) -> list[Article]:
    """Cut an oversized article at paragraph ends (hard, if a paragraph is itself too long)."""
    if len(art.text) <= MAX_ARTICLE_CHARS:
        return [art]
    pieces: list[str] = []
    cur = ""
    for para in art.text.split("\n"):
        while len(para) > MAX_ARTICLE_CHARS:
            pieces.append(para[:MAX_ARTICLE_CHARS])
            para = para[MAX_ARTICLE_CHARS:]
        if cur and len(cur) + len(para) + 1 > MAX_ARTICLE_CHARS:
            pieces.append(cur)
            cur = ""
        cur = f"{cur}\n{para}" if cur else para
    if cur.strip():
        pieces.append(cur)
    log.warning("%s: article %r has %d characters; read as %d parts", art.source, art.title, len(art.text), len(pieces))
    return [
        art.model_copy(update={"id": article_id(p), "text": p, "title": f"{art.title} ({i}/{len(pieces)})"})
        for i, p in enumerate(pieces, 1)
        if p.strip()
    ]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _drop_heading_echo(lines: list[str], heading: str, max_lines: int = 4) -> None:
    """Remove trailing lines that repeat the next heading (page layouts print it twice), in place."""
    target = _compact(heading)
    if not target:
        return
    tail = ""
    for i in range(len(lines) - 1, max(-1, len(lines) - 1 - max_lines * 2), -1):
        tail = _compact(lines[i]) + tail
        if tail == target:
            del lines[i:]
            return
        if not target.endswith(tail):
            return


def split_page(text: str, source: str) -> list[Article]:
    """Split a page into articles at ``#``/``##``/``###`` headings.

    A heading with no text before the next heading is a column (section) name,
    given to the articles under it. Text before the first heading is an
    article of its own. O(n) in the page length.
    """
    segments: list[tuple[int, str, list[str]]] = [(0, "", [])]
    for line in text.split("\n"):
        m = _HEADING.match(line)
        if m:
            segments.append((len(m.group(1)), m.group(2), []))
        else:
            segments[-1][2].append(line)
    for (_, _, body_lines), (_, next_heading, _) in itertools.pairwise(segments):
        _drop_heading_echo(body_lines, next_heading)
    articles: list[Article] = []
    sections: dict[int, str] = {}
    for level, heading, body_lines in segments:
        body = "\n".join(body_lines)
        if level and not body.strip():
            sections = {k: v for k, v in sections.items() if k < level}
            sections[level] = heading
            continue
        section = " / ".join(v for k, v in sorted(sections.items()) if k < level or not level)
        title = heading
        if not title:
            title, body = _first_line_title(body, source)
        art = _make_article(title, body, source, section)
        if art:
            articles.append(art)
    # A page has one date: from a date line in any article, else from the file name.
    page_date = next((a.date for a in articles if a.date), None) or _file_date(source)
    return [a if a.date else a.model_copy(update={"date": page_date}) for a in articles]


def _first_line_title(body: str, source: str) -> tuple[str, str]:
    """A short first line without closing punctuation is the title; it leaves the body."""
    stripped = body.strip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if first and rest.strip() and len(first) <= 40 and not re.search(r"[。！？!?”]$", first):
        return first, rest
    return Path(source).stem, body


def _read_jsonl(text: str, source: str) -> Iterator[Article | ReadError]:
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            body = str(rec["text"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            yield ReadError(f"{source}:{n}", f"bad JSON line ({type(exc).__name__}: {exc})")
            continue
        art = _make_article(
            str(rec.get("title") or ""), body, str(rec.get("source") or source), when=parse_date(rec.get("date"))
        )
        if art is None:
            yield ReadError(f"{source}:{n}", "empty text")
            continue
        if rec.get("id"):
            art = art.model_copy(update={"id": str(rec["id"])})
        yield from _parts(art)


def _read_file(path: Path) -> Iterator[Article | ReadError]:
    source = str(path)
    try:
        if path.stat().st_size > _TEXT_FILE_MAX:
            yield ReadError(source, "file larger than 512 MB")
            return
        text = decode_bytes(path.read_bytes(), source)
    except ReadError as err:
        yield err
        return
    except OSError as exc:
        yield ReadError(source, f"cannot read ({exc.strerror or exc})")
        return
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(text, source)
        return
    if _looks_like_html(path, text):
        text = _strip_html(text)
    articles: list[Article] = []
    if any(_HEADING.match(line) for line in text.split("\n")):
        articles = split_page(text, source)
    else:
        lines, header = strip_header(text.split("\n"))
        title, body = _first_line_title("\n".join(lines), source)
        single = _make_article(title, body, source, when=header, fallback=_file_date(source))
        articles = [single] if single else []
    if not articles:
        yield ReadError(source, "no article text (only headings, whitespace or markup)")
    for art in articles:
        if not _WORDLIKE.search(art.text):
            yield ReadError(source, f"article {art.title!r} has no letters or digits, only punctuation/symbols")
        else:
            yield from _parts(art)


def _expand(paths: Iterable[Path]) -> Iterator[Path | ReadError]:
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                yield ReadError(str(path), f"no {'/'.join(SUFFIXES)} files in folder")
            yield from found
        elif path.is_file():
            yield path
        else:
            yield ReadError(str(path), "no such file or folder")


def iter_articles(paths: Iterable[Path | str], report: ReadReport | None = None) -> Iterator[Article]:
    """Yield the articles under ``paths`` once each, in a stable order.

    Args:
        paths: Files or folders; folders are searched recursively for known suffixes.
        report: Filled with counts and the errors of files that were skipped.

    Yields:
        Articles; an article whose id was already seen in this pass is skipped.
    """
    rep = report if report is not None else ReadReport()
    seen: set[str] = set()
    for item in _expand(Path(p) for p in paths):
        if isinstance(item, ReadError):
            rep.errors.append(item)
            log.warning("%s", item)
            continue
        rep.files += 1
        for art in _read_file(item):
            if isinstance(art, ReadError):
                rep.errors.append(art)
                log.warning("%s", art)
            elif art.id in seen:
                rep.duplicates += 1
            else:
                seen.add(art.id)
                rep.articles += 1
                yield art
