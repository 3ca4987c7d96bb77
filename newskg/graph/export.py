"""Write and read the graph: GraphML (Gephi, yEd), node-link JSON, CSV.

List attributes are stored as JSON strings in GraphML and CSV, which have no
list type. In GraphML, ``label`` is what viewers caption with (Gephi reads
the node attribute ``label`` as the node's label): the entity's name (an
article's title) on nodes and the relation type on edges; the node's Neo4j
label is written as ``type`` and turned back into ``label`` on reading.
Every file is written to a temporary file in the same folder, synced and
renamed into place, so an interrupted run (or a power cut) never leaves a
half-written file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.graph.schema import EDGE_FIELDS, LIST_ATTRS, NODE_FIELDS
from newskg.outdir import check_outputs

__all__ = [
    "atomic_write",
    "cell",
    "from_cell",
    "read_graph",
    "write_csv",
    "write_csv_rows",
    "write_graphml",
    "write_json",
]


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[Any]:
    """Open a temp file beside ``path``; rename it over ``path`` only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(
            fd, mode, encoding=None if "b" in mode else "utf-8", newline="" if "b" not in mode else None
        ) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())  # the data is on disk before the rename makes it the file
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file normal permissions
        os.replace(tmp, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # and the rename too
        finally:
            os.close(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cell(v: Any) -> Any:
    """A value as a table cell (CSV, Parquet): lists as JSON strings, scalars as they are."""
    return json.dumps(v, ensure_ascii=False) if isinstance(v, list | tuple | set) else v


def from_cell(name: str, v: Any) -> Any:
    """A table cell back as the attribute value (the inverse of :func:`cell` for the schema's list attributes)."""
    return json.loads(v) if name in LIST_ATTRS and isinstance(v, str) else v


def _graphml_node(n: str, d: dict[str, Any]) -> dict[str, Any]:
    """Node attributes for GraphML: ``label`` = name, ``type`` = the Neo4j label."""
    attrs = {k: cell(v) for k, v in d.items() if k != "label"}
    return {"label": str(d.get("name") or d.get("title") or n), "type": d.get("label", ""), **attrs}


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """GraphML that viewers caption by name, with list attributes as JSON strings."""
    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(n, **_graphml_node(n, d))
    for u, v, k, d in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, label=d.get("type", ""), **{a: cell(b) for a, b in d.items()})
    buf = io.BytesIO()
    nx.write_graphml(flat, buf, encoding="utf-8", prettyprint=True)
    with atomic_write(path, "wb") as fh:
        fh.write(buf.getvalue())


def write_json(g: nx.MultiDiGraph, path: Path) -> None:
    """Node-link JSON (networkx ``node_link_data`` with ``edges``)."""
    data = nx.node_link_data(g, edges="edges")
    with atomic_write(path) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")


def write_csv(g: nx.MultiDiGraph, folder: Path) -> tuple[Path, Path]:
    """``nodes.csv`` and ``edges.csv`` with one fixed header each."""
    return write_csv_rows(
        ({"id": n, **d} for n, d in g.nodes(data=True)),
        ({"source": u, "target": v, "key": k, **d} for u, v, k, d in g.edges(keys=True, data=True)),
        folder,
    )


def write_csv_rows(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]], folder: Path) -> tuple[Path, Path]:
    """``nodes.csv`` and ``edges.csv`` from rows in export order (any columns; lists or JSON cells), streamed."""
    paths = folder / "nodes.csv", folder / "edges.csv"
    for path, rows, fields in ((paths[0], nodes, NODE_FIELDS), (paths[1], edges, EDGE_FIELDS)):
        with atomic_write(path) as fh:
            w = csv.DictWriter(fh, fields, extrasaction="ignore")
            w.writeheader()
            for row in rows:
                w.writerow({k: cell(v) for k, v in row.items() if v is not None})
    return paths


def read_graph(path: Path) -> nx.MultiDiGraph:
    """Read a graph written by this module (``.graphml`` or ``.json``).

    Raises:
        ValueError: If the file is not a graph this project wrote.
        newskg.outdir.MixedOutputError: If its build folder mixes two builds' files.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "graph.json"
    check_outputs(path.parent, reading=path.name)  # never a folder that mixes two builds
    try:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            g = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
        else:
            g = nx.read_graphml(path, force_multigraph=True)
            for _, d in g.nodes(data=True):
                if "type" in d:  # files of earlier versions have the Neo4j label in ``label``
                    d["label"] = d.pop("type")
                for k in set(LIST_ATTRS) & d.keys():
                    d[k] = json.loads(d[k])
            for _, _, d in g.edges(data=True):
                d.pop("label", None)
                for k in set(LIST_ATTRS) & d.keys():
                    d[k] = json.loads(d[k])
    except (OSError, ValueError, KeyError, SyntaxError) as exc:  # ElementTree errors are SyntaxError
        raise ValueError(f"{path}: not a readable newskg graph ({exc})") from exc
    return g  # type: ignore[no-any-return]
