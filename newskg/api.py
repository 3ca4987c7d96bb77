"""Python API: one function per CLI command.

Each function does the whole job of its command and returns a typed
result; the CLI only parses arguments, calls one of these and renders.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.cypher.loader import Neo4jConfig, Neo4jWriter, run_read_query
from newskg.extract.evaluate import EvalResult, evaluate_records, gold_sources, read_gold
from newskg.extract.pipeline import Extractor, entities_of, tag_texts
from newskg.graph.build import GraphAssembler
from newskg.graph.export import atomic_write, read_graph, write_csv, write_graphml, write_json
from newskg.graph.schema import ARTICLE_ID_PREFIX
from newskg.graph.visits import visits_from_graph
from newskg.model import Article, ArticleExtraction, Visit, WriteResult
from newskg.ner.backend import HanLPBackend, NerBackend
from newskg.ner.training import TrainConfig, TrainResult, evaluate_model
from newskg.ner.training import train_ner as _train_ner
from newskg.read import ReadReport, iter_articles

__all__ = [
    "BuildResult",
    "FailedArticle",
    "NerTraining",
    "OutputError",
    "RunReport",
    "build",
    "count_articles",
    "evaluate",
    "extract",
    "extraction_record",
    "load",
    "ner",
    "query",
    "train_ner",
    "visits",
    "visits_neo4j",
]

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
LoadProgress = Callable[[int, int], None]  # (items written, items in all)
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
        """Whether every file was read and every article extracted."""
        return not self.errors and not self.failed

    def fail(self, ex: ArticleExtraction) -> None:
        """Record an extraction that failed."""
        art = ex.article
        self.failed.append(FailedArticle(art.id, art.title, art.source, ex.error or "extraction failed"))


@dataclass
class BuildResult:
    """What ``build`` did; ``loaded`` is set when the graph was also loaded into Neo4j."""

    out_dir: Path
    files: list[Path]
    articles: int
    new_articles: int
    nodes: int
    edges: int
    graph: nx.MultiDiGraph
    report: RunReport = field(default_factory=RunReport)
    loaded: WriteResult | None = None


@dataclass
class NerTraining:
    """What ``train_ner`` did: the saved model, and its scores when it was evaluated."""

    result: TrainResult
    scores: dict[str, dict[str, dict[str, float]]] | None = None


def _backend(model: str | Path | None, backend: NerBackend | None) -> NerBackend:
    return backend if backend is not None else HanLPBackend(model)


def _read_cache(path: Path) -> Iterator[ArticleExtraction]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                ex = ArticleExtraction.model_validate_json(line)
            except ValueError as exc:
                log.warning("%s:%d: unreadable cached extraction skipped (%s)", path, n, exc)
                continue
            # Earlier versions cached failed extractions as a warning; those are extracted again.
            if ex.error is None and not any(w.startswith("NER failed") for w in ex.warnings):
                yield ex


def _extractions(
    articles: Iterable[Article], model: str | Path | None, backend: NerBackend | None, workers: int
) -> Iterator[ArticleExtraction]:
    if workers <= 1 or backend is not None:
        yield from Extractor(_backend(model, backend)).extract(articles)
        return
    from newskg.extract.parallel import parallel_extract

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
    load: Neo4jConfig | None = None,
    batch_size: int = 1000,
    load_progress: LoadProgress | None = None,
) -> BuildResult:
    """Read articles, extract, assemble the graph, write all exports and optionally load Neo4j.

    Args:
        paths: Files or folders of articles.
        out_dir: Receives ``graph.graphml``, ``graph.json``, ``nodes.csv``,
            ``edges.csv`` and the extraction cache used by ``update``.
        model: HanLP model directory or pretrained id (ignored when ``backend`` is given).
        backend: An NER backend to use instead of loading ``model``.
        update: Keep the articles already in ``out_dir`` and extract only new ones.
        workers: Extraction processes (each loads the model once).
        progress: Called with the number of articles finished so far.
        load: Also load the graph into this Neo4j database.
        batch_size: Rows per Neo4j transaction.
        load_progress: Called with the items loaded so far and the total.

    Articles whose extraction fails are counted in ``report.failed`` and
    left out of the graph and the cache, so ``update`` tries them again.

    Raises:
        OutputError: If ``out_dir`` cannot be written.
        newskg.cypher.loader.Neo4jError: If loading fails (the files are written by then).
    """
    out = Path(out_dir)
    _check_writable(out)
    report = RunReport()
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
            if ex.error is not None:
                report.fail(ex)
            elif asm.add(ex):
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
    res = BuildResult(out, [*files, cache], len(asm.articles), new, g.number_of_nodes(), g.number_of_edges(), g, report)
    if load is not None:
        res.loaded = Neo4jWriter(load, batch_size).write(g, load_progress)
    return res


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
                "date_end": r.date_end.isoformat() if r.date_end else None,
                "date_approx": r.date_approx,
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
) -> tuple[int, RunReport]:
    """Write one JSON object per article to ``out_file`` (JSON lines).

    Articles whose extraction fails are counted in the report, not written.

    Returns:
        The number of articles written and the run report.

    Raises:
        OutputError: If ``out_file`` cannot be written.
    """
    out = Path(out_file)
    _check_writable(out.parent if str(out.parent) else Path("."))
    report = RunReport()
    n = done = 0
    with atomic_write(out) as fh:
        for ex in Extractor(_backend(model, backend)).extract(iter_articles(paths, report)):
            done += 1
            if ex.error is not None:
                report.fail(ex)
            else:
                fh.write(json.dumps(extraction_record(ex), ensure_ascii=False) + "\n")
                n += 1
            if progress:
                progress(done)
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
    cfg: Neo4jConfig | None = None,
    *,
    batch_size: int = 1000,
    progress: LoadProgress | None = None,
) -> WriteResult:
    """Load a built graph (file, folder or object) into Neo4j.

    Args:
        graph: The graph, or a file or build folder holding it.
        cfg: Connection settings; default: from the environment (:meth:`Neo4jConfig.from_env`).
        batch_size: Rows per transaction.
        progress: Called with the items loaded so far and the total.

    Raises:
        newskg.cypher.loader.Neo4jError: On connection, auth or query failures.
    """
    g = graph if isinstance(graph, nx.MultiDiGraph) else read_graph(Path(graph))
    return Neo4jWriter(cfg or Neo4jConfig.from_env(), batch_size).write(g, progress)


def query(cypher: str, params: dict[str, Any] | None = None, cfg: Neo4jConfig | None = None) -> list[dict[str, Any]]:
    """Run read-only Cypher against Neo4j and return the rows as dicts."""
    return run_read_query(cfg or Neo4jConfig.from_env(), cypher, params)


def train_ner(
    data_dir: Path | str, out_dir: Path | str, config: TrainConfig | None = None, *, evaluate: bool = True
) -> NerTraining:
    """Train the offline NER model, save it to ``out_dir`` and score it on the held-out splits.

    Args:
        data_dir: Folder holding ``cluener/``, ``resume/``, ``peoples_daily/``, ``msra_val/``.
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
    cfg: Neo4jConfig | None = None, *, person: str | None = None, org: str | None = None, since: dt.date | None = None
) -> list[Visit]:
    """The visits table from Neo4j, the same rows as :func:`visits` on the loaded graph."""
    from newskg.cypher import queries as q

    params = {
        "person": person,
        "org": org,
        "since": since.isoformat() if since else None,
        "article_prefix": ARTICLE_ID_PREFIX,
    }
    rows = query(q.VISITS, params, cfg)
    return [Visit(**{**r, "visitor_titles": tuple(r["visitor_titles"])}) for r in rows]


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
        records = [extraction_record(ex) for ex in extractor.extract(iter_articles(sources))]
    return evaluate_records(golds, records)
