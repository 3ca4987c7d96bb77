"""What ``newskg query`` lets run: decided by what the server says the query does, not by its spelling.

The query runs in a READ access-mode transaction, so the server refuses
writes. Before it runs, the same transaction asks the server for its plan
(``EXPLAIN``: planned, not run), and :func:`check_plan` refuses it unless it
reads only: the query type must be read (``r``), on the session's database;
no operator may list or stop transactions, show settings, read files
(``LoadCSV``) or administer the DBMS; every procedure called must be on
:data:`READ_PROCEDURES`, a list of procedures that read the graph and
nothing else. A spelling trick (``CALL `dbms`.`listConfig`()``, spaces
around the dot, a subquery) changes nothing: the plan names the procedure
the server would run.

Roles: Neo4j Community Edition has none, so every user may run
administration procedures there and this plan check is the guard. On
Enterprise Edition give ``newskg query`` a user with the built-in ``reader``
role as well (``--user``, ``NEO4J_USER``): the server then refuses what the
role may not do, whatever the check lets through.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["READ_PROCEDURES", "ReadOnlyError", "check_params", "check_plan"]

# Procedures that only read the graph or its schema. Everything else (dbms.*, db.clearQueryCaches,
# db.stats.*, apoc.log.*, apoc.create.*, apoc.load.* ...) is refused, whatever its declared mode.
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "db.index.vector.queryNodes",
        "db.index.vector.queryRelationships",
        "apoc.meta.data",
        "apoc.meta.schema",
        "apoc.meta.stats",
        "apoc.meta.graph",
        "apoc.meta.graphSample",
        "apoc.meta.subGraph",
        "apoc.meta.nodeTypeProperties",
        "apoc.meta.relTypeProperties",
        "apoc.path.expand",
        "apoc.path.expandConfig",
        "apoc.path.spanningTree",
        "apoc.path.subgraphAll",
        "apoc.path.subgraphNodes",
        "apoc.algo.aStar",
        "apoc.algo.aStarConfig",
        "apoc.algo.allSimplePaths",
        "apoc.algo.dijkstra",
        "apoc.neighbors.athop",
        "apoc.neighbors.athop.count",
        "apoc.neighbors.byhop",
        "apoc.neighbors.byhop.count",
        "apoc.neighbors.tohop",
        "apoc.neighbors.tohop.count",
        "apoc.stats.degrees",
        "apoc.coll.zipToRows",
        "apoc.coll.elements",
        "apoc.coll.pairWithOffset",
        "apoc.coll.partition",
        "apoc.coll.split",
    }
)
# Plan operators that read more than the graph (settings, transactions, files) or administer it.
_REFUSED_OPERATORS = ("Show", "Terminate", "LoadCSV", "AdministrationCommand", "SystemProcedureCall")
_QUERY_TYPES = {"rw": "writes", "w": "writes", "s": "schema or administration changes"}
_INT64 = (-(2**63), 2**63 - 1)
_ADVICE = "use cypher-shell or Neo4j Browser for administration and writes"


class ReadOnlyError(ValueError):
    """The query is not a read-only query ``newskg query`` runs."""


def _operators(plan: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(operator, database, details) of every operator of a plan tree (``operatorType`` is ``Name@database``)."""
    name, _, database = str(plan.get("operatorType", "")).partition("@")
    details = str((plan.get("args") or {}).get("Details", ""))
    found = [(name, database, details)]
    for child in plan.get("children") or ():
        found += _operators(child)
    return found


def check_plan(plan: Mapping[str, Any] | None, query_type: str | None, database: str | None, expected: str) -> None:
    """Raise :class:`ReadOnlyError` unless the server's plan of a query shows that it only reads.

    Args:
        plan: The ``EXPLAIN`` plan (the driver's ``ResultSummary.plan``).
        query_type: The server's query type (``r``, ``rw``, ``w``, ``s``).
        database: The database the server planned the query for.
        expected: The database of the session.

    >>> call = {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "dbms.listConfig() :: (name :: STRING)"}}
    >>> check_plan({"operatorType": "ProduceResults@neo4j", "children": [call]}, "r", "neo4j", "neo4j")
    Traceback (most recent call last):
    ...
    newskg.cypher.readonly.ReadOnlyError: newskg query runs read-only Cypher; procedure dbms.listConfig is refused \
(use cypher-shell or Neo4j Browser for administration and writes)
    >>> check_plan({"operatorType": "ProduceResults@neo4j", "args": {"Details": "start"}}, "r", "neo4j", "neo4j")
    """

    def refuse(what: str) -> ReadOnlyError:
        return ReadOnlyError(f"newskg query runs read-only Cypher; {what} is refused ({_ADVICE})")

    if database and database != expected:
        raise refuse(f"a query on database {database!r}")
    if query_type != "r":
        raise refuse(_QUERY_TYPES.get(query_type or "", f"a query of type {query_type!r}"))
    if not plan:
        raise refuse("a query the server gave no plan for")
    for name, on, details in _operators(plan):
        if on and on != expected:
            raise refuse(f"a query on database {on!r}")
        if name.startswith(_REFUSED_OPERATORS):
            raise refuse(name)
        if name.startswith("ProcedureCall"):
            procedure = details.split("(", 1)[0].strip().strip("`")
            if procedure not in READ_PROCEDURES:
                raise refuse(f"procedure {procedure or '(unnamed)'}")


def check_params(params: Mapping[str, Any]) -> None:
    """Raise ``ValueError`` for a parameter Neo4j cannot hold (integers beyond 64 bits, odd keys).

    >>> check_params({"x": 99999999999999999999999})
    Traceback (most recent call last):
    ...
    ValueError: parameter x: 99999999999999999999999 does not fit Neo4j's 64-bit integers
    """

    def walk(name: str, value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int) and not _INT64[0] <= value <= _INT64[1]:
            raise ValueError(f"parameter {name}: {value} does not fit Neo4j's 64-bit integers")
        if isinstance(value, list):
            for v in value:
                walk(name, v)
        elif isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(k, str):
                    raise ValueError(f"parameter {name}: map keys must be strings")
                walk(f"{name}.{k}", v)

    for k, v in params.items():
        walk(k, v)
