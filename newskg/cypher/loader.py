"""Write a networkx graph into Neo4j: the database ends equal to a clean load of the graph.

Order of work: the schema (one rule per transaction, race-safe); the nodes
the load needs (MERGE on id, ``UNWIND`` batches); then the articles whose
``content_hash`` differs from the stored one, in batches, each batch ONE
transaction that locks its Article nodes, deletes the facts they wrote
before (listed in ``Article.facts``), marks the entity nodes a deleted fact
leaves (``CUT_LABEL``, in the same transaction), MERGEs the new facts on their
key (see :mod:`newskg.graph.keys`) and stores the new hash; ``mentions`` is
derived from the MENTIONED_IN relationships as they are written. Last, every
marked node loses its mark and, if no relationship references it any more,
is deleted.

So: loading a graph twice changes nothing; a crash leaves every article
either old or new, and a re-run ends equal to a clean load (the marks of the
crashed run are swept too); two concurrent loads never write a fact twice;
loading graph A then graph B gives the union, in any order.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from newskg.cypher import queries as q
from newskg.cypher.plan import Fact, LoadPlan, plan_load, report_totals
from newskg.cypher.readonly import check_params, check_plan
from newskg.graph.schema import ARTICLE_ID_PREFIX, parse_node_id
from newskg.model import WriteResult

__all__ = [
    "BOLT_SCHEMES",
    "Neo4jConfig",
    "Neo4jError",
    "Neo4jWriter",
    "check_uri",
    "connect",
    "ensure_schema",
    "read_rows",
    "run_read_query",
]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jError(RuntimeError):
    """A Neo4j problem explained in one line (auth, connection, query)."""


@dataclass(frozen=True)
class Neo4jConfig:
    """Connection settings; defaults come from ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``.

    There is no default password: each database gets its own at its first start.
    """

    uri: str = ""
    user: str = ""
    password: str = field(default="", repr=False)  # never in reprs, logs or messages
    database: str = "neo4j"
    retry_seconds: float = 30.0

    @classmethod
    def from_env(
        cls, uri: str | None = None, user: str | None = None, password: str | None = None, **kw: Any
    ) -> Neo4jConfig:
        """Fill unset values from the environment, then from the documented defaults."""
        return cls(
            uri=uri or os.environ.get("NEO4J_URI", "bolt://localhost:7687"),
            user=user or os.environ.get("NEO4J_USER", "neo4j"),
            password=password or os.environ.get("NEO4J_PASSWORD", ""),
            **kw,
        )


def check_uri(uri: str) -> None:
    """Raise :class:`Neo4jError` unless ``uri`` is a Bolt address (``bolt://``, ``neo4j://`` and their TLS forms).

    >>> check_uri("bolt://127.0.0.1:99999")
    Traceback (most recent call last):
    ...
    newskg.cypher.loader.Neo4jError: 'bolt://127.0.0.1:99999': port 99999 is not a TCP port (1 to 65535)
    """
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise Neo4jError(
            f"{uri!r} is not a Bolt address: newskg talks to Neo4j over Bolt, e.g. bolt://localhost:7687 "
            "(the http:// port, 7474, serves Neo4j Browser)"
        )
    # The driver would take the port modulo 65536 and silently reach another one.
    port = re.search(r":(\d+)(?:[/?#]|$)", uri.split("://", 1)[1].rsplit("@", 1)[-1])
    if port and not 0 < int(port.group(1)) < 65536:
        raise Neo4jError(f"{uri!r}: port {port.group(1)} is not a TCP port (1 to 65535)")


def _line(exc: BaseException) -> str:
    """An exception's text on one line (the driver's messages span several)."""
    return " ".join(str(exc).split())


_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


def _scrub(text: str, cfg: Neo4jConfig) -> str:
    """Blank out the password and any user:password@ of a URI in a message.

    >>> _scrub("bad URI 'bolt://neo4j:s3cret@db:7687': s3cret", Neo4jConfig(password="s3cret"))
    "bad URI 'bolt://***@db:7687': ***"
    """
    text = _USERINFO.sub("***@", text)
    return text.replace(cfg.password, "***") if cfg.password else text


@contextmanager
def connect(cfg: Neo4jConfig) -> Iterator[Any]:
    """A verified driver; connection and auth problems become :class:`Neo4jError`.

    Messages never contain the password.
    """
    try:
        with _connect(cfg) as driver:
            yield driver
    except Neo4jError as exc:
        raise Neo4jError(_scrub(str(exc), cfg)) from exc.__cause__


@contextmanager
def _connect(cfg: Neo4jConfig) -> Iterator[Any]:
    from neo4j import GraphDatabase
    from neo4j import exceptions as ne

    check_uri(cfg.uri)
    try:
        driver = GraphDatabase.driver(
            cfg.uri,
            auth=(cfg.user, cfg.password),
            max_transaction_retry_time=cfg.retry_seconds,
            # "property key does not exist" (``loaded`` on a fresh database) would be logged once per query.
            notifications_disabled_classifications=["UNRECOGNIZED"],
        )
    except (ValueError, ne.ConfigurationError) as exc:
        raise Neo4jError(f"bad Neo4j URI {cfg.uri!r}: {_line(exc)}") from exc
    try:
        try:
            driver.verify_connectivity()
        except ne.AuthError as exc:
            if not cfg.password:
                raise Neo4jError(
                    f"Neo4j at {cfg.uri} wants a password for user {cfg.user!r}: set NEO4J_PASSWORD"
                ) from exc
            raise Neo4jError(
                f"Neo4j at {cfg.uri} refused the credentials of user {cfg.user!r} (check NEO4J_PASSWORD)"
            ) from exc
        except (ne.ServiceUnavailable, OSError) as exc:
            raise Neo4jError(f"cannot reach Neo4j at {cfg.uri}: is the server running? ({_line(exc)})") from exc
        yield driver
    except ne.Neo4jError as exc:
        first = (exc.message or "").strip().splitlines() or [""]
        raise Neo4jError(f"Neo4j error {exc.code}: {first[0]}") from exc
    except (ne.ServiceUnavailable, ne.SessionExpired) as exc:
        raise Neo4jError(
            f"lost the connection to Neo4j at {cfg.uri} ({_line(exc)}); run the same command again to finish"
        ) from exc
    except ne.DriverError as exc:
        raise Neo4jError(f"Neo4j driver error: {_line(exc)}") from exc
    finally:
        driver.close()


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# Schema errors that mean "another loader created it first": the rule is there, which is all we need.
_SCHEMA_RACE = ("AlreadyExists", "EquivalentSchemaRule")


def ensure_schema(driver: Any, database: str) -> None:
    """Create constraints and indexes, one statement per transaction, so concurrent loaders never fail here."""
    from neo4j import exceptions as ne

    for stmt in q.SCHEMA:
        try:
            driver.execute_query(stmt, database_=database)
        except ne.ClientError as exc:
            if not any(code in (exc.code or "") for code in _SCHEMA_RACE):
                raise
            log.info("schema rule already created by another loader: %s", stmt)


class _MissingEndpoint(Exception):
    """A fact's node vanished between the node phase and the fact (another loader removed an orphan)."""


def _by_combo(facts: Iterable[Fact]) -> dict[tuple[str, str, str], list[Fact]]:
    out: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        out[f.combo].append(f)
    return out


def _fact_rows(facts: list[Fact]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for single facts and for facts with reports (one row per relationship), sorted by start node."""
    single = [{"source": f.source, "target": f.target, "key": f.key, "props": f.props} for f in facts if not f.reports]
    merged: dict[str, dict[str, Any]] = {}
    for f in facts:
        if not f.reports:
            continue
        row = merged.setdefault(
            f.key, {"source": f.source, "target": f.target, "key": f.key, "props": {}, "reports": {}}
        )
        row["props"].update(f.props)
        for k, vals in f.reports.items():
            row["reports"].setdefault(k, []).extend(vals)
    for row in merged.values():
        row["totals"] = report_totals(row["reports"])
    # Sorted by start node: neighbouring rows touch the same node (warm pages, fewer lock orders to deadlock on).
    single.sort(key=lambda r: (r["source"], r["target"]))
    return single, sorted(merged.values(), key=lambda r: (r["source"], r["target"]))


def _by_source(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Single-fact rows grouped by start node for :func:`~newskg.cypher.queries.create_relationships`."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        row = out.setdefault(r["source"], {"source": r["source"], "facts": [], "mentions": 0})
        row["facts"].append({"target": r["target"], "key": r["key"], "props": r["props"]})
        row["mentions"] += int(r["props"].get("count", 1))
    return list(out.values())


def _delete_rows(stored: Iterable[tuple[str, str]]) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Group stored fact entries (article node id, JSON entry) into one delete row per relationship."""
    rows: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for art, entry in stored:
        typ, sl, dl, u, v, key = json.loads(entry)
        row = rows[(typ, sl, dl)].setdefault(key, {"source": u, "target": v, "key": key, "articles": []})
        row["articles"].append(parse_node_id(art)[1])
    return {c: list(r.values()) for c, r in rows.items()}


class Neo4jWriter:
    """Loads graphs into one Neo4j database.

    Args:
        cfg: Connection settings.
        batch_size: Rows per ``UNWIND`` transaction (relationships per article batch).
    """

    def __init__(self, cfg: Neo4jConfig, batch_size: int = 1000) -> None:
        if batch_size < 1:
            raise ValueError("batch size must be at least 1")
        check_uri(cfg.uri)
        self.cfg = cfg
        self.batch_size = batch_size

    def write(self, g: nx.MultiDiGraph, progress: Progress | None = None, *, prune: bool = False) -> WriteResult:
        """Bring the database to what the graph says, article by article. O(N + E) rows.

        Articles whose ``content_hash`` is in the database already are skipped;
        the others have their old facts replaced by the new ones in one
        transaction per batch of articles. Articles the graph does not hold stay
        (loading graph A then B gives the union), unless ``prune``: then they
        are deleted with their facts, and the database holds the graph's
        articles only, as a clean load of it would.
        """
        plan = plan_load(g)
        with connect(self.cfg) as driver:
            ensure_schema(driver, self.cfg.database)
            stored = self._stored_hashes(driver, list(plan.articles))
            todo = sorted(a for a, p in plan.articles.items() if stored.get(a) != p.content_hash)
            # Entity nodes no fact references are not written: they would be orphans. A pruning load writes
            # every node of the graph, its properties replacing the stored ones (lists not unioned).
            written = sorted(plan.articles) if prune else todo
            needed = set(written)
            for a in written:
                for f in plan.articles[a].facts:
                    needed.update((f.source, f.target))
            for f in plan.free_facts:
                needed.update((f.source, f.target))
            node_rows = {
                label: [row for n, row in sorted(rows.items()) if n in needed] for label, rows in plan.nodes.items()
            }
            total = sum(map(len, node_rows.values())) + len(plan.free_facts)
            total += sum(len(plan.articles[a].facts) for a in todo)
            self._done, self._total, self._progress = 0, total, progress
            for label in sorted(node_rows):
                for chunk in _chunks(node_rows[label], self.batch_size):
                    self._write(driver, q.merge_nodes(label, replace=prune), chunk)
                    self._tick(len(chunk))
            replaced = 0
            for batch in self._article_batches(plan, todo):
                replaced += self._replace_articles(driver, plan, node_rows, batch)
            for combo, facts in sorted(_by_combo(plan.free_facts).items()):
                single, reports = _fact_rows(facts)
                for stmt, rows in ((q.merge_relationships(*combo), single), (q.merge_reports(*combo), reports)):
                    for chunk in _chunks(rows, self.batch_size):
                        self._write(driver, stmt, chunk)
                self._tick(len(facts))
            removed = self._prune(driver, set(plan.articles)) if prune else 0
            deleted = self._sweep(driver)
        rels = sum(len(plan.articles[a].facts) for a in todo) + len(plan.free_facts)
        return WriteResult(
            nodes=sum(map(len, node_rows.values())),
            relationships=rels,
            skipped_articles=len(plan.articles) - len(todo),
            replaced_articles=replaced,
            deleted_nodes=deleted,
            removed_articles=removed,
        )

    def _tick(self, n: int) -> None:
        self._done += n
        if self._progress:
            self._progress(self._done, self._total)

    def _stored_hashes(self, driver: Any, ids: list[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for chunk in _chunks(ids, 10000):
            recs, _, _ = driver.execute_query(q.ARTICLE_HASHES, ids=list(chunk), database_=self.cfg.database)
            out.update((r["id"], r["hash"]) for r in recs)
        return out

    def _article_batches(self, plan: LoadPlan, todo: list[str]) -> Iterator[list[str]]:
        """Articles in batches of about ``batch_size`` facts (at least one article each)."""
        batch: list[str] = []
        size = 0
        for a in todo:
            batch.append(a)
            size += len(plan.articles[a].facts) + 1
            if size >= self.batch_size:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def _replace_articles(
        self, driver: Any, plan: LoadPlan, node_rows: dict[str, list[dict[str, Any]]], batch: list[str]
    ) -> int:
        """Replace the facts of a batch of articles in one transaction; returns the articles written."""
        result = [0]

        def work(tx: Any) -> None:
            locked = {r["id"]: r for r in tx.run(q.LOCK_ARTICLES, ids=batch)}
            # Re-checked under the lock: another loader may have written the same content meanwhile.
            mine = [a for a in batch if a in locked and locked[a]["hash"] != plan.articles[a].content_hash]
            old = [(a, e) for a in mine for e in locked[a]["facts"]]
            for combo, rows in sorted(_delete_rows(old).items()):
                tx.run(q.delete_facts(*combo), rows=rows).consume()  # marks the entities cut off (CUT_LABEL)
            for combo, facts in sorted(_by_combo(f for a in mine for f in plan.articles[a].facts).items()):
                single, reports = _fact_rows(facts)
                for stmt, rows, n_facts in (
                    (q.create_relationships(*combo), _by_source(single), len(single)),
                    (q.merge_reports(*combo), reports, len(reports)),
                ):
                    written = sum(tx.run(stmt, rows=list(chunk)).single()["n"] for chunk in _chunks(rows, 1000))
                    if written != n_facts:
                        raise _MissingEndpoint(combo)
            tx.run(
                q.FINISH_ARTICLES,
                rows=[
                    {
                        "id": a,
                        "hash": plan.articles[a].content_hash,
                        "facts": sorted({f.stored() for f in plan.articles[a].facts}),
                    }
                    for a in mine
                ],
            ).consume()
            tx.run(q.UNLOCK_ARTICLES, ids=[a for a in batch if a not in mine]).consume()
            result[0] = len(mine)

        for attempt in range(4):
            try:
                with driver.session(database=self.cfg.database) as session:
                    _patiently(lambda: session.execute_write(work))
                break
            except _MissingEndpoint as exc:
                if attempt == 3:
                    raise Neo4jError(
                        "nodes kept vanishing while loading (another loader removing them?); run again"
                    ) from exc
                log.info("a node vanished under a concurrent load; writing this batch's nodes again")
                ids = {x for a in batch for f in plan.articles[a].facts for x in (f.source, f.target)}
                for label, rows in node_rows.items():
                    self._write(driver, q.merge_nodes(label), [r for r in rows if r["id"] in ids])
        self._tick(sum(len(plan.articles[a].facts) for a in batch))
        return result[0]

    def _prune(self, driver: Any, keep: set[str]) -> int:
        """Delete this project's Article nodes that are not in ``keep``, with their facts; returns how many."""
        recs, _, _ = driver.execute_query(q.ARTICLE_IDS, prefix=ARTICLE_ID_PREFIX, database_=self.cfg.database)
        stale = sorted(r["id"] for r in recs if r["id"] not in keep)
        removed = 0
        for chunk in _chunks(stale, 100):
            removed += self._delete_articles(driver, list(chunk))
        if removed:
            log.info("removed %d articles the graph does not hold", removed)
        return removed

    def _delete_articles(self, driver: Any, ids: list[str]) -> int:
        """Delete some Article nodes and their facts in one transaction; returns how many were there."""
        result = [0]

        def work(tx: Any) -> None:
            locked = [(r["id"], r["facts"]) for r in tx.run(q.LOCK_ARTICLES, ids=ids)]
            for combo, rows in sorted(_delete_rows((a, e) for a, facts in locked for e in facts).items()):
                tx.run(q.delete_facts(*combo), rows=rows).consume()  # marks the entities cut off
            result[0] = int(tx.run(q.DELETE_ARTICLES, ids=ids).single()["n"])

        with driver.session(database=self.cfg.database) as session:
            _patiently(lambda: session.execute_write(work))
        return result[0]

    def _sweep(self, driver: Any) -> int:
        """Delete the entity nodes that lost facts (in this load or an interrupted one) and are referenced no more.

        Every node that lost a fact was marked in the transaction that cut it
        (:data:`~newskg.cypher.queries.CUT_LABEL`), so a load killed after some
        batches leaves marks, and the next load of any graph removes its orphans.
        Returns the number of nodes deleted. O(marked nodes).
        """
        from neo4j import exceptions as ne

        deleted = races = 0
        while True:
            try:
                recs, _, _ = driver.execute_query(q.SWEEP_CUT, batch=10_000, database_=self.cfg.database)
            except ne.ClientError as exc:  # another loader linked a node between the check and the delete
                races += 1
                if races > 5:
                    raise
                log.info("orphan removal raced a concurrent load (%s); checking again", exc.code)
                continue
            deleted += int(recs[0]["deleted"])
            if not recs[0]["marks"]:
                return deleted

    def _write(self, driver: Any, stmt: str, rows: Sequence[dict[str, Any]], **params: Any) -> None:
        def work(tx: Any) -> None:
            tx.run(stmt, rows=list(rows), **params).consume()

        with driver.session(database=self.cfg.database) as session:
            _patiently(lambda: session.execute_write(work))


def _patiently(call: Callable[[], object], tries: int = 8) -> None:
    """Run a managed transaction again when the driver's own retries gave up on a deadlock.

    Concurrent loaders lock the same entity nodes in different orders; the
    server breaks each deadlock by failing one transaction, which is rolled
    back whole and simply runs again, after a random pause.
    """
    from neo4j import exceptions as ne

    for attempt in range(tries):
        try:
            call()
            return
        except ne.TransientError:
            if attempt == tries - 1:
                raise
            time.sleep(random.uniform(0.5, 2.0) * (attempt + 1))


@contextmanager
def read_rows(cfg: Neo4jConfig, query: str, params: dict[str, Any] | None = None) -> Iterator[Iterator[dict[str, Any]]]:
    """Stream the rows of read-only Cypher: fetched from the server as they are consumed, never all held.

    The query runs in a READ access-mode transaction (the server refuses
    writes), after the server's plan of it (``EXPLAIN``, in the same
    transaction) passed :func:`~newskg.cypher.readonly.check_plan`.
    Parameters travel as one map, so any name (``query``, ``parameters``...)
    is an ordinary parameter. On Ctrl-C the query is terminated on the server
    (found by its transaction's metadata, from a second connection) before
    the transaction is closed, so closing never waits for the query to end.

    Raises:
        ValueError: For a refused query or a parameter Neo4j cannot hold.
        Neo4jError: For server-side errors (syntax, access mode, connection).
    """
    check_params(params or {})
    token = uuid.uuid4().hex
    with connect(cfg) as driver, driver.session(database=cfg.database, default_access_mode="READ") as session:
        tx = session.begin_transaction(metadata={q.QUERY_MARK: token})
        try:
            summary = tx.run(f"EXPLAIN {query}", params or {}).consume()
            check_plan(summary.plan, summary.query_type, summary.database, cfg.database)
            yield (record.data() for record in tx.run(query, params or {}))
        except KeyboardInterrupt:
            _terminate(cfg, token)
            with suppress(Exception):  # the server reports the termination: expected
                tx.close()
            raise
        finally:
            tx.close()  # rolls back: nothing to commit, and unread rows are discarded on the server


def _terminate(cfg: Neo4jConfig, token: str) -> None:
    """Terminate on the server the transaction whose metadata carries ``token`` (best effort)."""
    try:
        with connect(cfg) as driver:
            recs, _, _ = driver.execute_query(q.FIND_QUERY, token=token, database_=cfg.database)
            ids = [r["transactionId"] for r in recs]
            if ids:
                driver.execute_query(q.TERMINATE, ids=ids, database_=cfg.database)
    except Exception as exc:
        log.warning("could not cancel the query on the server: %s", exc)


def run_read_query(cfg: Neo4jConfig, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """All rows of read-only Cypher (see :func:`read_rows`); for queries with bounded results."""
    with read_rows(cfg, query, params) as rows:
        return list(rows)
