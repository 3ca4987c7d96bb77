"""The cluster build on a real Dask LocalCluster (worker processes) writes the single-machine build's files."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.cluster import build as cluster_mod
from newskg.cluster.partitions import list_partitions, read_partition
from newskg.ner.backend import HanLPBackend
from newskg.read import iter_articles
from tests.fakes import GazetteerBackend, TaskLogBackend
from tests.fixtures import ARTICLE, DEMO, GAZETTEER, SAMPLE, SECOND

FILES = ("nodes.csv", "edges.csv", "graph.graphml", "graph.json")
needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the sample page {SAMPLE} is not in this checkout")


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two worker processes with one thread each (the machine has two cores)."""
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as lc,
        Client(lc) as c,
    ):
        yield c


def _bytes(out: Path, names: tuple[str, ...] = FILES) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in names}


def _inputs(tmp_path: Path) -> list[Path]:
    """The demo articles, the sample page, and a copy of a demo file (the same texts read twice)."""
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(DEMO / "2024-12-20_kaifaqu.txt", again / "copy.txt")
    return [DEMO, SAMPLE, again]


@pytest.mark.hanlp
@needs_sample
def test_cluster_build_equals_single_machine(tmp_path: Path, client: Client, hanlp_backend: HanLPBackend) -> None:
    paths = _inputs(tmp_path)
    one = api.build(paths, tmp_path / "one", backend=hanlp_backend)
    # One file per task and 300-byte JSONL ranges: the demo JSONL is read by several tasks, the
    # copied file's duplicate texts meet the originals only across partitions.
    parts = list(list_partitions(paths, [], files_per_partition=1, block=300))
    assert sum(1 for p in parts if p.jsonl) >= 2
    statuses: list[str] = []
    # The workers load the bundled model themselves, once each.
    res = api.build(
        paths,
        tmp_path / "dask",
        cluster=client,
        status=lambda s: statuses.append(s.line()),
        partition_files=1,
        partition_bytes=300,
    )
    assert res.report.ok and not res.notes
    assert (res.articles, res.nodes, res.edges) == (one.articles, one.nodes, one.edges)
    assert res.report.duplicates == one.report.duplicates > 0
    assert _bytes(tmp_path / "dask") == _bytes(tmp_path / "one")
    assert len(statuses) == len(parts) and statuses[-1].startswith(f"{len(parts)}/{len(parts)} partitions")
    assert "articles/s" in statuses[-1]
    assert len(list((tmp_path / "dask" / "extractions").glob("part-*.parquet"))) == len(parts)
    # --update: every extraction is reused (same id, same content hash) and the files stay the same.
    again = api.build(paths, tmp_path / "dask", cluster=client, update=True, partition_files=1, partition_bytes=300)
    assert (again.new_articles, again.reused) == (0, one.articles)
    assert _bytes(tmp_path / "dask") == _bytes(tmp_path / "one")
    # An edited article is extracted again, alone, and the result equals a fresh plain build.
    copy = tmp_path / "again" / "copy.txt"
    copy.write_text(copy.read_text(encoding="utf-8").replace("调研", "考察", 1) + "\n副区长王玉兰到潞邑街道调研。\n")
    edited = api.build(paths, tmp_path / "dask", cluster=client, update=True, partition_files=1, partition_bytes=300)
    api.build(paths, tmp_path / "plain", backend=hanlp_backend)
    assert edited.new_articles == 1
    assert _bytes(tmp_path / "dask") == _bytes(tmp_path / "plain")


@pytest.mark.hanlp
@needs_sample
def test_cli_cluster_local_2_writes_the_plain_csv(tmp_path: Path, hanlp_backend: HanLPBackend) -> None:
    """The command as a user types it: ``--cluster local:2`` starts its own two worker processes."""
    plain = tmp_path / "plain"
    api.build([DEMO, SAMPLE], plain, backend=hanlp_backend)
    out = tmp_path / "cluster"
    res = CliRunner().invoke(app, ["build", str(DEMO), str(SAMPLE), "-o", str(out), "--cluster", "local:2"])
    assert res.exit_code == 0, res.output
    assert "articles/s" in res.output and "partitions" in res.output
    assert _bytes(out, ("nodes.csv", "edges.csv")) == _bytes(plain, ("nodes.csv", "edges.csv"))
    assert (out / "nodes.parquet").is_dir() and (out / "edges.parquet").is_dir()


def _fake_articles(folder: Path) -> list[Path]:
    folder.mkdir()
    texts = {"a.txt": ARTICLE, "b.txt": SECOND, "c.txt": "区委书记孟景伟到北京天海工业有限公司调研。张锋陪同。"}
    for name, text in texts.items():
        (folder / name).write_text(f"标题{name}\n{text}", encoding="utf-8")
    return [folder / name for name in texts]


def test_a_partition_failing_on_every_try_is_named(tmp_path: Path, client: Client) -> None:
    files = _fake_articles(tmp_path / "in")
    log = tmp_path / "tasks.log"
    bad = list(list_partitions(files, [], files_per_partition=1))[1]
    out = tmp_path / "out"
    # Its extraction file's place is taken by a folder, so every try fails when it writes.
    (out / "extractions" / f"{bad.name}.parquet" / "x").mkdir(parents=True)
    backend = TaskLogBackend(GAZETTEER, str(log))
    res = api.build(files, out, cluster=client, backend=backend, partition_files=1)
    assert [e.path for e in res.report.errors] == [str(files[1])]
    assert bad.name in res.report.errors[0].reason and not res.report.ok
    # The failed task ran three times (two retries); the others once each.
    assert len(log.read_text().splitlines()) == 3 + 2
    assert res.articles == 2  # the other partitions still made it into the graph
    api.build([files[0], files[2]], tmp_path / "plain", backend=GazetteerBackend(GAZETTEER))
    assert _bytes(out, ("nodes.csv", "edges.csv")) == _bytes(tmp_path / "plain", ("nodes.csv", "edges.csv"))


def test_a_worker_that_dies_mid_task_costs_nothing(tmp_path: Path, client: Client) -> None:
    files = _fake_articles(tmp_path / "in")
    backend = TaskLogBackend(GAZETTEER, str(tmp_path / "tasks.log"), crash_once=str(tmp_path / "crashed"))
    res = api.build(files, tmp_path / "out", cluster=client, backend=backend, partition_files=1)
    assert (tmp_path / "crashed").exists() and res.report.ok
    plain = tmp_path / "plain"
    api.build(files, plain, backend=GazetteerBackend(GAZETTEER))
    assert _bytes(tmp_path / "out") == _bytes(plain)
    client.wait_for_workers(2)  # the nanny restarted the worker: the next test has two again


def test_graphml_above_the_limit_only_when_asked(
    tmp_path: Path, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _fake_articles(tmp_path / "in")
    monkeypatch.setattr(cluster_mod, "GRAPHML_MAX_ARTICLES", 2)
    out = tmp_path / "out"
    (out / "graph.graphml").parent.mkdir()
    (out / "graph.graphml").write_text("an earlier run's graph")
    res = api.build(files, out, cluster=client, backend=GazetteerBackend(GAZETTEER))
    assert res.graph is None and "pass --graphml" in res.notes[0] and "3 articles" in res.notes[0]
    assert not (out / "graph.graphml").exists() and (out / "nodes.csv").is_file()
    forced = api.build(files, out, cluster=client, backend=GazetteerBackend(GAZETTEER), graphml=True)
    assert forced.graph is not None and (out / "graph.graphml").is_file() and not forced.notes


def test_jsonl_ranges_read_each_line_once_with_the_same_ids(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    # Records without ids are identified by their line number: a range must know where it starts.
    lines = [
        f'{{"title": "标题{i}", "text": "区委书记孟景伟到北京天海工业有限公司调研。第{i}期。"}}' for i in range(40)
    ]
    path.write_text("\n".join(lines[:20]) + "\n\n" + "\n".join(lines[20:]) + "\n", encoding="utf-8")
    whole = list(iter_articles([path]))
    for block in (1, 50, 333, 10_000):
        parts = list(list_partitions([path], [], block=block))
        ranged = [a for p in parts for a in read_partition(p)[0]]
        assert ranged == whole, block
        size = path.stat().st_size
        if block >= size:
            assert [p.files for p in parts] == [(str(path),)]
        else:
            assert len(parts) > 1 and parts[0].start == 0 and parts[-1].end == size
            assert all(a.end == b.start for a, b in itertools.pairwise(parts))


def test_cli_rejects_a_bad_cluster(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["build", str(DEMO), "-o", str(tmp_path), "--cluster", "local:0"])
    assert res.exit_code == 1 and "local:N" in res.output
    res = CliRunner().invoke(app, ["build", str(DEMO), "-o", str(tmp_path), "--cluster", "myhost"])
    assert res.exit_code == 1 and "tcp://HOST" in res.output
