"""Issue 27, Neo4j: interrupted loads, deleted articles, the read-only guard, cancelling a query.

Against the real Neo4j test server. Loads are killed with SIGKILL in processes
of their own; graphs come from the synthetic corpus of the benchmarks (the
loader is what is tested, not extraction).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.cypher.loader import Neo4jConfig, connect
from newskg.graph.build import build_graph
from newskg.graph.export import write_json
from newskg.model import ArticleExtraction
from tests.database import dump, query_cli, wipe
from tests.fixtures import ROOT

pytestmark = pytest.mark.neo4j
runner = CliRunner()
ORPHANS = "MATCH (n) WHERE NOT (n)--() AND NOT n:Article RETURN count(*) AS n"


def _count(cfg: Neo4jConfig, stmt: str) -> int:
    with connect(cfg) as driver:
        return int(driver.execute_query(stmt).records[0]["n"])


@pytest.fixture()
def db(neo4j_cfg: Neo4jConfig) -> Iterator[Neo4jConfig]:
    wipe(neo4j_cfg)
    yield neo4j_cfg


def _extractions(n: int, seed: int) -> list[ArticleExtraction]:
    from bench.corpus import extractions

    return list(extractions(n, seed=seed))


def _with_text_of(ex: ArticleExtraction, other: ArticleExtraction) -> ArticleExtraction:
    """Article ``ex`` with the text (and so the facts) of ``other``: the same article, edited."""
    aid = ex.article.id
    return ArticleExtraction(
        article=other.article.model_copy(update={"id": aid}),
        mentions=other.mentions,
        relations=tuple(r.model_copy(update={"article_id": aid}) for r in other.relations),
    )


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph, Path]:
    """Graph A of 200 articles, and C: A with 70 articles' texts replaced (C also as a graph.json file)."""
    a = _extractions(200, seed=11)
    others = _extractions(70, seed=99)
    c = [_with_text_of(ex, others[i // 2]) if i % 2 == 0 and i < 140 else ex for i, ex in enumerate(a)]
    ga, gc = build_graph(a), build_graph(c)
    path = tmp_path_factory.mktemp("graphs") / "c.json"
    write_json(gc, path)
    return ga, gc, path


# Case 1: an interrupted load left orphans that no re-run removed.

KILLED_LOAD = """
import os, signal, sys
from pathlib import Path
from newskg import api
from newskg.cypher import loader
from newskg.cypher.loader import Neo4jConfig

after = int(sys.argv[2])  # article batches that commit before the kill; -1: kill after the node phase
real = loader.Neo4jWriter._replace_articles
done = []

def replace(self, *args):
    if len(done) == max(after, 0):
        os.kill(os.getpid(), signal.SIGKILL)
    out = real(self, *args)
    done.append(1)
    return out

loader.Neo4jWriter._replace_articles = replace
api.load(Path(sys.argv[1]), Neo4jConfig.from_env(), batch_size=20)
"""


@pytest.mark.parametrize("after", [-1, 1, 3])
def test_a_rerun_after_a_killed_load_equals_a_clean_load(
    db: Neo4jConfig, graphs: tuple[nx.MultiDiGraph, nx.MultiDiGraph, Path], after: int
) -> None:
    """Case 1: load A; load C killed (after the node phase, or after 1 or 3 article batches); load C again.

    Before: the entity nodes the killed run cut off stayed as orphans, since the re-run skips the articles
    the killed run had replaced (and so cuts nothing). Now the database equals a clean load of A then C.
    """
    ga, gc, path = graphs
    api.load(gc, db)
    clean = dump(db)
    assert _count(db, ORPHANS) == 0
    wipe(db)
    api.load(ga, db)
    api.load(gc, db)
    a_then_c = dump(db)
    wipe(db)
    api.load(ga, db)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEO4J_URI": db.uri, "NEO4J_PASSWORD": db.password}
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_LOAD, str(path), str(after)], env=env, capture_output=True, text=True
    )
    assert proc.returncode == -9, proc.stderr
    api.load(gc, db, batch_size=20)
    assert _count(db, ORPHANS) == 0
    assert dump(db) == a_then_c
    assert len(a_then_c[0]) == len(clean[0])


# Case 6: a deleted article never left Neo4j.


def test_load_prune_takes_deleted_articles_out_of_the_database(
    db: Neo4jConfig, graphs: tuple[nx.MultiDiGraph, nx.MultiDiGraph, Path], tmp_path: Path
) -> None:
    """Case 6: after an input was removed, `visits --neo4j` kept its visits; `load --prune` removes them."""
    ga, _, _ = graphs
    kept = _extractions(200, seed=11)[:150]
    smaller = build_graph(kept)
    api.load(ga, db)
    res = api.load(smaller, db)
    assert res.replaced_articles == 0 and len(api.visits_neo4j(db)) > len(api.visits(smaller))  # plain load: kept
    assert api.load(smaller, db, prune=True).removed_articles == 50
    api.load(ga, db)
    path = tmp_path / "smaller.json"
    write_json(smaller, path)
    res = runner.invoke(app, ["load", str(path), "--prune", "--uri", db.uri], env={"NEO4J_PASSWORD": db.password})
    assert res.exit_code == 0 and "(50 articles not in the graph removed)" in res.stderr, res.output
    after = dump(db)
    assert api.visits_neo4j(db) == api.visits(smaller)
    wipe(db)
    api.load(smaller, db)
    assert dump(db) == after


# Case 7: the read-only guard of `newskg query` was a regex, and could be bypassed.


@pytest.mark.parametrize(
    "cypher",
    [
        "CALL `dbms`.`listConfig`() YIELD name RETURN name",
        "CALL dbms . listConnections()",
        "CALL `dbms`.`killConnections`(['bolt-1'])",
        "CALL apoc.log.stream('debug.log')",
        "CALL db.clearQueryCaches()",
        "CALL db.stats.collect('QUERIES')",
        "MATCH (n) CALL (n) { CALL dbms.listConfig() YIELD name RETURN name } RETURN name LIMIT 1",
        "SHOW SETTINGS",
        "CALL apoc.create.node(['Person'], {id: 'written-in-read-mode'}) YIELD node RETURN node",
        "SHOW /* a comment */ TRANSACTIONS",
    ],
)
def test_the_server_decides_what_is_refused(db: Neo4jConfig, cypher: str) -> None:
    """Case 7: procedure calls the old spelling check let through are refused from the query plan."""
    code, _, stderr = query_cli(db, cypher)
    assert code == 1 and "refused" in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


@pytest.mark.parametrize(
    ("cypher", "rows"),
    [
        ("UNWIND [2, 1] AS start RETURN start ORDER BY start", ['{"start": 1}', '{"start": 2}']),
        ("MATCH (n:Set) RETURN count(n) AS n", ['{"n": 0}']),
        ("RETURN 1 AS set, 2 AS delete", ['{"set": 1, "delete": 2}']),
        ("CALL db.labels() YIELD label RETURN count(label) >= 0 AS ok", ['{"ok": true}']),
        ("CALL apoc.meta.stats() YIELD labelCount RETURN labelCount >= 0 AS ok", ['{"ok": true}']),
    ],
)
def test_read_queries_are_not_refused_for_their_spelling(db: Neo4jConfig, cypher: str, rows: list[str]) -> None:
    """Case 7: `ORDER BY start` and a label `:Set` were refused by the spelling check."""
    code, stdout, stderr = query_cli(db, cypher, "--json")
    assert code == 0, stderr
    assert stdout.splitlines() == rows


# Case 9: Ctrl-C did not stop a long `newskg query`: closing the transaction waited for the server.

LONG = "UNWIND range(1, 10000000000) AS i WITH i WHERE i < 0 RETURN count(i) AS newskg_issue27_long"


def _running_long(cfg: Neo4jConfig) -> list[str]:
    with connect(cfg) as driver:
        recs = driver.execute_query(
            "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE currentQuery CONTAINS $marker "
            "RETURN transactionId",
            marker="newskg_issue27_long",
        ).records
    return [r["transactionId"] for r in recs]


def test_ctrl_c_stops_a_long_query_and_cancels_it_on_the_server(db: Neo4jConfig) -> None:
    """Case 9: the first Ctrl-C ends the command (one line, exit 130) and the server stops the query."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEO4J_URI": db.uri, "NEO4J_PASSWORD": db.password}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newskg.cli", "query", LONG],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not _running_long(db) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        if proc.poll() is not None:  # the command ended before its query ran: say why
            pytest.fail(f"newskg query exited {proc.returncode} before the query ran: {proc.communicate()[1]}")
        assert _running_long(db), "the query did not start"
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)  # before the fix: waits for the query (hours)
        assert proc.returncode == 130
        assert stderr.strip().splitlines() == ["error: interrupted; the query was cancelled on the server"]
        deadline = time.monotonic() + 30
        while _running_long(db) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _running_long(db) == []
    finally:
        proc.kill()
        proc.communicate()
        with connect(db) as driver:
            for tid in _running_long(db):
                driver.execute_query("TERMINATE TRANSACTIONS $ids", ids=[tid])


# Smaller cases.


def test_an_interrupted_load_says_what_remains(
    db: Neo4jConfig, graphs: tuple[nx.MultiDiGraph, nx.MultiDiGraph, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`load` said "no partial output was left behind", but its committed batches remain (as they should)."""
    _, _, path = graphs
    from newskg.cypher import loader

    real = loader.Neo4jWriter._replace_articles
    calls: list[int] = []

    def replace(self: loader.Neo4jWriter, *args: Any) -> Any:
        if calls:
            raise KeyboardInterrupt
        calls.append(1)
        return real(self, *args)

    monkeypatch.setattr(loader.Neo4jWriter, "_replace_articles", replace)
    res = runner.invoke(
        app, ["load", str(path), "--batch-size", "20", "--uri", db.uri], env={"NEO4J_PASSWORD": db.password}
    )
    assert res.exit_code == 130
    assert res.stderr.strip().splitlines() == [
        "error: interrupted; the articles loaded so far stay in the database, each whole (old or new); "
        "run the same load again to finish"
    ]
    assert _count(db, "MATCH (a:Article) WHERE a.content_hash IS NOT NULL RETURN count(a) AS n") > 0
