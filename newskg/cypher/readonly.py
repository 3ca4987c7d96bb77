"""Checks on user Cypher for ``newskg query``: read clauses only, and parameters Neo4j can hold.

The query also runs in a READ access-mode transaction, which makes the
server refuse writes; this check adds what that mode lets through:
administration commands (``SHOW``/``TERMINATE TRANSACTIONS``, ``CREATE USER``,
``STOP DATABASE``...), ``dbms.*`` procedures, ``USE`` of another database and
``LOAD CSV`` (which reads files on the server).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["READ_CLAUSES", "ReadOnlyError", "check_params", "check_read_only"]

# A query must start with one of these (after EXPLAIN/PROFILE/CYPHER options).
READ_CLAUSES = ("MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL")
# Words that start a write or administration clause; refused anywhere outside strings and names.
_REFUSED = (
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH",
    "REMOVE",
    "FOREACH",
    "LOAD",
    "USE",
    "SHOW",
    "TERMINATE",
    "DROP",
    "ALTER",
    "GRANT",
    "DENY",
    "REVOKE",
    "START",
    "STOP",
    "ENABLE",
    "RENAME",
)
_INT64 = (-(2**63), 2**63 - 1)
# Strings, quoted names and comments, removed before looking at keywords.
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_WORD = re.compile(r"(?<![.$\w])([A-Za-z_]\w*)(?!\s*:(?!:))")


class ReadOnlyError(ValueError):
    """The query is not a read-only query ``newskg query`` runs."""


def _keywords(query: str) -> list[str]:
    """Upper-cased bare words: no strings, comments, quoted names, properties, parameters or map keys."""
    words = [m.group(1).upper() for m in _WORD.finditer(_LITERALS.sub(" ", query))]
    return [w for i, w in enumerate(words) if i == 0 or words[i - 1] != "AS"]  # an alias may be any word


def check_read_only(query: str) -> None:
    """Raise :class:`ReadOnlyError` unless ``query`` reads only.

    >>> check_read_only("MATCH (p:Person {name: $n}) RETURN p.name AS set, 'DELETE' AS s")
    >>> try:
    ...     check_read_only("SHOW TRANSACTIONS YIELD transactionId TERMINATE TRANSACTIONS transactionId")
    ... except ReadOnlyError as exc:
    ...     print(str(exc)[:51])
    newskg query runs read-only Cypher; SHOW is refused
    """
    words = _keywords(query)
    while words and words[0] in ("EXPLAIN", "PROFILE", "CYPHER"):
        words = words[1:]
        while words and words[0] not in READ_CLAUSES and words[0] not in _REFUSED:
            words = words[1:]  # CYPHER options such as runtime=slotted
    bad = next((w for w in words if w in _REFUSED), None)
    if bad is None and words and words[0] not in READ_CLAUSES:
        bad = words[0]
    if bad is None and not words:
        raise ReadOnlyError("empty query")
    if bad is None and re.search(r"\bCALL\s+dbms\.", _LITERALS.sub(" ", query), re.I):
        bad = "CALL dbms.*"
    if bad is not None:
        raise ReadOnlyError(
            f"newskg query runs read-only Cypher; {bad} is refused "
            "(use cypher-shell or Neo4j Browser for administration and writes)"
        )


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
