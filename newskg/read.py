"""Read articles from files and folders, splitting newspaper pages into articles.

Reading is streaming: :func:`iter_articles` yields one article at a time and
collects unreadable files as :class:`ReadError` instead of raising, so one
bad file never stops a run over a whole archive.
"""

from __future__ import annotations

import codecs
import errno
import itertools
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newskg.identity import article_id, part_id, text_hash
from newskg.model import Article
from newskg.names.dates import checked_date, header_sources, strip_header
from newskg.outdir import is_output_folder
from newskg.webpage import read_html

__all__ = [
    "SUFFIXES",
    "FirstReads",
    "ReadError",
    "ReadReport",
    "ReadWarning",
    "decode_bytes",
    "expand_paths",
    "iter_articles",
    "parse_date",
    "read_file",
    "read_jsonl",
    "split_page",
]

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# C0/C1 controls except tab and newline, zero-width characters, and the noncharacters U+FFFE/U+FFFF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffe\uffff]")
# What XML 1.0 (GraphML) and UTF-8 files cannot hold: C0 controls but tab and line ends, lone
# surrogates (a JSON escape such as \ud800), U+FFFE and U+FFFF. A JSONL record holding one is cleaned, named.
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_FILE_MAX = 512 * 1024 * 1024
_TITLE_MAX = 64  # a headline with its subtitle on one line ("甲调研时强调 坚定信心 勇挑重担 …")
MAX_ARTICLE_CHARS = 50_000  # longer texts are cut at paragraph ends into numbered parts
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")


class ReadError(Exception):
    """A file or record that could not be read, with the reason in one line.

    ``unread`` names the file or folder whose content this error kept from
    being read (an unreadable file, a record that is not UTF-8 or not JSON):
    ``build --update`` keeps the cached articles of it. Empty when the input is
    gone or holds no article (then its cached articles go).
    """

    def __init__(self, path: str, reason: str, unread: str = "") -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.unread = unread


@dataclass(frozen=True)
class ReadWarning:
    """Something read but doubtful (an impossible date, say): the article is kept.

    ``repaired``: the record held characters no output can carry and was
    cleaned; the input is faulty, so the run ends with exit code 2.
    """

    path: str
    message: str
    repaired: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class ReadReport:
    """What a read pass saw: files read, errors, warnings, duplicate articles skipped."""

    files: int = 0
    articles: int = 0
    duplicates: int = 0
    errors: list[ReadError] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)

    @property
    def repaired(self) -> list[ReadWarning]:
        """The warnings of records that were cleaned to be kept."""
        return [w for w in self.warnings if w.repaired]


def parse_date(value: str | None) -> date | None:
    """Parse ``2024-12-27``, ``2024/12/27`` or ``2024年12月27日``; None if absent or invalid."""
    return checked_date(value)[0]


_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ODD_MAX = 0.05  # above this share of unusual characters a decoding is doubtful


def _usual(ch: str) -> bool:
    """Characters Chinese news is made of: ideographs, CJK and general punctuation, full width, Latin."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or o >= 0x20000
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFF60
        or 0xFFE0 <= o <= 0xFFEF
        or 0x2000 <= o <= 0x206F
        or 0xA0 <= o <= 0x24F
    )


def _odd_share(text: str) -> float:
    """Share of non-ASCII characters that are unusual in Chinese news (kana, Greek, box drawing, ...).

    >>> _odd_share("区委书记孟景伟到漷县镇调研。")
    0.0
    >>> _odd_share("跋〆癘﹕春岸ㄊぱ穨Τ") > 0.3  # Big5 bytes read as GB18030
    True
    """
    chars = [c for c in text if ord(c) > 127 and not c.isspace()]
    return sum(not _usual(c) for c in chars) / len(chars) if chars else 0.0


def _plain_gb(text: str) -> bool:
    """Whether GB18030-decoded text reads as simplified Chinese: few unusual characters, ideographs from GB2312."""
    if _odd_share(text) > 0.01:
        return False
    ideographs = [c for c in text if 0x3400 <= ord(c) <= 0x9FFF]
    common = 0
    for c in ideographs:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return not ideographs or common / len(ideographs) >= 0.9


def _detect(raw: bytes, path: str) -> str:
    """Decode with charset-normalizer; a doubtful result is an error, not garbage in the graph."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise ReadError(
            path, "undecodable bytes: not UTF-8, GB18030 or another encoding the detector knows", unread=path
        )
    text = str(best)
    odd = _odd_share(text)
    if odd > _ODD_MAX:
        raise ReadError(
            path,
            f"doubtful encoding: read as {best.encoding}, {odd:.0%} of its characters are unusual "
            "for Chinese text; convert the file to UTF-8",
            unread=path,
        )
    log.info("%s: decoded as %s", path, best.encoding)
    return text


def decode_bytes(raw: bytes, path: str) -> str:
    """Decode a text file: UTF-8 and GB18030 first (fast), a byte-order mark, else a detector (Big5, ...).

    Raises:
        ReadError: For empty, binary, undecodable or doubtfully decoded content.
    """
    if not raw.strip():
        raise ReadError(path, "empty file")
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ReadError(
                path, f"undecodable bytes: invalid {encoding} after its byte-order mark", unread=path
            ) from exc
        if encoding != "utf-8-sig" and _odd_share(text) > _ODD_MAX:
            raise ReadError(
                path,
                f"doubtful encoding: a {encoding.upper()} byte-order mark, but the text read with it is unusual",
                unread=path,
            )
    elif b"\x00" in raw[:8192]:
        raise ReadError(path, "binary file (NUL bytes), not text", unread=path)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                text = ""
            # Big5 and other CJK encodings decode as GB18030 too, into garbage; check before trusting it.
            if not text or not _plain_gb(text):
                text = _detect(raw, path)
    if not text.strip():
        raise ReadError(path, "empty file")
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".html", ".htm"):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _make_article(
    title: str,
    body: str,
    source: str,
    aid: str,
    section: str = "",
    when: date | None = None,
    fallback: date | None = None,
    warnings: list[ReadWarning] | None = None,
    headers: Sequence[str] = (),
) -> Article | None:
    # A header line ("2019-06-12 09:41:07", "发布时间:...", "2022-09-14 来源:...") is metadata, not text;
    # one with an impossible date (2024-13-45) stays text, with a warning. Its publisher is kept.
    problems: list[str] = []
    removed = list(headers)
    lines, header = strip_header(body.strip("\n").split("\n"), problems=problems, removed=removed)
    when = when or header
    if warnings is not None:
        warnings.extend(ReadWarning(source, f"article {title.strip()!r}: {problem}") for problem in problems)
    text = "\n".join(lines).strip()
    if not text:
        return None
    return Article(
        id=aid,
        title=title.strip(),
        text=text,
        date=when or fallback,
        source=source,
        section=section,
        origin=source,
        publishers=tuple(dict.fromkeys(p for line in removed for p in header_sources(line))),
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
        art.model_copy(update={"id": part_id(art.id, i), "text": p, "title": f"{art.title} ({i}/{len(pieces)})"})
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


def split_page(text: str, source: str, warnings: list[ReadWarning] | None = None) -> list[Article]:
    """Split a page into articles at ``#``/``##``/``###`` headings.

    A heading with no text before the next heading is a column (section) name,
    given to the articles under it. Text before the first heading is an
    article of its own. An article's id is its position on the page (see
    :mod:`newskg.identity`). O(n) in the page length.
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
        art = _make_article(title, body, source, article_id(source, len(articles)), section, warnings=warnings)
        if art:
            articles.append(art)
    # A page has one date: from a date line in any article, else from the file name.
    page_date = next((a.date for a in articles if a.date), None) or _file_date(source)
    return [a if a.date else a.model_copy(update={"date": page_date}) for a in articles]


def _first_line_title(body: str, source: str = "") -> tuple[str, str]:
    r"""A short first line without closing punctuation is the title; it leaves the body.

    Without one, the title is the file's name (``""`` when there is no file).

    >>> _first_line_title("区长调研经开区\n3月5日,区长到经开区调研。")
    ('区长调研经开区', '3月5日,区长到经开区调研。')
    >>> _first_line_title("3月5日,区长到经开区调研。\n区长指出……。", "a/b.txt")
    ('b', '3月5日,区长到经开区调研。\n区长指出……。')
    """
    stripped = body.strip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if first and rest.strip() and len(first) <= _TITLE_MAX and not re.search(r"[。！？!?”]$", first):
        return first, rest
    return (Path(source).stem if source else ""), body


def _headline_and_body(text: str, removed: list[str], source: str = "") -> tuple[str, str, date | None]:
    """A text's header line taken out (appended to ``removed``, its date returned), then its headline and body."""
    lines, header = strip_header(text.split("\n"), removed=removed)
    title, body = _first_line_title("\n".join(lines), source)
    return title, body, header


def read_jsonl(raw: bytes, source: str, first_line: int = 1) -> Iterator[Article | ReadError | ReadWarning]:
    """The articles of JSONL bytes from file ``source`` whose first line is line ``first_line`` of the file.

    A record without an ``id`` is identified by its file and line number, so a
    byte range of a big file (the cluster build) gives the same ids as the whole file.
    One bad record costs that record only: a line that is not UTF-8 or not JSON
    is skipped, and characters no output can hold are removed, each named by
    file and line (see :func:`_jsonl_lines`).
    """
    return (item for _, item in _read_jsonl(raw, source, first_line))


_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _jsonl_lines(raw: bytes, source: str, first_line: int) -> Iterator[tuple[int, str | ReadError]]:
    """The numbered lines of JSONL bytes as text; a line that is not UTF-8 is a :class:`ReadError`.

    UTF-8 is read line by line, so one bad record (a crawler's cut-off last
    line, a stray byte) costs only itself. A file none of whose non-ASCII lines
    is UTF-8, and most of whose lines fail, is in another encoding: it is
    decoded whole as :func:`decode_bytes` decodes text files.
    """
    if not raw.strip():
        raise ReadError(source, "empty file")
    if not any(raw.startswith(bom) for bom, _ in _BOMS):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            lines: list[str | ReadError] = []
            utf8 = failed = 0
            for n, chunk in enumerate(raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"), first_line):
                try:
                    lines.append(chunk.decode("utf-8"))
                    utf8 += not chunk.isascii()
                except UnicodeDecodeError as exc:
                    failed += 1
                    cut = " (cut off: a truncated record?)" if exc.reason == "unexpected end of data" else ""
                    reason = f"not UTF-8 at byte {exc.start} of the line{cut}; record skipped"
                    lines.append(ReadError(f"{source}:{n}", reason, unread=source))
            if utf8 or failed * 2 < sum(1 for x in lines if not isinstance(x, str) or x.strip()):
                yield from enumerate(lines, first_line)
                return
        else:
            yield from enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), first_line)
            return
    yield from enumerate(decode_bytes(raw, source).split("\n"), first_line)


def _read_jsonl(
    raw: bytes, source: str, first_line: int = 1
) -> Iterator[tuple[str, Article | ReadError | ReadWarning]]:
    """(file:line, item) pairs of :func:`read_jsonl`."""
    for n, line in _jsonl_lines(raw, source, first_line):
        where = f"{source}:{n}"
        if isinstance(line, ReadError):
            yield where, line
            continue
        if not line.strip():
            continue
        cleaned = ["control characters"] if _RAW_CONTROL.search(line) else []
        line = _CONTROL.sub("", line)
        try:
            rec = json.loads(line)
            body = rec["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            yield where, ReadError(where, f"bad JSON line ({type(exc).__name__}: {exc})", unread=source)
            continue
        if not isinstance(body, str):
            yield where, ReadError(where, f'"text" is {json.dumps(body)}, not a string; record skipped')
            continue
        unfit = sorted(k for k, v in rec.items() if isinstance(v, str) and _UNFIT.search(v))
        if unfit:  # JSON escapes (\u0000, \ud800, \ufffe ...) that GraphML and UTF-8 files cannot hold
            rec = {k: _UNFIT.sub("", v) if isinstance(v, str) else v for k, v in rec.items()}
            body = rec["text"]
            cleaned.append(f"characters XML cannot hold (in {', '.join(unfit)})")
        if cleaned:
            yield where, ReadWarning(where, f"{' and '.join(cleaned)} removed; record kept", repaired=True)
        when, problem = checked_date(rec.get("date"))
        if problem:
            yield where, ReadWarning(where, problem)
        warnings: list[ReadWarning] = []
        title = str(rec.get("title") or "")
        headers: list[str] = []
        if not title:
            # Crawlers often deliver the headline as the text's first line, or a header line before it
            # ("2015-03-12 17:04:59", "来源:… 日期:…"): read as a file's text is, that line is the date.
            title, body, header = _headline_and_body(body, headers)
            when = when or header
        art = _make_article(
            title,
            body,
            str(rec.get("source") or source),
            article_id(source, f"line:{n}", rec.get("id")),
            when=when,
            warnings=warnings,
            headers=headers,
        )
        for w in warnings:
            yield where, w
        if art is None:
            yield where, ReadError(where, "empty text")
            continue
        if rec.get("home"):
            art = art.model_copy(update={"home": str(rec["home"])})  # what 我区/我县 mean in this source
        for part in _parts(art.model_copy(update={"origin": source})):
            yield where, part


def read_file(path: Path) -> Iterator[Article | ReadError | ReadWarning]:
    """The articles of one file in reading order, with its read errors and warnings in line."""
    return (item for _, item in _read_file(path))


def _read_file(path: Path) -> Iterator[tuple[str, Article | ReadError | ReadWarning]]:
    """(where, item) pairs of :func:`read_file`: where is ``file:line`` for a JSONL record, else the file."""
    source = str(path)
    try:
        if path.stat().st_size > _TEXT_FILE_MAX:
            yield source, ReadError(source, "file larger than 512 MB", unread=source)
            return
        raw = path.read_bytes()
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(raw, source)
            return
        text = decode_bytes(raw, source)
    except ReadError as err:
        yield source, err
        return
    except FileNotFoundError:  # removed since the folder was listed: gone, like a file not there at all
        yield source, ReadError(source, "no such file or folder")
        return
    except OSError as exc:
        yield source, ReadError(source, f"cannot read ({exc.strerror or exc})", unread=source)
        return
    for item in _text_articles(path, text):
        yield source, item


def _text_articles(path: Path, text: str) -> Iterator[Article | ReadError | ReadWarning]:
    """The articles of a decoded text, Markdown or HTML file."""
    source = str(path)
    articles: list[Article] = []
    warnings: list[ReadWarning] = []
    page = read_html(text) if _looks_like_html(path, text) else None
    if page is not None:
        text = page.text
    if page is not None and page.main_content:  # one article: the page's main text
        title, body = (page.title, text) if page.title else _first_line_title(text, source)
        single = _make_article(
            title,
            body,
            source,
            article_id(source, 0),
            when=page.date,
            fallback=_file_date(source),
            warnings=warnings,
        )
        articles = [single] if single else []
    elif any(_HEADING.match(line) for line in text.split("\n")):
        articles = split_page(text, source, warnings)
    else:
        removed: list[str] = []
        title, body, header = _headline_and_body(text, removed, source)
        single = _make_article(
            title,
            body,
            source,
            article_id(source, 0),
            when=header,
            fallback=_file_date(source),
            warnings=warnings,
            headers=removed,
        )
        articles = [single] if single else []
    yield from warnings
    if not articles:
        yield ReadError(source, "no article text (only headings, whitespace or markup)")
    for art in articles:
        if not _WORDLIKE.search(art.text):
            yield ReadError(source, f"article {art.title!r} has no letters or digits, only punctuation/symbols")
        else:
            yield from _parts(art)


def _walk(folder: Path, skip: frozenset[Path]) -> Iterator[Path | ReadError]:
    """Article files under ``folder`` in sorted order, following folder links.

    A subfolder that cannot be listed, a broken link and a link loop (a link
    back to a folder it lies in) are errors. Output and staging folders (see
    :func:`newskg.outdir.is_output_folder`) and the folders in ``skip`` are
    left out, and so are the files in ``skip``: a build whose output lies in its
    input never reads it back.
    O(files + folders).
    """
    found: list[Path] = []
    errors: list[ReadError] = []

    def unreadable(exc: OSError) -> None:
        path = exc.filename or str(folder)
        errors.append(ReadError(path, f"cannot read folder ({exc.strerror or exc})", unread=path))

    names = {p.name for p in skip}
    # The real folders on the way to each folder walked: a link to one of them is a loop.
    above: dict[str, frozenset[Path]] = {os.fspath(folder): frozenset({folder.resolve()})}
    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        here = Path(root)
        chain = above.pop(root, frozenset())
        kept: list[str] = []
        for name in sorted(dirs):
            p = here / name
            real = p.resolve()
            if real in skip or is_output_folder(p):
                continue
            if real in chain:
                errors.append(ReadError(str(p), f"link loop (it leads back to {real}); not followed"))
                continue
            above[os.path.join(root, name)] = chain | {real}  # the path os.walk gives that folder
            kept.append(name)
        dirs[:] = kept  # sorted, so that the walk (and which copy of a folder read twice is first) is stable
        for name in files:
            p = here / name
            if p.is_symlink() and not p.exists():
                if not name.startswith(".#") and (not p.suffix or p.suffix.lower() in SUFFIXES):  # .#x: editor locks
                    errors.append(ReadError(str(p), _broken_link(p)))
            elif p.suffix.lower() in SUFFIXES and p.is_file() and not (name in names and p.resolve() in skip):
                found.append(p)
    found.sort()
    errors.sort(key=lambda e: e.path)
    yield from errors
    if not found and not errors:
        yield ReadError(str(folder), f"no {'/'.join(SUFFIXES)} files in folder")
    yield from found


def _broken_link(link: Path) -> str:
    """Why a link leads nowhere: a loop of links, or a target that is not there."""
    try:
        link.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "link loop (links that lead to each other); not followed"
    return f"broken link (to {os.readlink(link)})"


def expand_paths(paths: Iterable[Path | str], skip: Iterable[Path | str] = ()) -> Iterator[Path | ReadError]:
    """The article files under ``paths`` in reading order; missing paths and empty folders as errors.

    Folders and files in ``skip`` (a run's output inside an input folder) are left out.
    """
    return _expand((Path(p) for p in paths), frozenset(Path(p).resolve() for p in skip))


def _expand(paths: Iterable[Path], skip: frozenset[Path] = frozenset()) -> Iterator[Path | ReadError]:
    for path in paths:
        if path.is_dir():
            yield from _walk(path, skip)
        elif path.is_file():
            yield path
        else:
            yield ReadError(str(path), "no such file or folder")


@dataclass
class FirstReads:
    """The rule that reads each article once: the first read of a text wins, and an id names one text.

    A later article with a text already read is a duplicate (counted); a later
    article with an id already taken by another text is an error (skipped).
    Fed in reading order; the cluster build feeds it only the articles whose
    text or id occurs more than once, which gives the same verdicts.
    """

    texts: set[str] = field(default_factory=set)
    ids: dict[str, str] = field(default_factory=dict)

    def admit(self, aid: str, thash: str, label: str, where: str, report: ReadReport) -> bool:
        """Whether the article is read; a duplicate or an id clash (named by ``where``) goes to ``report``. O(1)."""
        if thash in self.texts:
            report.duplicates += 1
            return False
        if aid in self.ids:
            err = ReadError(where, f"id {aid!r} is used again, by {self.ids[aid]!r} too; skipped")
            report.errors.append(err)
            log.warning("%s", err)
            return False
        self.texts.add(thash)
        self.ids[aid] = label
        return True


def iter_articles(
    paths: Iterable[Path | str], report: ReadReport | None = None, skip: Iterable[Path | str] = ()
) -> Iterator[Article]:
    """Yield the articles under ``paths`` once each, in a stable order.

    Args:
        paths: Files or folders; folders are searched recursively for known suffixes (see :func:`_walk`).
        report: Filled with counts, warnings and the errors of files or records that were skipped.
        skip: Folders and files to leave out of folder walks (the run's own output).

    Yields:
        Articles; an article whose text was already seen in this pass is skipped as a duplicate.
    """
    rep = report if report is not None else ReadReport()
    first = FirstReads()
    for item in expand_paths(paths, skip):
        if isinstance(item, ReadError):
            rep.errors.append(item)
            log.warning("%s", item)
            continue
        rep.files += 1
        for where, art in _read_file(item):
            if isinstance(art, ReadError):
                rep.errors.append(art)
                log.warning("%s", art)
            elif isinstance(art, ReadWarning):
                rep.warnings.append(art)
                log.warning("%s", art)
            elif first.admit(art.id, text_hash(art.text), art.title or art.origin, where, rep):
                rep.articles += 1
                yield art
