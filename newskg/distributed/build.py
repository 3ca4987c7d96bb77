"""``newskg build --cluster``: the whole build on a Dask cluster.

Extraction runs as tasks over partitions (:mod:`newskg.distributed.extract`),
resolution and the tables as Dask dataframe work (:mod:`newskg.distributed.tables`).
The node and edge CSV files are byte-identical to the single-process build's.
GraphML and node-link JSON need the whole graph in one process, so they are
written only up to :data:`GRAPHML_MAX_ARTICLES` articles unless forced.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.distributed.extract import ClusterStatus, ModelPlugin, PartitionFailure, run_extraction
from newskg.distributed.partitions import BLOCK, FILES_PER_PARTITION, list_partitions
from newskg.distributed.tables import build_tables, graph_from_tables
from newskg.graph.export import write_graphml, write_json
from newskg.read import ReadError, ReadReport

__all__ = ["GRAPHML_MAX_ARTICLES", "ClusterBuild", "cluster_build", "open_client"]

log = logging.getLogger(__name__)

EXTRACTIONS = "extractions"
# The networkx graph takes about 19 KB per article (bench: 1,353 MB at 50k articles).
GRAPHML_MAX_ARTICLES = 100_000
_KB_PER_ARTICLE = 19


@contextlib.contextmanager
def open_client(cluster: str | Any, model: str | None = None) -> Iterator[Any]:
    """A Dask client for ``local:N`` (a LocalCluster of N one-thread processes) or a scheduler address.

    An existing ``distributed.Client`` is used as it is. The model plugin is registered on the workers.

    Raises:
        ValueError: If ``cluster`` is neither form.
    """
    from distributed import Client, LocalCluster

    # Dask logs cluster start and stop at INFO, and each p2p shuffle at WARNING: routine here,
    # so they show only when the caller asked for details (``newskg -v``).
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        logging.getLogger("distributed").setLevel(logging.WARNING)
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)

    if not isinstance(cluster, str):
        cluster.register_plugin(ModelPlugin(model), name=ModelPlugin.name)
        yield cluster
        return
    if cluster.startswith("local:"):
        try:
            n = int(cluster.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise ValueError(f"--cluster {cluster!r}: expected local:N with N >= 1")
        threads = max(1, (os.cpu_count() or 1) // n)
        with (
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0") as lc,
            Client(lc) as client,
        ):
            client.register_plugin(ModelPlugin(model, threads), name=ModelPlugin.name)
            yield client
        return
    if "://" not in cluster:
        raise ValueError(f"--cluster {cluster!r}: expected local:N or a scheduler address like tcp://HOST:8786")
    with Client(cluster) as client:
        client.register_plugin(ModelPlugin(model), name=ModelPlugin.name)
        yield client


@dataclass
class ClusterBuild:
    """What a cluster build did."""

    files: list[Path]
    articles: int
    new_articles: int
    nodes: int
    edges: int
    report: ReadReport
    failures: list[PartitionFailure] = field(default_factory=list)
    graph: nx.MultiDiGraph | None = None
    graphml_skipped: str = ""


def cluster_build(
    paths: Sequence[Path | str],
    out: Path,
    cluster: str | Any,
    *,
    model: str | Path | None = None,
    update: bool = False,
    graphml: bool | None = None,
    progress: Callable[[int], None] | None = None,
    status: Callable[[ClusterStatus], None] | None = None,
    files_per_partition: int = FILES_PER_PARTITION,
    block: int = BLOCK,
) -> ClusterBuild:
    """Extract on the cluster, resolve and write the tables; GraphML/JSON below the size limit or when forced.

    Args:
        paths: Files or folders of articles.
        out: Output folder; ``out/extractions/`` must be visible to every worker (shared storage).
        cluster: ``local:N``, ``tcp://HOST:PORT`` or a ``distributed.Client``.
        model: HanLP model directory or pretrained id.
        update: Reuse cached extractions of unchanged articles, and keep the partitions of earlier runs.
        graphml: True forces GraphML and JSON, False skips them, None decides by size.
        progress: Called with the number of articles extracted so far.
        status: Called after each finished partition.
        files_per_partition: Files per extraction task.
        block: Bytes per extraction task (files grouped up to it; bigger JSONL files cut into ranges of it).
    """
    folder = out / EXTRACTIONS
    if not update and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    report = ReadReport()
    with open_client(cluster, str(model) if model else None) as client:
        run = run_extraction(
            client,
            list_partitions(paths, report.errors, files_per_partition, block),
            folder,
            update=update,
            status=status,
            progress=progress,
        )
        current = [r.file for r in run.results]
        # An update keeps what earlier runs extracted from partitions not listed this time
        # (without update the folder was emptied first).
        done = set(current)
        older = sorted(str(p) for p in folder.glob("part-*.parquet") if p.is_file() and str(p) not in done)
        for r in run.results:
            report.errors.extend(ReadError(path, reason) for path, reason in r.errors)
        report.errors.extend(
            ReadError(f.what, f"partition {f.name} failed on every try ({f.error})") for f in run.failures
        )
        tables = build_tables(current + older, out)
        want = graphml if graphml is not None else tables.articles <= GRAPHML_MAX_ARTICLES
        skipped = ""
        g = None
        if want:
            g = graph_from_tables(tables.node_files, tables.edge_files)
        elif graphml is None:
            skipped = (
                f"GraphML and graph.json skipped: {tables.articles:,} articles is above {GRAPHML_MAX_ARTICLES:,}, "
                f"and networkx would hold the whole graph in one process (about "
                f"{tables.articles * _KB_PER_ARTICLE / 1e6:,.1f} GB); the graph is in nodes/edges Parquet and CSV; "
                "pass --graphml to write them anyway"
            )
            log.warning("%s", skipped)
    report.files = sum(1 for _ in _files(paths))
    report.articles = tables.articles
    report.duplicates = tables.duplicates + sum(r.duplicates for r in run.results)
    files = [out / "nodes.csv", out / "edges.csv", out / "nodes.parquet", out / "edges.parquet", folder]
    if g is not None:
        write_graphml(g, out / "graph.graphml")
        write_json(g, out / "graph.json")
        files = [out / "graph.graphml", out / "graph.json", *files]
    return ClusterBuild(
        files,
        tables.articles,
        sum(r.extracted for r in run.results),
        tables.nodes,
        tables.edges,
        report,
        run.failures,
        g,
        skipped,
    )


def _files(paths: Sequence[Path | str]) -> Iterator[Path]:
    from newskg.read import _expand

    for item in _expand(Path(p) for p in paths):
        if not isinstance(item, ReadError):
            yield item
