"""The graph's node and edge tables on Dask: the steps of :mod:`newskg.graph.assemble` as tasks.

Nothing here decides what the graph holds; it only moves rows to where the
assembly functions need them:

1. Articles read twice: the text hashes and ids that occur more than once
   (a Dask value count) and their rows, in reading order, go through
   :class:`newskg.read.FirstReads`, the rule of the single-machine reader.
2. Mentions per (name, type): :func:`~newskg.graph.assemble.name_counts` per
   partition, summed by a Dask groupby.
3. The short-name map: the short forms of every distinct name (a Dask map),
   shuffled on (type, short form) so each short form's full names meet, and
   :func:`~newskg.names.resolve.short_name_targets` run per shuffled partition.
4. The driver resolves (:func:`~newskg.graph.assemble.resolve_ids`, over
   distinct names only) and broadcasts the name -> node id map.
5. :func:`~newskg.graph.assemble.partition_tables` per partition, written as Parquet.
6. Entity shares shuffled on the node id and reduced by
   :func:`~newskg.graph.assemble.entity_node`; visit reports shuffled on
   (visitor, target, day) and reduced by :func:`~newskg.graph.assemble.visit_edge`.
7. Nodes and edges sorted by :func:`~newskg.graph.assemble.node_rank` and
   :func:`~newskg.graph.assemble.edge_rank` (a Dask sort), written to
   ``nodes.parquet/`` and ``edges.parquet/``, then streamed into the CSV export.

Driver memory is bounded by distinct names (plus articles read twice), never
by articles or mentions; each worker holds the id map and one partition.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from newskg.cluster.tasks import read_extractions
from newskg.geo.link import link_article
from newskg.graph.assemble import (
    EntityPart,
    Report,
    article_rows,
    edge_rank,
    entity_node,
    name_counts,
    node_rank,
    partition_tables,
    resolve_ids,
    visit_edge,
)
from newskg.graph.build import graph_from_rows
from newskg.graph.export import cell, from_cell, write_csv_rows
from newskg.graph.schema import EDGE_COLUMNS, NODE_COLUMNS
from newskg.model import ArticleExtraction, EntityType
from newskg.names.resolve import short_forms, short_name_targets, vote_types
from newskg.read import FirstReads, ReadReport

__all__ = ["Source", "TableResult", "build_tables", "graph_from_tables", "iter_rows"]

_INTS = {"mentions", "chars", "start", "end", "count", "reports", "num_sources", "candidate_count"}
_BOOLS = {"date_approx", "from_outside"}
_FLOATS = {"latitude", "longitude"}
_RANK = "rank"
ROWS_PER_FILE = 20_000  # rows per sorted table file (one sorting task's share, so a worker's memory)


@dataclass(frozen=True)
class Source:
    """One extraction file: its place in reading order, and whether it is kept from an earlier run.

    Rows of an earlier run's file are kept only for articles from outside the
    run's inputs (``roots``), and never when ``prune``; they come after this
    run's files, so an article read again now wins.
    """

    index: int
    path: str
    older: bool = False
    roots: tuple[str, ...] = ()
    prune: bool = False

    def keeps(self, origin: str) -> bool:
        """Whether a row read from ``origin`` belongs to the graph."""
        if not self.older:
            return True
        if self.prune:
            return False
        p = Path(origin).resolve()
        return not any(p == Path(r) or Path(r) in p.parents for r in self.roots)

    def order(self, position: int) -> int:
        """A row's place in reading order over all files."""
        return (self.index << 32) | position


@dataclass
class TableResult:
    """What :func:`build_tables` wrote and counted."""

    articles: int
    nodes: int
    edges: int
    node_files: list[Path]
    edge_files: list[Path]


def _dtype(column: str) -> str:
    if column in _FLOATS:
        return "Float64"
    return "Int64" if column in _INTS else "boolean" if column in _BOOLS else "string"


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    return df.astype({c: _dtype(c) for c in columns})


def _rows(src: Source, drop: frozenset[int], columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(order, row) of the file's rows that belong to the graph."""
    t = read_extractions(src.path, ("position", "origin", *columns))
    for i, (pos, origin) in enumerate(zip(t["position"], t["origin"], strict=True)):
        order = src.order(pos)
        if order not in drop and src.keeps(origin):
            yield order, {c: t[c][i] for c in columns}


def _extractions(src: Source, drop: frozenset[int]) -> Iterator[ArticleExtraction]:
    for _, row in _rows(src, drop, ("extraction",)):
        yield ArticleExtraction.model_validate_json(row["extraction"])


def _empty(types: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in types.items()})


_ID_TYPES = {
    "order": "int64",
    "article_id": "string",
    "text_hash": "string",
    "label": "string",
    "origin": "string",
    "older": "bool",
}


def _id_frame(src: Source) -> pd.DataFrame:
    rows = [
        {"order": order, **row, "older": src.older}
        for order, row in _rows(src, frozenset(), ("article_id", "text_hash", "label", "origin"))
    ]
    return pd.DataFrame(rows, columns=list(_ID_TYPES)).astype(_ID_TYPES)


_NAME_TYPES = {"name": "string", "type": "string", "mentions": "int64"}


def _name_frame(src: Source, drop: frozenset[int]) -> pd.DataFrame:
    counts = name_counts(article_rows(ex) for ex in _extractions(src, drop))
    rows = [{"name": n, "type": t.value, "mentions": c} for (n, t), c in counts.items()]
    return pd.DataFrame(rows, columns=list(_NAME_TYPES)).astype(_NAME_TYPES)


def _short_form_frame(names: pd.DataFrame) -> pd.DataFrame:
    rows = [
        {"type": typ, "short": short, "full": name}
        for name, typ in zip(names["name"], names["type"], strict=True)
        for short, _ in short_forms(str(name), EntityType(typ))
    ]
    return pd.DataFrame(rows, columns=["type", "short", "full"]).astype("string")


def _targets_frame(forms: pd.DataFrame) -> pd.DataFrame:
    """The unambiguous short names of one shuffled partition (every full name of its short forms is here)."""
    found = short_name_targets({(EntityType(t), str(f)) for t, f in zip(forms["type"], forms["full"], strict=True)})
    here = set(zip(forms["type"], forms["short"], strict=True))
    rows = [
        {"type": t.value, "short": s, "full": full, "reason": why}
        for (t, s), (full, why) in found.items()
        if (t.value, s) in here
    ]
    return pd.DataFrame(rows, columns=["type", "short", "full", "reason"]).astype("string")


def _write(df: pd.DataFrame, folder: Path, index: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    df.to_parquet(folder / f"part-{index:06d}.parquet", index=False)


_ENTITY_COLUMNS = ("id", "aliases", "titles", "mentions", "place", "reasons", "candidates", "candidate_count")


def _tables(src: Source, drop: frozenset[int], ids: dict[str, str], tmp: str) -> tuple[int, int]:
    """Step 5 on one file: its article nodes, entity shares, edges and visit reports, as Parquet under ``tmp``.

    The file's places are linked here (:mod:`newskg.geo`, the gazetteer read once per worker process).
    Facts of no article (the gazetteer's PART_OF) go apart, to be written once for all files.
    """
    t = partition_tables((article_rows(ex, link_article(ex)) for ex in _extractions(src, drop)), ids)
    base = Path(tmp)
    arts = [{"id": i, **{k: cell(v) for k, v in a.items()}, _RANK: node_rank(i)} for i, a in t.articles.items()]
    _write(_frame(arts, (*NODE_COLUMNS, _RANK)), base / "articles", src.index)
    ents = [
        {
            "id": i,
            "aliases": cell(sorted(p.aliases)),
            "titles": cell(sorted(p.titles)),
            "mentions": p.mentions,
            "place": json.dumps(p.place, ensure_ascii=False, sort_keys=True) if p.place is not None else None,
            "reasons": cell(sorted(p.reasons)),
            "candidates": cell(sorted(p.candidates)),
            "candidate_count": p.candidate_count,
        }
        for i, p in t.entities.items()
    ]
    _write(_frame(ents, _ENTITY_COLUMNS), base / "entities", src.index)
    edges: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for (u, v, k), d in t.edges.items():
        row = {"source": u, "target": v, "key": k, **{a: cell(b) for a, b in d.items()}, _RANK: edge_rank(u, v, k)}
        edges["article_id" in d].append(row)
    _write(_frame(edges[True], (*EDGE_COLUMNS, _RANK)), base / "edges", src.index)
    _write(_frame(edges[False], (*EDGE_COLUMNS, _RANK)), base / "free", src.index)
    visits = [
        {"source": u, "target": v, "group": g, "report_rows": json.dumps(sorted(r), ensure_ascii=False)}
        for (u, v, g), r in t.visits.items()
    ]
    _write(_frame(visits, ("source", "target", "group", "report_rows")), base / "visits", src.index)
    return len(t.articles), len(t.edges)


def _entity_nodes(df: pd.DataFrame) -> pd.DataFrame:
    """Step 6 on one shuffled partition: whole entity nodes from their shares."""
    rows = []
    for i, grp in df.groupby("id", sort=False):
        parts = [
            EntityPart(
                set(json.loads(a)),
                set(json.loads(t)),
                int(m),
                None if pd.isna(pl) else json.loads(pl),
                set(json.loads(r)),
                set(json.loads(c)),
                int(n),
            )
            for a, t, m, pl, r, c, n in zip(
                *(grp[col] for col in _ENTITY_COLUMNS[1:]),
                strict=True,
            )
        ]
        attrs = entity_node(str(i), parts)
        rows.append({"id": str(i), **{k: cell(v) for k, v in attrs.items()}, _RANK: node_rank(str(i))})
    return _frame(rows, (*NODE_COLUMNS, _RANK))


def _visit_edges(df: pd.DataFrame) -> pd.DataFrame:
    """Step 6 on one shuffled partition: one edge per visit from its reports."""
    rows = []
    for (u, v, g), grp in df.groupby(["source", "target", "group"], sort=False):
        reports: list[Report] = [tuple(r) for js in grp["report_rows"] for r in json.loads(js)]  # type: ignore[misc]
        (src, dst, key), attrs = visit_edge(str(u), str(v), str(g), reports)
        cells = {a: cell(b) for a, b in attrs.items()}
        rows.append({"source": src, "target": dst, "key": key, **cells, _RANK: edge_rank(src, dst, key)})
    return _frame(rows, (*EDGE_COLUMNS, _RANK))


def _once(df: pd.DataFrame) -> pd.DataFrame:
    """One row per key of a shuffled partition (rows of one key are the same fact)."""
    return df.drop_duplicates("key")


def _parts(folder: Path) -> Any:
    """A Dask frame of one partition per file of ``folder`` (read_parquet would fuse small files into one)."""
    import dask.dataframe as dd

    files = sorted(str(f) for f in folder.glob("*.parquet"))
    return dd.from_map(pd.read_parquet, files, meta=pd.read_parquet(files[0]).iloc[:0], enforce_metadata=False)


def _sample(col: pd.Series) -> pd.DataFrame:
    """A partition's row count and up to 65 evenly spaced values of its sorted column, first and last included."""
    vals = col.sort_values()
    step = max(1, len(vals) // 64)
    sample = [*vals.iloc[::step], *vals.iloc[-1:]]
    return pd.DataFrame({"rows": [len(vals)], "sample": [sample]})


def _sorted(ddf: Any, folder: Path) -> list[Path]:
    """Step 7: sort by rank, write numbered Parquet files in order, return them.

    The output divisions come from a sample taken first (at most 65 values per
    partition), because Dask's own lazy division computation deadlocks when it
    starts a computation while the scheduler materializes the graph (Python
    3.11's ``cached_property`` lock).
    """
    import dask.dataframe as dd

    if folder.exists():
        shutil.rmtree(folder)
    meta = pd.DataFrame({"rows": pd.Series(dtype="int64"), "sample": pd.Series(dtype=object)})
    stats = ddf[_RANK].map_partitions(_sample, meta=meta).compute()
    rows = int(stats["rows"].sum())
    if not rows:
        return []
    keys = sorted({str(k) for sample in stats["sample"] for k in sample})
    parts = min(len(keys), max(1, -(-rows // ROWS_PER_FILE)))
    inner = [keys[len(keys) * i // parts] for i in range(1, parts)]
    divisions = [*sorted({keys[0], *inner}), keys[-1]]
    # The sample holds every partition's first and last value, so the divisions span all keys.
    ordered = ddf.set_index(_RANK, divisions=divisions, sorted=False)
    ordered = ordered.map_partitions(lambda df: df.sort_index(), meta=ordered._meta)
    dd.to_parquet(ordered, folder, write_index=False, name_function=lambda i: f"part-{i:06d}.parquet")
    return sorted(folder.glob("part-*.parquet"))


def build_tables(sources: list[Source], out: Path, report: ReadReport, work: Path) -> TableResult:
    """Resolve names and write ``nodes.parquet/``, ``edges.parquet/``, ``nodes.csv`` and ``edges.csv`` in ``out``.

    Args:
        sources: Extraction files, in reading order (this run's, then kept ones of earlier runs).
        out: Where the tables go (the staging folder of the output folder).
        report: Receives the duplicates and id clashes among articles of different partitions.
        work: A scratch folder that every worker can write (removed afterwards).

    Runs on the current Dask client.
    """
    import dask.dataframe as dd
    from distributed import get_client

    client = get_client()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    nodes_dir, edges_dir = out / "nodes.parquet", out / "edges.parquet"
    try:
        if not sources:
            write_csv_rows([], [], out)
            return TableResult(0, 0, 0, [], [])
        drop = _first_reads(sources, report)
        names = dd.from_map(_name_frame, sources, drop=drop, meta=_empty(_NAME_TYPES), enforce_metadata=False)
        ids = resolve_ids(*_names_and_targets(names))
        [shared] = client.scatter([ids], broadcast=True)
        del ids
        futures = [client.submit(_tables, s, drop, shared, str(work), pure=False) for s in sources]
        articles = sum(f.result()[0] for f in futures)
        del shared, futures
        ents = _parts(work / "entities")
        ents = ents.shuffle("id").map_partitions(_entity_nodes, meta=_frame([], (*NODE_COLUMNS, _RANK)))
        nodes = dd.concat([ents, _parts(work / "articles")])
        visits = _parts(work / "visits")
        visits = visits.shuffle(["source", "target", "group"]).map_partitions(
            _visit_edges, meta=_frame([], (*EDGE_COLUMNS, _RANK))
        )
        # A fact of no article (the gazetteer's PART_OF) comes from every file whose places reach it: once.
        free = _parts(work / "free").shuffle("key").map_partitions(_once, meta=_frame([], (*EDGE_COLUMNS, _RANK)))
        edges = dd.concat([_parts(work / "edges"), visits, free])
        # Dask's p2p shuffle (the default on a cluster) keeps shards on disk, not in worker memory.
        node_files = _sorted(nodes, nodes_dir)
        edge_files = _sorted(edges, edges_dir)
        n_nodes = sum(1 for _ in iter_rows(node_files))
        n_edges = sum(1 for _ in iter_rows(edge_files))
        write_csv_rows(iter_rows(node_files), iter_rows(edge_files), out)
        return TableResult(articles, n_nodes, n_edges, node_files, edge_files)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _first_reads(sources: list[Source], report: ReadReport) -> frozenset[int]:
    """Step 1: the rows to leave out because their text or id was read before (earlier in reading order)."""
    import dask
    import dask.dataframe as dd

    ids = dd.from_map(_id_frame, sources, meta=_empty(_ID_TYPES), enforce_metadata=False)
    texts, aids = ids["text_hash"].value_counts(), ids["article_id"].value_counts()
    twice_t, twice_a = dask.compute(texts[texts > 1], aids[aids > 1])
    twice = ids[ids["text_hash"].isin(list(twice_t.index)) | ids["article_id"].isin(list(twice_a.index))]
    rows = twice.compute().sort_values("order")
    first, quiet = FirstReads(), ReadReport()
    drop = set()
    for order, aid, thash, label, origin, older in rows.itertuples(index=False):
        # An earlier run's article read again now (or a copy of one) leaves quietly, as in a plain update.
        if not first.admit(str(aid), str(thash), str(label), str(origin), quiet if older else report):
            drop.add(int(order))
    return frozenset(drop)


def _names_and_targets(
    names: Any,
) -> tuple[list[tuple[str, EntityType, int]], dict[tuple[EntityType, str], tuple[str, str]]]:
    """Steps 2 and 3: (name, type, mentions) rows summed over the corpus, and the unambiguous short-name map."""
    import dask.dataframe as dd

    summed = names.groupby(["name", "type"], sort=False)["mentions"].sum().reset_index().compute()
    rows = [
        (str(n), EntityType(t), int(c))
        for n, t, c in zip(summed["name"], summed["type"], summed["mentions"], strict=True)
    ]
    types = vote_types(rows)
    voted = pd.DataFrame({"name": list(types), "type": [t.value for t in types.values()]}).astype("string")
    if voted.empty:
        return rows, {}
    vd = dd.from_pandas(voted, npartitions=max(1, len(voted) // 200_000))
    forms = vd.map_partitions(_short_form_frame, meta=_short_form_frame(voted.iloc[:0]))
    # Only short forms that are names themselves can merge; every full name of such a form is kept.
    forms = forms.merge(vd.rename(columns={"name": "short"}), on=["type", "short"], how="inner")
    found = forms.shuffle(["type", "short"]).map_partitions(_targets_frame, meta=_targets_frame(forms._meta))
    hits = found.compute()
    targets = {
        (EntityType(t), str(s)): (str(f), str(r))
        for t, s, f, r in zip(hits["type"], hits["short"], hits["full"], hits["reason"], strict=True)
    }
    return rows, targets


def iter_rows(files: list[Path]) -> Iterator[dict[str, Any]]:
    """Rows of sorted table files, in order, one record batch in memory at a time."""
    import pyarrow.parquet as pq

    for f in files:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=10_000):
            yield from batch.to_pylist()


def graph_from_tables(node_files: list[Path], edge_files: list[Path]) -> Any:
    """The networkx graph of the sorted tables (list cells parsed back)."""
    nodes = ((r["id"], {k: from_cell(k, v) for k, v in r.items() if k != "id"}) for r in iter_rows(node_files))
    edges = (
        (r["source"], r["target"], r["key"], {k: from_cell(k, v) for k, v in r.items() if k not in _ENDS})
        for r in iter_rows(edge_files)
    )
    return graph_from_rows(nodes, edges)


_ENDS = {"source", "target", "key"}
