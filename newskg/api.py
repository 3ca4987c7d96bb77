"""Python API: one function per CLI command.

Each function does the whole job of its command and returns a typed
result; the CLI only parses arguments, calls one of these and renders.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.extract.backend import HanLPBackend, NerBackend
from newskg.extract.pipeline import Extractor, entities_of, tag_texts
from newskg.extract.reader import ReadReport, iter_articles
from newskg.graph.build import GraphAssembler
from newskg.graph.export import atomic_write, read_graph, write_csv, write_graphml, write_json
from newskg.graph.visits import visits_from_graph
from newskg.model import Article, ArticleExtraction, Visit

__all__ = [
    "BuildResult",
    "OutputError",
    "build",
    "bulk_load",
    "count_articles",
    "export_neo4j_import",
    "extract",
    "extraction_record",
    "load",
    "ner",
    "query",
    "query_rows",
    "visits",
    "visits_neo4j",
]

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
CACHE = "extractions.jsonl"


class OutputError(RuntimeError):
    """An output location cannot be written."""


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".newskg-probe-"):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}") from exc


@dataclass
class BuildResult:
    """What ``build`` did."""

    out_dir: Path
    files: list[Path]
    articles: int
    new_articles: int
    nodes: int
    edges: int
    report: ReadReport = field(default_factory=ReadReport)
    graph: nx.MultiDiGraph | None = None


def _backend(model: str | Path | None, backend: NerBackend | None) -> NerBackend:
    return backend if backend is not None else HanLPBackend(model)


def _read_cache(path: Path) -> Iterator[ArticleExtraction]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                yield ArticleExtraction.model_validate_json(line)
            except ValueError as exc:
                log.warning("%s:%d: unreadable cached extraction skipped (%s)", path, n, exc)


def _extractions(
    articles: Iterable[Article], model: str | Path | None, backend: NerBackend | None, workers: int
) -> Iterator[ArticleExtraction]:
    if workers <= 1 or backend is not None:
        yield from Extractor(_backend(model, backend)).extract(articles)
        return
    from newskg.parallel import parallel_extract

    yield from parallel_extract(articles, model, workers)


def build(
    paths: Sequence[Path | str],
    out_dir: Path | str,
    *,
    model: str | Path | None = None,
    backend: NerBackend | None = None,
    update: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
) -> BuildResult:
    """Read articles, extract, assemble the graph and write all exports.

    Args:
        paths: Files or folders of articles.
        out_dir: Receives ``graph.graphml``, ``graph.json``, ``nodes.csv``,
            ``edges.csv`` and the extraction cache used by ``update``.
        model: HanLP model directory or pretrained id (ignored when ``backend`` is given).
        backend: An NER backend to use instead of loading ``model``.
        update: Keep the articles already in ``out_dir`` and extract only new ones.
        workers: Extraction processes (each loads the model once).
        progress: Called with the number of articles finished so far.

    Raises:
        OutputError: If ``out_dir`` cannot be written.
    """
    out = Path(out_dir)
    _check_writable(out)
    report = ReadReport()
    asm = GraphAssembler()
    cache = out / CACHE
    done = 0
    with atomic_write(cache) as cache_fh:
        if update:
            for ex in _read_cache(cache):
                if asm.add(ex):
                    cache_fh.write(ex.model_dump_json() + "\n")
        known = set(asm.articles)
        fresh = (a for a in iter_articles(paths, report) if a.id not in known)
        new = 0
        for ex in _extractions(fresh, model, backend, workers):
            if asm.add(ex):
                new += 1
                cache_fh.write(ex.model_dump_json() + "\n")
            done += 1
            if progress:
                progress(done)
        g = asm.finish()
        files = [out / "graph.graphml", out / "graph.json", out / "nodes.csv", out / "edges.csv"]
        write_graphml(g, files[0])
        write_json(g, files[1])
        write_csv(g, out)
    return BuildResult(
        out, [*files, cache], len(asm.articles), new, g.number_of_nodes(), g.number_of_edges(), report, g
    )


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
                "title": r.title,
                "verb": r.verb,
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
) -> tuple[int, ReadReport]:
    """Write one JSON object per article to ``out_file`` (JSON lines).

    Returns:
        The number of articles written and the read report.

    Raises:
        OutputError: If ``out_file`` cannot be written.
    """
    out = Path(out_file)
    _check_writable(out.parent if str(out.parent) else Path("."))
    report = ReadReport()
    n = 0
    with atomic_write(out) as fh:
        for ex in Extractor(_backend(model, backend)).extract(iter_articles(paths, report)):
            fh.write(json.dumps(extraction_record(ex), ensure_ascii=False) + "\n")
            n += 1
            if progress:
                progress(n)
    return n, report


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
) -> list[Visit]:
    """Who visited which organization or place, from a graph file, folder or object."""
    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    return visits_from_graph(g, person=person, org=org, since=since)


def load(
    graph: Path | str | nx.MultiDiGraph,
    cfg: Any = None,
    *,
    batch_size: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> Any:
    """Load a built graph (file, folder or object) into Neo4j; returns a ``WriteResult``.

    Raises:
        newskg.cypher.loader.Neo4jError: On connection, auth or query failures.
    """
    from newskg.cypher.loader import Neo4jConfig, Neo4jWriter

    writer = Neo4jWriter(cfg or Neo4jConfig.from_env(), batch_size)  # checks the URI before the graph is read
    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    return writer.write(g, progress)


def export_neo4j_import(graph: Path | str | nx.MultiDiGraph, folder: Path | str) -> Any:
    """Write ``neo4j-admin database import`` CSVs of a built graph; returns the ``ImportFiles``."""
    from newskg.cypher.bulk import write_import_csv

    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    return write_import_csv(g, folder)


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


def query(cypher: str, params: dict[str, Any] | None = None, cfg: Any = None) -> list[dict[str, Any]]:
    """Run read-only Cypher against Neo4j and return all rows as dicts (see :func:`query_rows` to stream)."""
    from newskg.cypher.loader import Neo4jConfig, run_read_query

    return run_read_query(cfg or Neo4jConfig.from_env(), cypher, params)


@contextlib.contextmanager
def query_rows(
    cypher: str, params: dict[str, Any] | None = None, cfg: Any = None
) -> Iterator[Iterator[dict[str, Any]]]:
    """Stream the rows of read-only Cypher as they arrive; administration commands are refused.

    Raises:
        ValueError: For a refused query or a parameter Neo4j cannot hold.
        newskg.cypher.loader.Neo4jError: For server-side errors.
    """
    from newskg.cypher.loader import Neo4jConfig, read_rows

    with read_rows(cfg or Neo4jConfig.from_env(), cypher, params) as rows:
        yield rows


def visits_neo4j(
    cfg: Any = None, *, person: str | None = None, org: str | None = None, since: dt.date | None = None
) -> list[Visit]:
    """The visits table from Neo4j, the same rows as :func:`visits` on the loaded graph."""
    from newskg.cypher import queries as q

    rows = query(q.VISITS, {"person": person, "org": org, "since": since.isoformat() if since else None}, cfg)
    return [Visit(**{**r, "visitor_titles": tuple(r["visitor_titles"])}) for r in rows]
