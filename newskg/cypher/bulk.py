"""First loads in bulk: ``neo4j-admin database import full`` CSVs, and running the admin tool.

The files hold what the MERGE loader would write (same ids, keys, Article
``content_hash``/``facts``, ``mentions`` from the MENTIONED_IN counts), so a
later ``newskg load`` skips the imported articles and MERGEs only what is new.
Headers are typed (``:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``,
``long``, ``string[]``); list items are separated by U+001F, which no text
holds (it is removed from values).
"""

from __future__ import annotations

import csv
import logging
import os
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.cypher.plan import Fact, plan_load, report_totals
from newskg.cypher.queries import PLACE
from newskg.graph.export import atomic_write

__all__ = ["ARRAY_DELIMITER", "IMPORT_REPORT", "ImportFiles", "run_import", "write_import_csv"]

log = logging.getLogger(__name__)

ARRAY_DELIMITER = "\x1f"
IMPORT_REPORT = "import.report"  # in the server's logs/, beside its other logs


@dataclass(frozen=True)
class ImportFiles:
    """The CSV files of one import, as ``neo4j-admin`` arguments want them."""

    nodes: tuple[Path, ...]
    relationships: tuple[Path, ...]

    def arguments(self) -> list[str]:
        """``--nodes=`` / ``--relationships=`` arguments for ``neo4j-admin database import full``."""
        return [f"--nodes={p}" for p in self.nodes] + [f"--relationships={p}" for p in self.relationships]


@dataclass(frozen=True)
class _Point:
    """A linked place's ``location`` (the MERGE loader sets it from latitude and longitude, see queries.py)."""

    latitude: float
    longitude: float


_POINT = "point{crs:WGS-84}"


def _type_of(values: Iterable[Any]) -> str:
    kinds = set()
    for v in values:
        if isinstance(v, _Point):
            kinds.add(_POINT)
        elif isinstance(v, list):
            kinds.add("long[]" if v and all(isinstance(x, int) and not isinstance(x, bool) for x in v) else "string[]")
        elif isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("long")
        elif isinstance(v, float):
            kinds.add("double")
        else:
            kinds.add("string")
    if len(kinds) == 1:
        return kinds.pop()
    if kinds <= {"long[]", "string[]"}:
        return "string[]"
    return "string"


def _cell(v: Any, typ: str) -> str:
    if v is None:
        return ""
    if isinstance(v, _Point):
        return f"{{latitude:{v.latitude},longitude:{v.longitude}}}"
    if isinstance(v, list):
        return ARRAY_DELIMITER.join(str(x).replace(ARRAY_DELIMITER, " ") for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v).replace(ARRAY_DELIMITER, " ")


def _write_table(path: Path, fixed: list[tuple[str, str]], rows: list[dict[str, Any]]) -> Path:
    """One CSV: ``fixed`` columns (header, row key) first, then every property with its type."""
    keys = sorted({k for r in rows for k in r["props"]})
    types = {k: _type_of(r["props"][k] for r in rows if k in r["props"]) for k in keys}
    header = [h for h, _ in fixed] + [k if types[k] == "string" else f"{k}:{types[k]}" for k in keys]
    with atomic_write(path) as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for r in rows:
            w.writerow([r[c] for _, c in fixed] + [_cell(r["props"].get(k), types[k]) for k in keys])
    return path


def write_import_csv(g: nx.MultiDiGraph, folder: Path | str) -> ImportFiles:
    """Write one node file per label and one relationship file per type (and shape) into ``folder``. O(N + E)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    plan = plan_load(g)
    mentions: Counter[str] = Counter()
    facts: dict[tuple[str, bool], dict[str, dict[str, Any]]] = defaultdict(dict)

    def add(f: Fact) -> None:
        row = facts[(f.type, f.reports is not None)].setdefault(
            f.key, {"start": f.source, "end": f.target, "type": f.type, "props": {**f.props, "key": f.key}}
        )
        for k, vals in (f.reports or {}).items():
            row["props"].setdefault(k, []).extend(vals)
        if f.type == "MENTIONED_IN":
            mentions[f.source] += int(f.props.get("count", 1))

    for a in plan.articles.values():
        for f in a.facts:
            add(f)
    for f in plan.free_facts:
        add(f)
    node_files = []
    for label, rows in sorted(plan.nodes.items()):
        table = []
        for n, row in sorted(rows.items()):
            props = {**row["scalars"], **{k: v for k, v in row["props"].items() if v}}
            if label == "Article":
                art = plan.articles[n]
                props |= {"content_hash": art.content_hash, "facts": sorted({f.stored() for f in art.facts})}
            elif mentions[n]:
                props["mentions"] = mentions[n]
            if label == PLACE and props.get("latitude") is not None and props.get("longitude") is not None:
                props["location"] = _Point(props["latitude"], props["longitude"])
            table.append({"id": n, "label": label, "props": props})
        node_files.append(_write_table(out / f"nodes_{label}.csv", [("id:ID", "id"), (":LABEL", "label")], table))
    for (_, reports), by_key in facts.items():
        for row in by_key.values() if reports else ():
            row["props"] |= report_totals(row["props"])
    rel_files = []
    for (typ, reports), by_key in sorted(facts.items()):
        name = f"relationships_{typ}{'_reports' if reports else ''}.csv"
        fixed = [(":START_ID", "start"), (":END_ID", "end"), (":TYPE", "type")]
        rel_files.append(_write_table(out / name, fixed, list(by_key.values())))
    return ImportFiles(tuple(node_files), tuple(rel_files))


def run_import(files: ImportFiles, neo4j_home: Path | str, database: str = "neo4j") -> str:
    """Import the files into an empty ``database`` with the admin tool of the server in ``neo4j_home``.

    The server must be stopped (Community Edition cannot stop one database).
    ``neo4j_home`` is the folder ``neo4j/server.sh`` uses (``conf/neo4j.conf``
    names the data folder); the server jars are in ``lib/`` of ``NEO4J_JARS``
    when that is set (as server.sh does), else of ``neo4j_home``. The admin
    tool's report of bad entries goes to ``logs/import.report`` there (its
    default is the working directory).

    Returns:
        The admin tool's report.

    Raises:
        RuntimeError: If the server is running, the home has no server jars, or the import fails.
    """
    home = Path(neo4j_home).resolve()
    pid = home / "run" / "neo4j.pid"
    if pid.is_file():
        try:
            os.kill(int(pid.read_text().strip()), 0)
        except (OSError, ValueError):
            pass
        else:
            raise RuntimeError(f"the Neo4j server of {home} is running; stop it first (bulk import needs it stopped)")
    lib = Path(os.environ.get("NEO4J_JARS") or home).resolve() / "lib"
    if not lib.is_dir() or not (home / "conf" / "neo4j.conf").is_file():
        raise RuntimeError(f"no Neo4j server in {home} ({lib}, conf/neo4j.conf); run neo4j/server.sh start once")
    report = home / "logs" / IMPORT_REPORT
    report.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        "java",
        "-cp",
        f"{lib}/*",
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination=true",
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
        f"--report-file={report}",
        *files.arguments(),
    ]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise RuntimeError(f"cannot run java for the import: {exc}") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"neo4j-admin database import failed (exit {done.returncode}): {' | '.join(tail)}")
    return done.stdout
