"""Python API: one function per CLI command.

Each function does the whole job of its command and returns a typed
result; the CLI only parses arguments, calls one of these and renders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import networkx as nx

from newskg.cypher.loader import Neo4jConfig, Neo4jError, Neo4jWriter, read_rows, run_read_query
from newskg.extract.evaluate import EvalResult, evaluate_records, gold_sources, read_gold, with_publication_dates
from newskg.extract.home import load_sources, with_home
from newskg.extract.pipeline import Extractor, entities_of, tag_texts
from newskg.graph.build import GraphAssembler
from newskg.graph.export import atomic_write, read_graph, write_csv, write_graphml, write_json
from newskg.graph.schema import ARTICLE_ID_PREFIX
from newskg.graph.visits import AmbiguousPlaceError, find_place, visits_from_graph
from newskg.identity import content_hash, text_hash
from newskg.model import Article, ArticleExtraction, Visit, WriteResult
from newskg.names.gazetteer import load_gazetteer
from newskg.ner.backend import HanLPBackend, NerBackend, resolve_model
from newskg.ner.training import TrainConfig, TrainResult, evaluate_model
from newskg.ner.training import train_ner as _train_ner
from newskg.outdir import LockedError, OutputError, check_output_folder, locked, staged, write_error
from newskg.read import ReadReport, iter_articles

__all__ = [
    "OUTPUTS",
    "AmbiguousPlaceError",
    "BuildResult",
    "FailedArticle",
    "LockedError",
    "NerTraining",
    "NoArticlesError",
    "OutputError",
    "RunReport",
    "ViewResult",
    "build",
    "bulk_load",
    "count_articles",
    "evaluate",
    "evaluate_links",
    "export_neo4j_import",
    "extract",
    "extraction_record",
    "load",
    "ner",
    "query",
    "query_rows",
    "train_ner",
    "view",
    "visits",
    "visits_neo4j",
]

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
LoadProgress = Callable[[int, int], None]  # (items written, items in all)
CACHE = "extractions.jsonl"
OUTPUTS = ("graph.graphml", "graph.json", "nodes.csv", "edges.csv", CACHE)


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".newskg-probe-"):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}") from exc


@dataclass(frozen=True)
class FailedArticle:
    """An article that was read but could not be extracted."""

    article_id: str
    title: str
    source: str
    reason: str


@dataclass
class RunReport(ReadReport):
    """What a run saw: the read pass (files, errors, duplicates) and the articles whose extraction failed."""

    failed: list[FailedArticle] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every file was read whole, every record as it was written, and every article extracted."""
        return not self.errors and not self.failed and not self.repaired

    def fail(self, ex: ArticleExtraction) -> None:
        """Record an extraction that failed."""
        art = ex.article
        self.failed.append(FailedArticle(art.id, art.title, art.source, ex.error or "extraction failed"))


class NoArticlesError(RuntimeError):
    """No article could be read; the outputs were left as they were."""

    def __init__(self, out: Path, report: RunReport) -> None:
        super().__init__(f"no article could be read; {out} was left unchanged")
        self.report = report


@dataclass
class BuildResult:
    """What ``build`` did; ``loaded`` is set when the graph was also loaded into Neo4j."""

    out_dir: Path
    files: list[Path]
    articles: int
    new_articles: int
    nodes: int
    edges: int
    graph: nx.MultiDiGraph | None  # None: a cluster build that skipped GraphML (above the size limit)
    report: RunReport = field(default_factory=RunReport)
    loaded: WriteResult | None = None
    reused: int = 0
    removed: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class NerTraining:
    """What ``train_ner`` did: the saved model, and its scores when it was evaluated."""

    result: TrainResult
    scores: dict[str, dict[str, dict[str, float]]] | None = None


def _backend(model: str | Path | None, backend: NerBackend | None) -> NerBackend:
    return backend if backend is not None else HanLPBackend(model)


def _model_identity(model: str | Path | None, backend: NerBackend | None) -> str:
    """What names the NER model of a run in the extraction cache.

    A backend's ``model`` attribute names its model (:class:`HanLPBackend`'s
    is the resolved folder or pretrained id); a backend without one is named
    by its class. A model folder (one holding ``config.json``) is named by a
    SHA-256 of its files, so a retrained model is another model and a copy
    elsewhere is the same one. O(size of the model files).
    """
    name = resolve_model(model) if backend is None else getattr(backend, "model", None)
    if name is None:
        return f"{type(backend).__module__}.{type(backend).__qualname__}"
    folder = Path(name).expanduser()
    if not (folder / "config.json").is_file():
        return str(name)  # a pretrained id, or a folder that is no model (loading it fails with the reason)
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    return f"sha256:{digest.hexdigest()}"


class _CacheLine(ArticleExtraction):
    """One line of the extraction cache: an extraction and the NER model that made it."""

    ner_model: str = ""  # empty in caches of versions that did not record it


def _cache_line(ex: ArticleExtraction, ner_model: str) -> str:
    # model_construct: the extraction is validated already; only the model's name is added.
    return _CacheLine.model_construct(**{**dict(ex), "ner_model": ner_model}).model_dump_json() + "\n"


@dataclass(frozen=True)
class _Cached:
    content_hash: str
    text_hash: str
    origin: str
    ner_model: str
    offset: int


def _cache_index(path: Path) -> dict[str, _Cached]:
    """Where each article's extraction sits in the cache, with its fingerprints. O(cache size)."""
    index: dict[str, _Cached] = {}
    if not path.is_file():
        return index
    offset = 0
    try:
        with path.open("rb") as fh:
            for n, line in enumerate(fh, 1):
                try:
                    ex = _CacheLine.model_validate_json(line)
                except ValueError as exc:
                    log.warning("%s:%d: unreadable cached extraction skipped (%s)", path, n, exc)
                else:
                    art = ex.article
                    # Older versions cached no origin, and failed extractions as a warning: read those again.
                    failed = ex.error is not None or any(w.startswith("NER failed") for w in ex.warnings)
                    if art.origin and not failed:
                        index[art.id] = _Cached(
                            content_hash(art), text_hash(art.text), art.origin, ex.ner_model, offset
                        )
                offset += len(line)
    except OSError as exc:
        raise OutputError(f"cannot read the extraction cache {path}: {exc.strerror or exc}") from exc
    return index


def _cached(fh: IO[bytes], entry: _Cached) -> ArticleExtraction:
    fh.seek(entry.offset)
    return _CacheLine.model_validate_json(fh.readline())


def _within(roots: list[Path]) -> Callable[[str], bool]:
    """Whether a file lies at or under one of ``roots`` (compared as absolute, resolved paths)."""
    resolved = [r.resolve() for r in roots]

    def inside(origin: str) -> bool:
        p = Path(origin).resolve()
        return any(p == r or r in p.parents for r in resolved)

    return inside


def _unread_inputs(report: ReadReport) -> list[tuple[str, Callable[[str], bool]]]:
    """The inputs that are there but could not be read (whole), each with its test of "a file at or under it"."""
    names = dict.fromkeys(e.unread for e in report.errors if e.unread)
    return [(name, _within([Path(name)])) for name in names]


def _extractions(
    articles: Iterable[Article], model: str | Path | None, backend: NerBackend | None, workers: int | None
) -> Iterator[ArticleExtraction]:
    if backend is not None:  # a backend object cannot go to other processes: it runs here, as its caller set it up
        yield from Extractor(backend).extract(articles)
        return
    from newskg.extract.parallel import extract_here, parallel_extract, plan_workers

    n, arts = plan_workers(articles, workers)
    if n > 1:
        yield from parallel_extract(arts, model, n)
    else:
        yield from extract_here(arts, _backend(model, None))


def _homed(articles: Iterable[Article], home: str, sources: Path | str | None) -> Iterator[Article]:
    return with_home(articles, home, load_sources(sources) if sources else None)


def build(
    paths: Sequence[Path | str],
    out_dir: Path | str,
    *,
    model: str | Path | None = None,
    backend: NerBackend | None = None,
    update: bool = False,
    prune: bool = False,
    workers: int | None = None,
    wait: float = 0.0,
    progress: Progress | None = None,
    load: Neo4jConfig | None = None,
    batch_size: int = 1000,
    load_progress: LoadProgress | None = None,
    home: str = "",
    sources: Path | str | None = None,
    cluster: str | Any | None = None,
    graphml: bool | None = None,
    status: Callable[[Any], None] | None = None,
    partition_files: int | None = None,
    partition_bytes: int | None = None,
) -> BuildResult:
    """Read articles, extract, assemble the graph, write all exports and optionally load Neo4j.

    With ``update``, every input is read again and an article whose id and
    content hash are in the cache, extracted by the same NER model, keeps its
    cached extraction; the others are extracted. Cached articles from files
    under ``paths`` that were not read now (deleted files, removed articles)
    are dropped, except those of an input that is there but could not be read
    whole (no permission, a record that is not UTF-8 or not JSON): they are
    kept, with a note in ``notes``. Those from files outside ``paths`` are kept unless ``prune``
    (extracted again from their cached text when another model made them).
    The result equals a full build of the same inputs.

    Args:
        paths: Files or folders of articles.
        out_dir: Receives ``graph.graphml``, ``graph.json``, ``nodes.csv``,
            ``edges.csv`` and the extraction cache used by ``update``.
        model: HanLP model directory or pretrained id (ignored when ``backend`` is given).
        backend: An NER backend to use instead of loading ``model``.
        update: Reuse the extractions cached in ``out_dir`` for unchanged articles.
        prune: With ``update``, also drop cached articles from files outside ``paths``.
        workers: Extraction processes (each loads the model once); None: one per usable core, or this
            process alone for a small input (see :func:`newskg.extract.parallel.plan_workers`).
        wait: Seconds to wait for another run that holds ``out_dir``'s lock.
        progress: Called with the number of articles finished so far.
        home: What 我区/我县/我公司 mean in articles with no home of their own (see :mod:`newskg.extract.home`).
        sources: A sources file mapping source names to homes.
        load: Also load the graph into this Neo4j database.
        batch_size: Rows per Neo4j transaction.
        load_progress: Called with the items loaded so far and the total.
        cluster: Run on Dask (``local:N``, ``tcp://HOST:PORT`` or a ``distributed.Client``): the
            same assembly as tasks over partitions (see :mod:`newskg.cluster.build`); the cache is
            then ``out_dir/extractions/``, the tables also ``nodes.parquet/`` and ``edges.parquet/``.
        graphml: With ``cluster``: force (True) or skip (False) GraphML and JSON; None decides by size.
        status: With ``cluster``: called with a ``ClusterStatus`` after each partition.
        partition_files: With ``cluster``: at most this many files per extraction task.
        partition_bytes: With ``cluster``: about this many bytes per extraction task (big JSONL files are cut).

    Articles whose extraction fails are counted in ``report.failed`` and
    left out of the graph and the cache, so ``update`` tries them again.

    Raises:
        OutputError: If ``out_dir`` cannot be written (nothing in it changed).
        LockedError: If another run is writing ``out_dir``.
        NoArticlesError: If no article could be read (nothing in ``out_dir`` changed).
        newskg.names.gazetteer.GazetteerError: If the division gazetteer's data is missing or corrupt
            (said before anything is read or written).
        newskg.cypher.loader.Neo4jError: If loading fails (the files are written by then).
    """
    out = Path(out_dir)
    load_gazetteer()  # places are linked to divisions: a missing dataset stops the run now, not mid-build
    if cluster is not None:
        return _cluster_build(
            paths, out, cluster, model=model, backend=backend, update=update, prune=prune, wait=wait,
            progress=progress, load=load, batch_size=batch_size, load_progress=load_progress, home=home,
            sources=sources, graphml=graphml, status=status, partition_files=partition_files,
            partition_bytes=partition_bytes,
        )  # fmt: skip
    check_output_folder(out, OUTPUTS)
    report = RunReport()
    asm = GraphAssembler()
    ner_model = _model_identity(model, backend)
    with locked(out, wait), staged(out) as stage, _cache_writer(stage / CACHE, out) as write_cache:
        index = _cache_index(out / CACHE) if update else {}
        in_scope = _within([Path(p) for p in paths])
        done = new = 0
        taken: set[str] = set()  # cached ids kept or reused
        with (out / CACHE).open("rb") if index else open(os.devnull, "rb") as old:

            def finished() -> None:
                nonlocal done
                done += 1
                if progress:
                    progress(done)

            def keep(ex: ArticleExtraction) -> None:
                asm.add(ex)
                write_cache(_cache_line(ex, ner_model))
                finished()

            def extract_all(articles: Iterable[Article]) -> None:
                nonlocal new
                for ex in _extractions(articles, model, backend, workers):
                    if ex.error is not None:
                        report.fail(ex)
                        finished()
                    else:
                        keep(ex)
                        new += 1

            read_texts: set[str] = set()

            def fresh() -> Iterator[Article]:
                for art in _homed(iter_articles(paths, report, skip=[out]), home, sources):
                    read_texts.add(text_hash(art.text))
                    entry = index.get(art.id)
                    if entry and entry.content_hash == content_hash(art) and entry.ner_model == ner_model:
                        keep(_cached(old, entry))
                        taken.add(art.id)
                    else:
                        yield art

            extract_all(fresh())
            # Articles of files outside this run's inputs stay, unless pruned or read again under another file;
            # so do those of an input that is there but could not be read (whole) this time.
            unread = _unread_inputs(report)
            held: dict[str, int] = {}
            other_model: list[Article] = []
            for aid, entry in index.items():
                if aid in asm.articles or entry.text_hash in read_texts:
                    continue
                root = next((name for name, inside in unread if inside(entry.origin)), None)
                if root is not None:
                    held[root] = held.get(root, 0) + 1
                elif prune or in_scope(entry.origin):
                    continue
                cached = _cached(old, entry)
                if entry.ner_model == ner_model:
                    keep(cached)
                    taken.add(aid)
                else:
                    other_model.append(cached.article)  # their files are not read now: their cached text is
            if other_model:
                extract_all(other_model)
        if report.articles == 0:
            raise NoArticlesError(out, report)
        g = asm.finish()
        try:
            write_graphml(g, stage / OUTPUTS[0])
            write_json(g, stage / OUTPUTS[1])
            write_csv(g, stage)
        except OSError as exc:
            raise OutputError(write_error(exc, out)) from exc
    res = BuildResult(
        out,
        [out / name for name in OUTPUTS],
        len(asm.articles),
        new,
        g.number_of_nodes(),
        g.number_of_edges(),
        g,
        report,
        reused=len(taken),
        removed=len(index.keys() - asm.articles.keys()),
        notes=[
            f"kept {n} cached article(s) of {root}: it could not be read whole this time" for root, n in held.items()
        ],
    )
    if load is not None:
        res.loaded = _load_built(out, load, batch_size, g, load_progress)
    return res


def _load_built(
    out: Path, cfg: Neo4jConfig, batch_size: int, g: nx.MultiDiGraph, progress: LoadProgress | None
) -> WriteResult:
    """``build --load``'s load: a failure says that the graph files were written, and how to load them."""
    try:
        return Neo4jWriter(cfg, batch_size).write(g, progress)
    except Neo4jError as exc:
        raise Neo4jError(f"{exc}; the graph files in {out} were written: load them with `newskg load {out}`") from exc


def _cluster_build(
    paths: Sequence[Path | str],
    out: Path,
    cluster: str | Any,
    *,
    model: str | Path | None,
    backend: NerBackend | None,
    update: bool,
    prune: bool,
    wait: float,
    progress: Progress | None,
    load: Neo4jConfig | None,
    batch_size: int,
    load_progress: LoadProgress | None,
    home: str,
    sources: Path | str | None,
    graphml: bool | None,
    status: Callable[[Any], None] | None,
    partition_files: int | None,
    partition_bytes: int | None,
) -> BuildResult:
    """:func:`build` on Dask (see :mod:`newskg.cluster.build`)."""
    from newskg.cluster import require

    require()
    from newskg.cluster.build import EXTRACTIONS, TABLES, cluster_build
    from newskg.cluster.partitions import BLOCK, FILES_PER_PARTITION

    check_output_folder(out, OUTPUTS[:4])
    for name in (*TABLES, EXTRACTIONS):
        if (out / name).exists() and not (out / name).is_dir():
            raise OutputError(f"{out / name} is a file, not a folder; remove it or choose another output folder")
    homes = load_sources(sources) if sources else None
    with locked(out, wait), staged(out) as stage:
        cb = cluster_build(
            paths, out, stage, cluster, model=model, backend=backend, update=update, prune=prune, home=home,
            sources=homes, graphml=graphml, progress=progress, status=status,
            files_per_partition=partition_files or FILES_PER_PARTITION, block=partition_bytes or BLOCK,
        )  # fmt: skip
        report = RunReport(
            files=cb.report.files,
            articles=cb.report.articles,
            duplicates=cb.report.duplicates,
            errors=cb.report.errors,
            warnings=cb.report.warnings,
        )
        report.failed = [FailedArticle(*f) for f in cb.failed]
        if cb.articles == 0 and not cb.failed:
            raise NoArticlesError(out, report)
        if cb.graph is None:  # the folder must not keep an earlier run's GraphML beside these tables
            for name in OUTPUTS[:2]:
                with contextlib.suppress(FileNotFoundError):
                    (out / name).unlink()
    res = BuildResult(
        out,
        cb.files,
        cb.articles,
        cb.new_articles,
        cb.nodes,
        cb.edges,
        cb.graph,
        report,
        reused=cb.articles - cb.new_articles,
        notes=[cb.graphml_skipped] if cb.graphml_skipped else [],
    )
    if load is not None:
        if cb.graph is None:
            raise ValueError("loading needs the assembled graph: pass --graphml with --load")
        res.loaded = _load_built(out, load, batch_size, cb.graph, load_progress)
    return res


@contextlib.contextmanager
def _cache_writer(path: Path, out: Path) -> Iterator[Callable[[str], None]]:
    """Write the extraction cache; a failed write (disk full) is an :class:`OutputError`."""
    try:
        fh = path.open("w", encoding="utf-8")
    except OSError as exc:
        raise OutputError(write_error(exc, out)) from exc

    def write(line: str) -> None:
        try:
            fh.write(line)
        except OSError as exc:
            raise OutputError(write_error(exc, out)) from exc

    try:
        yield write
    except BaseException:
        with contextlib.suppress(OSError):
            fh.close()
        raise
    try:
        fh.close()
    except OSError as exc:
        raise OutputError(write_error(exc, out)) from exc


def count_articles(paths: Sequence[Path | str]) -> int:
    """How many distinct articles ``paths`` hold (one reading pass, no NER)."""
    return sum(1 for _ in iter_articles(paths))


def extraction_record(ex: ArticleExtraction) -> dict[str, Any]:
    """The stable ``newskg extract`` JSON object of one article."""
    art = ex.article
    return {
        "id": art.id,
        "title": art.title,
        "source": art.source,
        "date": art.date.isoformat() if art.date else None,
        "section": art.section or None,
        "home": art.home or None,
        "reporters": list(ex.reporters),
        "entities": entities_of(ex),
        "relations": [
            {
                "type": r.type.value,
                "head": r.head.name,
                "head_type": r.head.type.value,
                "tail": r.tail.name if r.tail else art.id,
                "tail_type": r.tail.type.value if r.tail else "ARTICLE",
                "evidence": r.evidence,
                "start": r.start,
                "end": r.end,
                "date": r.date.isoformat() if r.date else None,
                "date_end": r.date_end.isoformat() if r.date_end else None,
                "date_approx": r.date_approx,
                "title": r.title,
                "verb": r.verb,
                "trip": r.trip,
                "sentence": r.sentence,
            }
            for r in ex.relations
        ],
    }


def extract(
    paths: Sequence[Path | str],
    out_file: Path | str,
    *,
    model: str | Path | None = None,
    backend: NerBackend | None = None,
    progress: Progress | None = None,
    home: str = "",
    sources: Path | str | None = None,
    workers: int | None = None,
) -> tuple[int, RunReport]:
    """Write one JSON object per article to ``out_file`` (JSON lines).

    Articles whose extraction fails are counted in the report, not written. ``home`` and
    ``sources`` say what 我区/我县/我公司 mean, and ``workers`` how many processes extract, as in :func:`build`.

    Returns:
        The number of articles written and the run report.

    Raises:
        OutputError: If ``out_file`` cannot be written.
    """
    out = Path(out_file)
    if out.is_dir():
        raise OutputError(f"{out} is a folder; give --out a file name such as {out / 'articles.jsonl'}")
    _check_writable(out.parent if str(out.parent) else Path("."))
    report = RunReport()
    n = done = 0
    with _output_file(out) as write:
        articles = iter_articles(paths, report, skip=[out])
        for ex in _extractions(_homed(articles, home, sources), model, backend, workers):
            done += 1
            if ex.error is not None:
                report.fail(ex)
            else:
                write(json.dumps(extraction_record(ex), ensure_ascii=False) + "\n")
                n += 1
            if progress:
                progress(done)
    return n, report


@contextlib.contextmanager
def _written(out: Path) -> Iterator[None]:
    """A failed write (disk full, read-only, file size limit) is an :class:`OutputError`; ``out`` is as it was."""
    try:
        yield
    except OSError as exc:
        raise OutputError(write_error(exc, out)) from exc


@contextlib.contextmanager
def _output_file(out: Path) -> Iterator[Callable[[str], None]]:
    """Write ``out`` whole or not at all (:func:`atomic_write`) through the function given.

    A failed write, or a failure to open, sync or rename the file, is an
    :class:`OutputError`; any other error of the block (a sources file that is
    not there) passes unchanged.
    """
    in_block = False
    try:
        with atomic_write(out) as fh:

            def write(text: str) -> None:
                with _written(out):
                    fh.write(text)

            in_block = True
            yield write
            in_block = False
    except OSError as exc:
        if in_block:
            raise
        raise OutputError(write_error(exc, out)) from exc


def ner(
    lines: Iterable[str], *, model: str | Path | None = None, backend: NerBackend | None = None, batch: int = 2048
) -> Iterator[dict[str, Any]]:
    """Tag sentences, one result per input line, in the ``newskg ner`` format."""
    be = _backend(model, backend)
    chunk: list[str] = []

    def flush() -> Iterator[dict[str, Any]]:
        for text, spans in zip(chunk, tag_texts(be, chunk), strict=True):
            yield {
                "text": text,
                "entities": [{"text": s.text, "type": s.type.value, "start": s.start, "end": s.end} for s in spans],
            }

    for line in lines:
        chunk.append(line.rstrip("\r\n"))
        if len(chunk) >= batch:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


def visits(
    graph: Path | str | nx.MultiDiGraph,
    *,
    person: str | None = None,
    org: str | None = None,
    since: dt.date | None = None,
    within: str | None = None,
) -> list[Visit]:
    """Who visited which organization or place, from a graph file, folder or object.

    ``within`` keeps visits to targets in a linked place or any of its parts: a name, a path
    (``北京市/通州区``) or an adcode (``110112``).

    Raises:
        AmbiguousPlaceError: If ``within`` names several linked places of the graph (it lists them).
        ValueError: If ``within`` names none.
    """
    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    return visits_from_graph(g, person=person, org=org, since=since, within=within)


@dataclass
class ViewResult:
    """What ``view`` wrote."""

    path: Path
    nodes: int
    total_nodes: int
    visits: int

    @property
    def left_out(self) -> int:
        """Nodes of the graph that the page does not draw."""
        return self.total_nodes - self.nodes


def view(
    graph: Path | str | nx.MultiDiGraph,
    out_file: Path | str,
    *,
    person: str | None = None,
    org: str | None = None,
    hops: int = 2,
    max_nodes: int = 300,
) -> ViewResult:
    """Write a self-contained interactive HTML page of a built graph (file, folder or object).

    Args:
        graph: The graph, or a file or build folder holding it.
        out_file: The HTML file to write.
        person: Draw the neighbourhood of persons whose name contains this.
        org: Draw the neighbourhood of organizations and places whose name contains this.
        hops: Neighbourhood radius, in relationships.
        max_nodes: The most nodes to draw; the page says how many were left out.

    Raises:
        OutputError: If ``out_file`` cannot be written.
        ValueError: If the filter matches nothing.
    """
    from newskg.graph.view import render_html, select_view

    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    sel = select_view(g, person=person, org=org, hops=hops, max_nodes=max_nodes)
    out = Path(out_file)
    _check_writable(out.parent if str(out.parent) else Path("."))
    page = render_html(g, sel, title=f"newskg: {person or org or 'graph'}")
    with _written(out), atomic_write(out) as fh:
        fh.write(page)
    shown = visits_from_graph(g, person=person, org=org)
    return ViewResult(out, len(sel.nodes), sel.total_nodes, len(shown))


def load(
    graph: Path | str | nx.MultiDiGraph,
    cfg: Neo4jConfig | None = None,
    *,
    batch_size: int = 1000,
    progress: LoadProgress | None = None,
    prune: bool = False,
) -> WriteResult:
    """Load a built graph (file, folder or object) into Neo4j.

    Args:
        graph: The graph, or a file or build folder holding it.
        cfg: Connection settings; default: from the environment (:meth:`Neo4jConfig.from_env`).
        batch_size: Rows per transaction.
        progress: Called with the items loaded so far and the total.
        prune: Also delete the articles the graph does not hold (deleted inputs), with their facts:
            the database then equals a clean load of the graph.

    Raises:
        newskg.cypher.loader.Neo4jError: On connection, auth or query failures.
    """
    writer = Neo4jWriter(cfg or Neo4jConfig.from_env(), batch_size)  # checks the URI before the graph is read
    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    return writer.write(g, progress, prune=prune)


def export_neo4j_import(graph: Path | str | nx.MultiDiGraph, folder: Path | str) -> Any:
    """Write ``neo4j-admin database import`` CSVs of a built graph; returns the ``ImportFiles``.

    The files are staged and moved in together (see :mod:`newskg.outdir`).

    Raises:
        OutputError: If ``folder`` cannot be written (it is left as it was).
    """
    from newskg.cypher.bulk import ImportFiles, write_import_csv

    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    out = Path(folder)
    check_output_folder(out, ())
    with _written(out), locked(out), staged(out) as stage:
        files = write_import_csv(g, stage)
    return ImportFiles(tuple(out / p.name for p in files.nodes), tuple(out / p.name for p in files.relationships))


def bulk_load(graph: Path | str | nx.MultiDiGraph, neo4j_home: Path | str, *, database: str = "neo4j") -> Any:
    """Import a built graph into an empty database of the stopped server in ``neo4j_home``; returns the CSV files.

    Start the server afterwards and run :func:`load` once to create the
    constraints; it skips every imported article.

    Raises:
        RuntimeError: If the server runs, the home holds no server, or the import fails.
    """
    from newskg.cypher.bulk import run_import, write_import_csv

    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    with tempfile.TemporaryDirectory(prefix="newskg-import-") as tmp:
        files = write_import_csv(g, tmp)
        run_import(files, neo4j_home, database)
    return files


def query(cypher: str, params: dict[str, Any] | None = None, cfg: Neo4jConfig | None = None) -> list[dict[str, Any]]:
    """Run read-only Cypher against Neo4j and return all rows as dicts (see :func:`query_rows` to stream)."""
    return run_read_query(cfg or Neo4jConfig.from_env(), cypher, params)


@contextlib.contextmanager
def query_rows(
    cypher: str, params: dict[str, Any] | None = None, cfg: Neo4jConfig | None = None
) -> Iterator[Iterator[dict[str, Any]]]:
    """Stream the rows of read-only Cypher as they arrive; administration commands are refused.

    Raises:
        ValueError: For a refused query or a parameter Neo4j cannot hold.
        newskg.cypher.loader.Neo4jError: For server-side errors.
    """
    with read_rows(cfg or Neo4jConfig.from_env(), cypher, params) as rows:
        yield rows


def train_ner(
    data_dir: Path | str, out_dir: Path | str, config: TrainConfig | None = None, *, evaluate: bool = True
) -> NerTraining:
    """Train the offline NER model, save it to ``out_dir`` and score it on the held-out splits.

    Args:
        data_dir: Folder holding ``cluener/``, ``resume/``, ``msra_train/``, ``peoples_daily/``, ``msra_val/``.
        out_dir: Where the HanLP model is saved.
        config: Hyper-parameters; default: ``TrainConfig()``, which reproduces the bundled model.
        evaluate: Score the saved model (on at most ``config.limit`` sentences per split).

    Raises:
        FileNotFoundError: If ``data_dir`` is not a folder.
    """
    data, cfg = Path(data_dir), config or TrainConfig()
    if not data.is_dir():
        raise FileNotFoundError(f"{data}: no such data folder")
    result = _train_ner(data, Path(out_dir), cfg)
    scores = evaluate_model(result.model_dir, data, limit=cfg.limit) if evaluate else None
    return NerTraining(result, scores)


def visits_neo4j(
    cfg: Neo4jConfig | None = None,
    *,
    person: str | None = None,
    org: str | None = None,
    since: dt.date | None = None,
    within: str | None = None,
) -> list[Visit]:
    """The visits table from Neo4j, the same rows as :func:`visits` on the loaded graph.

    Raises:
        AmbiguousPlaceError: If ``within`` names several linked places of the database.
        ValueError: If ``within`` names none.
    """
    from newskg.cypher import queries as q

    root = None
    if within:
        places = query(q.PLACES_NAMED, {"text": within.strip()}, cfg)
        root = find_place(((r["id"], r) for r in places), within)
    params = {
        "person": person,
        "org": org,
        "since": since.isoformat() if since else None,
        "article_prefix": ARTICLE_ID_PREFIX,
        "within": root,
    }
    rows = query(q.VISITS, params, cfg)
    return [
        Visit(
            **{
                **r,
                "visitor_titles": tuple(r["visitor_titles"]),
                "article_ids": tuple(r["article_ids"]),
                "sources": tuple(r["sources"]),
            }
        )
        for r in rows
    ]


def evaluate(
    gold: Sequence[Path | str],
    *,
    pred: Path | str | None = None,
    model: str | Path | None = None,
    backend: NerBackend | None = None,
) -> EvalResult:
    """Score extractions against gold files (see :mod:`newskg.evaluate` for the format).

    Args:
        gold: Gold files or folders.
        pred: A ``newskg extract`` JSONL file; without it the articles named
            by the gold files' ``source`` are read and extracted here.
        model: HanLP model directory or pretrained id (ignored when ``backend`` is given).
        backend: An NER backend to use instead of loading ``model``.

    Raises:
        ValueError: For unreadable gold or prediction files, or gold without sources and no ``pred``.
    """
    golds = read_gold(gold)
    records: list[dict[str, Any]] = []
    if pred is not None:
        try:
            with Path(pred).open(encoding="utf-8") as fh:
                records = [json.loads(line) for line in fh if line.strip()]
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{pred}: cannot read predictions ({exc})") from exc
    else:
        sources = gold_sources(golds)
        if not sources:
            raise ValueError("the gold files name no article source; pass --pred extract.jsonl")
        extractor = Extractor(_backend(model, backend))
        articles = with_publication_dates(iter_articles(sources), golds)
        records = [extraction_record(ex) for ex in extractor.extract(articles)]
    return evaluate_records(golds, records)


def evaluate_links(
    gold: Path | str,
    *,
    graph: Path | str | nx.MultiDiGraph | None = None,
    articles: Sequence[Path | str] = (),
    model: str | Path | None = None,
    backend: NerBackend | None = None,
    home: str = "",
    sources: Path | str | None = None,
) -> Any:
    """Score place links and officials' jurisdictions against a linking gold (see :mod:`newskg.geo.evaluate`).

    Args:
        gold: The gold folder (``news-dev.places.jsonl``, ``news-dev.titles.jsonl``).
        graph: A built graph (file, folder or object) to score; else ``articles`` are built now, in memory.
        articles: Article files or folders (the gold's sources) when no ``graph`` is given.
        model: HanLP model for building ``articles``.
        backend: An NER backend to use instead of loading ``model``.
        home: What 我区/我县 mean in articles without a home of their own.
        sources: A sources file (source -> home), as for :func:`build`.

    Returns:
        A :class:`newskg.geo.evaluate.LinkEval`.

    Raises:
        ValueError: If neither ``graph`` nor ``articles`` is given, or a gold line is not JSON.
        FileNotFoundError: If a gold file is missing.
    """
    from newskg.geo.evaluate import read_link_gold, score_links
    from newskg.graph.build import build_graph

    places, titles = read_link_gold(gold)
    if graph is None:
        if not articles:
            raise ValueError("give a built graph or the articles to build")
        report = RunReport()
        arts = _homed(iter_articles(articles, report), home, sources)
        graph = build_graph(ex for ex in Extractor(_backend(model, backend)).extract(arts) if ex.error is None)
    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    return score_links(g, places, titles)
