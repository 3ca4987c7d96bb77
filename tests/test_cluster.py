"""The Dask path on a real LocalCluster gives the single-process build's files, byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.distributed.build import cluster_build
from newskg.distributed.partitions import list_partitions, read_partition
from newskg.ner.backend import HanLPBackend
from tests.fixtures import DEMO, SAMPLE

PAGE = SAMPLE

pytestmark = pytest.mark.hanlp

FILES = ("nodes.csv", "edges.csv", "graph.graphml", "graph.json")


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two in-process workers with one thread each (the machine has two cores)."""
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as lc,
        Client(lc) as c,
    ):
        yield c


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def _inputs(tmp_path: Path) -> list[Path]:
    """The demo articles, the sample page, and a copy of a demo file (the same articles read twice)."""
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(DEMO / "2024-12-20_kaifaqu.txt", again / "copy.txt")
    return [DEMO, PAGE, again]


def test_cluster_build_equals_single_process(tmp_path: Path, client: Client, hanlp_backend: HanLPBackend) -> None:
    paths = _inputs(tmp_path)
    one = api.build(paths, tmp_path / "one", backend=hanlp_backend)
    # One file per partition and 300-byte JSONL ranges: the demo JSONL is read by three tasks.
    parts = list(list_partitions(paths, [], files_per_partition=1, block=300))
    assert sum(1 for p in parts if p.jsonl) == 3
    statuses: list[str] = []
    res = cluster_build(
        paths,
        tmp_path / "dask",
        client,
        status=lambda s: statuses.append(s.line()),
        files_per_partition=1,
        block=300,
    )
    assert not res.failures and not res.report.errors
    assert (res.articles, res.nodes, res.edges) == (one.articles, one.nodes, one.edges)
    assert res.report.duplicates == one.report.duplicates == 1
    assert _bytes(tmp_path / "dask") == _bytes(tmp_path / "one")
    assert len(statuses) == len(parts) and statuses[-1].startswith(f"{len(parts)}/{len(parts)} partitions")
    assert len(list((tmp_path / "dask" / "extractions").glob("part-*.parquet"))) == len(parts)
    # The next run with update reuses every extraction (same identity, same content hash).
    again = cluster_build(paths, tmp_path / "dask", client, update=True, files_per_partition=1, block=300)
    assert again.new_articles == 0 and again.articles == one.articles
    assert _bytes(tmp_path / "dask") == _bytes(tmp_path / "one")


def test_jsonl_ranges_read_each_line_once(tmp_path: Path) -> None:
    path = DEMO / "digest.jsonl"
    whole = [a for _, a in read_partition(next(iter(list_partitions([path], []))))[0]]
    for block in (1, 50, 300, 10_000):
        parts = list(list_partitions([path], [], block=block))
        ranged = [a for p in parts for _, a in read_partition(p)[0]]
        assert ranged == whole, block
        assert len(parts) == max(1, -(-path.stat().st_size // block) if block < path.stat().st_size else 1)


def test_failing_partition_is_named(tmp_path: Path, client: Client) -> None:
    paths = [DEMO / "2024-12-20_kaifaqu.txt", DEMO / "page_2024-12-18.md"]
    bad = list(list_partitions(paths, [], files_per_partition=1))[1]
    # Its cache file's place is taken by a folder, so every try fails when it writes.
    (tmp_path / "extractions" / f"{bad.name}.parquet" / "x").mkdir(parents=True)
    res = cluster_build(paths, tmp_path, client, update=True, files_per_partition=1)
    assert [f.name for f in res.failures] == [bad.name]
    assert [e.path for e in res.report.errors] == [str(paths[1])]
    assert bad.name in res.report.errors[0].reason
    assert res.articles == 1  # the other partition still made it into the graph


def test_cli_rejects_bad_cluster(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["build", str(DEMO), "-o", str(tmp_path), "--cluster", "local:0"])
    assert res.exit_code == 1 and "local:N" in res.output
