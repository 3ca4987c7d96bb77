"""Write a networkx graph into Neo4j: constraints first, then ``UNWIND`` batches.

Each batch is one managed write transaction: the driver retries transient
failures, and a batch that finally fails is rolled back whole. Nodes and
relationships are MERGEd on their ids/keys, so loading the same graph again
changes nothing and a re-run after a crash finishes the job without
duplicates. Relationships of articles already loaded are skipped; an article
is marked loaded only after all relationships of its load are written.
"""

from __future__ import annotations

import logging
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from newskg.cypher import queries as q
from newskg.graph.schema import ARTICLE, LABELS, parse_node_id
from newskg.model import WriteResult

__all__ = [
    "Neo4jConfig",
    "Neo4jError",
    "Neo4jWriter",
    "connect",
    "run_read_query",
]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


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

    try:
        driver = GraphDatabase.driver(
            cfg.uri,
            auth=(cfg.user, cfg.password),
            max_transaction_retry_time=cfg.retry_seconds,
            # "property key does not exist" (``loaded`` on a fresh database) would be logged once per query.
            notifications_disabled_classifications=["UNRECOGNIZED"],
        )
    except (ValueError, ne.ConfigurationError) as exc:
        raise Neo4jError(f"bad Neo4j URI {cfg.uri!r}: {exc}") from exc
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
            raise Neo4jError(f"cannot reach Neo4j at {cfg.uri}: is the server running? ({exc})") from exc
        yield driver
    except ne.Neo4jError as exc:
        raise Neo4jError(f"Neo4j error {exc.code}: {exc.message}") from exc
    except (ne.ServiceUnavailable, ne.SessionExpired) as exc:
        raise Neo4jError(
            f"lost the connection to Neo4j at {cfg.uri} ({exc}); run the same command again to finish"
        ) from exc
    except ne.DriverError as exc:
        raise Neo4jError(f"Neo4j driver error: {exc}") from exc
    finally:
        driver.close()


def _split(d: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    scalars: dict[str, Any] = {}
    lists: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, list | tuple):
            lists[k] = list(v)
        elif v is not None:
            scalars[k] = v
    return scalars, lists


def _label(g: nx.MultiDiGraph, n: str) -> str:
    return str(g.nodes[n].get("label", ""))


def _chunks(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class Neo4jWriter:
    """Loads graphs into one Neo4j database.

    Args:
        cfg: Connection settings.
        batch_size: Rows per ``UNWIND`` transaction.
    """

    def __init__(self, cfg: Neo4jConfig, batch_size: int = 1000) -> None:
        if batch_size < 1:
            raise ValueError("batch size must be at least 1")
        self.cfg = cfg
        self.batch_size = batch_size

    def write(self, g: nx.MultiDiGraph, progress: Progress | None = None) -> WriteResult:
        """Create the schema, then upsert nodes and relationships in batches. O(N + E) round trips / batch size."""
        with connect(self.cfg) as driver:
            for stmt in (*q.DROP_INDEXES, *q.CONSTRAINTS, *q.INDEXES):
                driver.execute_query(stmt, database_=self.cfg.database)
            article_ids = [n for n in g.nodes if _label(g, n) == ARTICLE]
            known: set[str] = set()
            for chunk in _chunks([{"id": i} for i in article_ids], 10000):
                recs, _, _ = driver.execute_query(
                    q.ARTICLE_IDS, ids=[r["id"] for r in chunk], database_=self.cfg.database
                )
                known.update(r["id"] for r in recs)
            known_aids = {parse_node_id(i)[1] for i in known}
            node_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for n, d in g.nodes(data=True):
                label = d.get("label")
                if label not in LABELS:
                    log.warning("node %s has no known label; skipped", n)
                    continue
                scalars, lists = _split({k: v for k, v in d.items() if k != "label"})
                node_rows[str(label)].append({"id": n, "scalars": scalars, "props": lists})
            rel_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
            for u, v, k, d in g.edges(keys=True, data=True):
                if d.get("article_id") in known_aids:
                    continue  # that article is loaded already
                typ = str(d.get("type", ""))
                scalars, lists = _split({a: b for a, b in d.items() if a != "type"})
                # list properties: the reports of one visit (article_ids, evidences, sources)
                rel_rows[(typ, _label(g, u), _label(g, v))].append(
                    {"source": u, "target": v, "key": k, "props": {**scalars, **lists}}
                )
            total = sum(map(len, node_rows.values())) + sum(map(len, rel_rows.values()))
            done = 0
            for label in sorted(node_rows):
                stmt = q.merge_nodes(label)
                for chunk in _chunks(node_rows[label], self.batch_size):
                    self._write(driver, stmt, chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            rels = 0
            for typ, src, dst in sorted(rel_rows):
                stmt = q.merge_relationships(typ, src, dst)
                for chunk in _chunks(rel_rows[(typ, src, dst)], self.batch_size):
                    self._write(driver, stmt, chunk)
                    done += len(chunk)
                    rels += len(chunk)
                    if progress:
                        progress(done, total)
            new_ids = [i for i in article_ids if i not in known]
            for chunk in _chunks([{"id": i} for i in new_ids], 10000):
                self._write(driver, q.MARK_LOADED, [], ids=[r["id"] for r in chunk])
        return WriteResult(
            nodes=sum(map(len, node_rows.values())),
            relationships=rels,
            skipped_articles=len(known),
        )

    def _write(self, driver: Any, stmt: str, rows: Sequence[dict[str, Any]], **params: Any) -> None:
        def work(tx: Any) -> None:
            tx.run(stmt, rows=list(rows), **params).consume()

        with driver.session(database=self.cfg.database) as session:
            session.execute_write(work)


def run_read_query(cfg: Neo4jConfig, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run Cypher in a read-only transaction; a write attempt raises :class:`Neo4jError`."""

    def work(tx: Any) -> list[dict[str, Any]]:
        return [r.data() for r in tx.run(query, **(params or {}))]

    with connect(cfg) as driver, driver.session(database=cfg.database, default_access_mode="READ") as session:
        return session.execute_read(work)  # type: ignore[no-any-return]
