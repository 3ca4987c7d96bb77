"""The whole build on a Dask cluster: extraction tasks, then the assembly steps as Dask work.

The node and edge CSV files are byte-identical to the single-machine build's
(both run :mod:`newskg.graph.assemble`). GraphML and node-link JSON need the
whole graph in one process, so they are written only up to
:data:`GRAPHML_MAX_ARTICLES` articles unless forced.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.cluster.partitions import BLOCK, FILES_PER_PARTITION, list_partitions
from newskg.cluster.tables import Source, build_tables, graph_from_tables
from newskg.cluster.tasks import ClusterStatus, ModelPlugin, PartitionFailure, run_extraction
from newskg.cores import usable_cores
from newskg.graph.export import write_graphml, write_json
from newskg.read import ReadError, ReadReport, ReadWarning

__all__ = ["EXTRACTIONS", "GRAPHML_MAX_ARTICLES", "TABLES", "ClusterBuild", "cluster_build", "open_client"]

log = logging.getLogger(__name__)

EXTRACTIONS = "extractions"  # the cluster build's extraction cache, one Parquet file per partition
TABLES = ("nodes.parquet", "edges.parquet")
# The networkx graph takes about 19 KB per article (bench: 1,353 MB at 50k articles).
GRAPHML_MAX_ARTICLES = 100_000
_KB_PER_ARTICLE = 19
# Dask's shuffle buffers up to 1 GiB per worker in memory before writing shards to disk; the local
# cluster's workers share one machine with the model and each other, so they flush sooner.
LOCAL_P2P_BUFFERS = {"distributed.p2p.comm.buffer": "32 MiB", "distributed.p2p.storage.buffer": "16 MiB"}


@contextlib.contextmanager
def open_client(cluster: str | Any, model: str | None = None, backend: Any = None) -> Iterator[Any]:
    """A Dask client for ``local:N`` (a LocalCluster of N one-thread worker processes) or a scheduler address.

    An existing ``distributed.Client`` is used as it is. The model plugin is
    registered on the workers (each loads the model once, at its first extraction).

    Raises:
        ValueError: If ``cluster`` is neither form.
    """
    import dask
    from distributed import Client, LocalCluster

    # Dask logs cluster start and stop at INFO and shuffles at WARNING: routine here, so they
    # show only when the caller asked for details (``newskg -v``).
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        logging.getLogger("distributed").setLevel(logging.ERROR)

    if not isinstance(cluster, str):
        cluster.register_plugin(ModelPlugin(model, backend=backend), name=ModelPlugin.name)
        yield cluster
        return
    if cluster.startswith("local:"):
        try:
            n = int(cluster.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise ValueError(f"--cluster {cluster!r}: expected local:N with N >= 1")
        threads = max(1, usable_cores() // n)
        with (
            dask.config.set(LOCAL_P2P_BUFFERS),
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0") as lc,
            Client(lc) as client,
        ):
            client.register_plugin(ModelPlugin(model, threads, backend), name=ModelPlugin.name)
            yield client
        return
    if "://" not in cluster:
        raise ValueError(f"--cluster {cluster!r}: expected local:N or a scheduler address like tcp://HOST:8786")
    with Client(cluster) as client:
        client.register_plugin(ModelPlugin(model, backend=backend), name=ModelPlugin.name)
        yield client


@dataclass
class ClusterBuild:
    """What a cluster build did; ``failed`` holds (article id, title, source, reason) of failed extractions."""

    files: list[Path]
    articles: int
    new_articles: int
    nodes: int
    edges: int
    report: ReadReport
    failures: list[PartitionFailure] = field(default_factory=list)
    failed: list[tuple[str, str, str, str]] = field(default_factory=list)
    graph: nx.MultiDiGraph | None = None
    graphml_skipped: str = ""


def cluster_build(
    paths: Sequence[Path | str],
    out: Path,
    stage: Path,
    cluster: str | Any,
    *,
    model: str | Path | None = None,
    backend: Any = None,
    update: bool = False,
    prune: bool = False,
    home: str = "",
    sources: Mapping[str, str] | None = None,
    graphml: bool | None = None,
    progress: Callable[[int], None] | None = None,
    status: Callable[[ClusterStatus], None] | None = None,
    retries: int = 2,
    files_per_partition: int = FILES_PER_PARTITION,
    block: int = BLOCK,
) -> ClusterBuild:
    """Extract on the cluster, assemble the tables; GraphML/JSON below the size limit or when forced.

    Args:
        paths: Files or folders of articles.
        out: The output folder; ``out/extractions/`` (the cache) must be visible to every worker.
        stage: The staging folder of ``out`` (see :mod:`newskg.outdir`); also visible to every worker.
        cluster: ``local:N``, ``tcp://HOST:PORT`` or a ``distributed.Client``.
        model: HanLP model directory or pretrained id.
        backend: An NER backend to use instead of loading ``model`` (pickled to the workers).
        update: Reuse the cached extractions of unchanged articles; keep those of earlier
            runs' files outside ``paths`` (unless ``prune``).
        prune: With ``update``, drop articles of files outside ``paths``.
        home: What 我区/我县/我公司 mean in articles with no home of their own.
        sources: Source name -> home (see :mod:`newskg.extract.home`).
        graphml: True forces GraphML and JSON, False skips them, None decides by size.
        progress: Called with the number of articles extracted so far.
        status: Called after each finished partition.
        retries: Extra tries of a failing task before its partition is reported failed.
        files_per_partition: Files per extraction task.
        block: Bytes per extraction task (files grouped up to it; bigger JSONL files cut into ranges of it).
    """
    folder = out / EXTRACTIONS
    report = ReadReport()
    with open_client(cluster, str(model) if model else None, backend) as client:
        run = run_extraction(
            client,
            list_partitions(paths, report.errors, files_per_partition, block),
            folder,
            paths=list(paths),
            update=update,
            home=home,
            sources=sources,
            retries=retries,
            status=status,
            progress=progress,
        )
        current = [r.file for r in run.results]
        done = set(current)
        older = sorted(str(p) for p in folder.glob("part-*.parquet") if str(p) not in done) if update else []
        roots = tuple(str(Path(p).resolve()) for p in paths)
        srcs = [Source(i, f) for i, f in enumerate(current)]
        srcs += [Source(len(current) + j, f, True, roots, prune) for j, f in enumerate(older)]
        for r in run.results:
            report.files += r.files
            report.errors.extend(ReadError(path, reason) for path, reason in r.errors)
            report.warnings.extend(ReadWarning(path, msg) for path, msg in r.warnings)
        report.errors.extend(
            ReadError(f.what, f"partition {f.name} failed on every try ({f.error})") for f in run.failures
        )
        tables = build_tables(srcs, stage, report, stage / ".work")
    failed = [f for r in run.results for f in r.failed]
    report.articles = tables.articles + len(failed)
    want = graphml if graphml is not None else tables.articles <= GRAPHML_MAX_ARTICLES
    skipped = ""
    g = None
    files = [stage / "nodes.csv", stage / "edges.csv", *(stage / t for t in TABLES)]
    if want:
        g = graph_from_tables(tables.node_files, tables.edge_files)
        write_graphml(g, stage / "graph.graphml")
        write_json(g, stage / "graph.json")
        files = [stage / "graph.graphml", stage / "graph.json", *files]
    elif graphml is None:
        skipped = (
            f"GraphML and graph.json skipped: {tables.articles:,} articles is above {GRAPHML_MAX_ARTICLES:,}, "
            f"and networkx would hold the whole graph in one process (about "
            f"{tables.articles * _KB_PER_ARTICLE / 1e6:,.1f} GB); the graph is in the nodes/edges Parquet "
            "and CSV files; pass --graphml to write them anyway"
        )
        log.warning("%s", skipped)
    if prune or not update:
        # Files of partitions not listed this run: stale (or, with prune, outside the inputs).
        for p in folder.glob("part-*.parquet"):
            if str(p) not in done:
                with contextlib.suppress(OSError):
                    p.unlink()
    return ClusterBuild(
        [out / f.name for f in files] + [folder],
        tables.articles,
        sum(r.extracted for r in run.results) - len(failed),
        tables.nodes,
        tables.edges,
        report,
        run.failures,
        failed,
        g,
        skipped,
    )
