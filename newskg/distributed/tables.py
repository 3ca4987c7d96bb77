"""Name resolution and the node and edge tables on Dask, without the corpus in memory.

The rules are those of :mod:`newskg.graph.build` and :mod:`newskg.graph.resolve`
(reused, not copied); only where the work happens changes:

1. Duplicate articles: a groupby over article ids finds the ids read more than once
   and the copy read first; only those ids come to the driver.
2. Mention counts per distinct (name, type): a groupby-sum (Dask dataframe).
3. The short-name map (type, short form) -> full names it could mean, with their
   count and mention total: a groupby over the short forms of the distinct names,
   joined to the names so only short forms that occur as names come back.
4. The driver votes types and runs union-find over distinct names only, giving
   name -> node id; that map is broadcast to the workers.
5. Each partition's node attributes, article nodes and edges are computed where
   the partition is; entity nodes are aggregated after a shuffle on the node id;
   nodes and edges are sorted by Dask and written as Parquet, then streamed into
   the CSV export in that order (the same bytes as the networkx path).

Driver memory is bounded by distinct names (plus duplicate article ids), never by mentions.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from newskg.graph.build import (
    article_node,
    clean_attrs,
    mentioned_edge,
    merge_reasons,
    relation_edge,
    resolve_entities,
)
from newskg.graph.export import atomic_write
from newskg.graph.schema import EDGE_FIELDS, ENTITY_LABELS, LIST_ATTRS, NODE_FIELDS, article_node_id, node_id
from newskg.model import ArticleExtraction, EntityType
from newskg.names.kinds import org_kind
from newskg.names.normalize import normalize_name
from newskg.names.resolve import short_forms, vote_types

__all__ = ["TableResult", "build_tables", "graph_from_tables", "iter_rows"]

# The export's fields in the order the networkx path sets them, so GraphML declares its keys in the same order.
_NODE_COLUMNS: tuple[str, ...] = (
    *("id", "label", "name", "kind", "aliases", "titles", "merge_reasons", "mentions"),
    *("title", "article_id", "date", "source", "section", "reporters", "chars"),
)
_EDGE_COLUMNS: tuple[str, ...] = (
    *("source", "target", "key", "type", "article_id", "evidence"),
    *("start", "end", "date", "title", "verb", "count"),
)
assert sorted(_NODE_COLUMNS) == sorted(NODE_FIELDS) and sorted(_EDGE_COLUMNS) == sorted(EDGE_FIELDS)
_NODE_INTS = {"mentions", "chars"}
_EDGE_INTS = {"start", "end", "count"}
_BY_LABEL = {label: typ for typ, label in ENTITY_LABELS.items()}
P2P_FROM_PARTITIONS = 256
ROWS_PER_FILE = 500_000  # rows per sorted output file (one sorting task's share)
_SEP = "\x00"  # below every character of an id, so a joined key sorts like the (source, target, key) tuple


@dataclass
class TableResult:
    """What :func:`build_tables` wrote and counted."""

    articles: int
    duplicates: int
    nodes: int
    edges: int
    node_files: list[Path]
    edge_files: list[Path]


def _frame(rows: list[dict[str, Any]], fields: tuple[str, ...], ints: set[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(fields))
    return df.astype({f: "Int64" if f in ints else "string" for f in fields})


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes as table cells: None dropped, sets sorted, lists as JSON strings (as in the CSV export)."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in clean_attrs(attrs).items()}


def _order(file_index: int, pos: int) -> int:
    return (file_index << 32) | pos


def _read(path: str) -> Iterator[tuple[int, str, str]]:
    """(position, article id, extraction JSON) of one extraction file."""
    import pyarrow.parquet as pq

    t = pq.read_table(path, columns=["article_id", "extraction"]).to_pydict()
    yield from ((i, a, e) for i, (a, e) in enumerate(zip(t["article_id"], t["extraction"], strict=True)))


def _kept(path: str, file_index: int, first: dict[str, int]) -> Iterator[ArticleExtraction]:
    for pos, aid, js in _read(path):
        if first.get(aid, _order(file_index, pos)) == _order(file_index, pos):
            yield ArticleExtraction.model_validate_json(js)


def _article_ids(arg: tuple[int, str]) -> pd.DataFrame:
    idx, path = arg
    import pyarrow.parquet as pq

    ids = pq.read_table(path, columns=["article_id"]).column(0).to_pylist() if path else []
    return pd.DataFrame(
        {
            "aid": pd.Series(ids, dtype="string"),
            "order": pd.Series([_order(idx, i) for i in range(len(ids))], dtype="int64"),
        }
    )


def _mention_counts(arg: tuple[int, str], first: dict[str, int]) -> pd.DataFrame:
    idx, path = arg
    counts: Counter[tuple[str, str]] = Counter()
    for ex in _kept(path, idx, first) if path else ():
        for m in ex.mentions:
            counts[(m.name, m.type.value)] += 1
    return pd.DataFrame(
        {
            "name": pd.Series([k[0] for k in counts], dtype="string"),
            "type": pd.Series([k[1] for k in counts], dtype="string"),
            "mentions": pd.Series(list(counts.values()), dtype="int64"),
        }
    )


def _short_form_rows(names: pd.DataFrame) -> pd.DataFrame:
    rows = [
        (typ, short, name, reason, n)
        for name, typ, n in zip(names["name"], names["type"], names["mentions"], strict=True)
        for short, reason in short_forms(name, EntityType(typ))
    ]
    return pd.DataFrame(rows, columns=["type", "short", "full", "reason", "mentions"]).astype(
        {"type": "string", "short": "string", "full": "string", "reason": "string", "mentions": "int64"}
    )


def _partition_tables(idx: int, path: str, first: dict[str, int], ids: dict[str, str], tmp: str) -> tuple[int, int]:
    """Node attributes, article nodes and edges of one extraction file, written as Parquet under ``tmp``."""
    attrs: set[tuple[str, str, str]] = set()
    mentions: Counter[str] = Counter()
    articles: list[dict[str, Any]] = []
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for ex in _kept(path, idx, first):
        aid = ex.article.id
        articles.append({"id": article_node_id(aid), **_flat(article_node(ex))})
        mentioned: Counter[str] = Counter()
        for m in ex.mentions:
            i = ids[m.name]
            mentioned[i] += 1
            attrs.add((i, "alias", normalize_name(m.surface)))
            attrs.add((i, "alias", m.name))
            if m.title:
                attrs.add((i, "title", m.title))
        mentions.update(mentioned)
        rel_edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for rel in ex.relations:
            u = ids.get(rel.head.name)
            v = article_node_id(aid) if rel.tail is None else ids.get(rel.tail.name)
            if u is None or v is None:
                continue
            edge = relation_edge(rel, u, v)
            if edge is not None:
                rel_edges[edge[0]] = edge[1]
        for u, n in mentioned.items():
            key, e = mentioned_edge(u, aid, n)
            rel_edges[key] = e
        edges.update(rel_edges)
    name = f"part-{idx:06d}.parquet"
    attr_rows = [{"node": i, "what": w, "value": v, "n": 0} for i, w, v in sorted(attrs)]
    attr_rows += [{"node": i, "what": "mentions", "value": "", "n": n} for i, n in sorted(mentions.items())]
    _frame(attr_rows, ("node", "what", "value", "n"), {"n"}).to_parquet(Path(tmp, "attrs", name), index=False)
    _frame(articles, _NODE_COLUMNS, _NODE_INTS).to_parquet(Path(tmp, "articles", name), index=False)
    edge_rows = [
        {"sortkey": _SEP.join(k), "source": k[0], "target": k[1], "key": k[2], **_flat(e)} for k, e in edges.items()
    ]
    _frame(edge_rows, ("sortkey", *_EDGE_COLUMNS), _EDGE_INTS).to_parquet(Path(tmp, "edges", name), index=False)
    return len(articles), len(edges)


def _entity_nodes(part: pd.DataFrame) -> pd.DataFrame:
    """Entity node rows from the attribute rows of whole nodes (after the shuffle on ``node``)."""
    rows: list[dict[str, Any]] = []
    for i, grp in part.groupby("node", sort=True):
        label, canon = str(i).split(":", 1)
        label = label.capitalize()
        typ = _BY_LABEL[label]
        aliases = set(grp.loc[grp["what"] == "alias", "value"]) - {canon}
        node = {
            "label": label,
            "name": canon,
            "kind": org_kind(canon).value if typ is EntityType.ORGANIZATION else None,
            "aliases": aliases,
            "titles": set(grp.loc[grp["what"] == "title", "value"]),
            "merge_reasons": merge_reasons(canon, typ, aliases),
            "mentions": int(grp.loc[grp["what"] == "mentions", "n"].sum()),
        }
        rows.append({"id": str(i), **_flat(node)})
    return _frame(rows, _NODE_COLUMNS, _NODE_INTS)


def _sample(col: pd.Series) -> pd.DataFrame:
    """A partition's row count and up to 65 evenly spaced values of its sorted column, first and last included."""
    vals = col.sort_values()
    step = max(1, len(vals) // 64)
    sample = [*vals.iloc[::step], *vals.iloc[-1:]]
    return pd.DataFrame({"rows": [len(vals)], "sample": [sample]})


def _sorted_parquet(ddf: Any, column: str, folder: Path, drop: list[str]) -> list[Path]:
    """Sort a Dask frame by ``column`` and write it as numbered Parquet files, returned in order.

    The output divisions come from a sample taken first (at most 64 values per input partition),
    because Dask's own lazy division computation deadlocks when the scheduler runs in this process
    (Python 3.11's ``cached_property`` lock).
    """
    import dask.dataframe as dd

    if folder.exists():
        shutil.rmtree(folder)
    meta = pd.DataFrame({"rows": pd.Series(dtype="int64"), "sample": pd.Series(dtype=object)})
    stats = ddf[column].map_partitions(_sample, meta=meta).compute()
    rows = int(stats["rows"].sum())
    if not rows:
        return []
    keys = sorted({str(k) for sample in stats["sample"] for k in sample})
    parts = min(len(keys), max(1, -(-rows // ROWS_PER_FILE)))
    inner = [keys[len(keys) * i // parts] for i in range(1, parts)]
    divisions = [*sorted({keys[0], *inner}), keys[-1]]
    keyed = ddf.assign(_sort=ddf[column]).drop(columns=drop)
    # The sample holds every partition's first and last value, so the divisions span all keys.
    ordered = keyed.set_index("_sort", divisions=divisions, sorted=False)
    ordered = ordered.map_partitions(lambda df: df.sort_index(), meta=ordered._meta)
    dd.to_parquet(ordered, folder, write_index=False, name_function=lambda i: f"part-{i:06d}.parquet")
    return sorted(folder.glob("part-*.parquet"))


def build_tables(files: list[str], out: Path) -> TableResult:
    """Resolve names and write ``nodes.parquet/``, ``edges.parquet/``, ``nodes.csv`` and ``edges.csv`` in ``out``.

    Args:
        files: Extraction files (see :mod:`newskg.distributed.extract`), in reading order.
        out: The output folder.

    Runs on the current Dask client.
    """
    import dask
    from distributed import get_client

    client = get_client()
    # Up to a few hundred partitions the task-based shuffle starts at once; the p2p one takes seconds to set up.
    method = "tasks" if len(files) < P2P_FROM_PARTITIONS else "p2p"
    with dask.config.set({"dataframe.shuffle.method": method}):
        return _build_tables(client, files, out)


def _rows(folder: Path) -> int:
    """Rows in a folder of Parquet files, from their footers."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet"))


def _sort_small(src: str, column: str, dst: str, drop: list[str], nodes: bool) -> list[str]:
    """One task: read a small table whole, (build entity nodes,) sort, write one file."""
    files = sorted(Path(src).glob("*.parquet"))
    df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    if nodes:
        df = _entity_nodes(df)
    if not len(df):
        return []
    df = df.sort_values(column, kind="stable").drop(columns=drop)
    Path(dst).mkdir(parents=True, exist_ok=True)
    out = Path(dst, "part-000000.parquet")
    df.to_parquet(out, index=False)
    return [str(out)]


def _build_tables(client: Any, files: list[str], out: Path) -> TableResult:
    import dask
    import dask.dataframe as dd

    tmp = out / ".tables"
    if tmp.exists():
        shutil.rmtree(tmp)
    for sub in ("attrs", "articles", "edges"):
        (tmp / sub).mkdir(parents=True)
    indexed = list(enumerate(files))
    total, dups = 0, pd.DataFrame({"count": [], "min": []})
    if indexed:
        ids = dd.from_map(_article_ids, indexed, meta=_article_ids((0, "")))
        by_id = ids.groupby("aid")["order"].agg(["count", "min"])
        total, dups = dask.compute(ids.shape[0], by_id[by_id["count"] > 1])
    first = {str(a): int(o) for a, o in zip(dups.index, dups["min"], strict=True)}
    duplicates = int((dups["count"] - 1).sum()) if len(dups) else 0

    names = pd.DataFrame({"name": pd.Series(dtype="string"), "type": pd.Series(dtype="string"), "mentions": []})
    targets: dict[tuple[EntityType, str], tuple[str, str]] = {}
    if indexed:
        counted = dd.from_map(_mention_counts, indexed, first=first, meta=_mention_counts((0, ""), {}))
        names = counted.groupby(["name", "type"])["mentions"].sum().reset_index().compute()
        targets = _short_name_targets(names)
    rows = zip(names["name"], names["type"], names["mentions"], strict=True)
    canonical = resolve_entities(((str(n), EntityType(t), int(c)) for n, t, c in rows), targets)
    ids_map = {name: node_id(ENTITY_LABELS[t], canon) for name, (t, canon) in canonical.items()}
    del canonical, names, targets
    [shared] = client.scatter([ids_map], broadcast=True)
    del ids_map
    futures = [client.submit(_partition_tables, i, f, first, shared, str(tmp), pure=False) for i, f in indexed]
    edges_n = 0
    for fut in futures:
        edges_n += fut.result()[1]
    del shared, futures

    node_files: list[Path] = []
    edge_files: list[Path] = []
    nodes_dir, edges_dir = out / "nodes.parquet", out / "edges.parquet"
    for d in (nodes_dir, edges_dir):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    if indexed:
        jobs = {
            "ents": (tmp / "attrs", "id", [], True),
            "arts": (tmp / "articles", "id", [], False),
            "sorted_edges": (tmp / "edges", "sortkey", ["sortkey"], False),
        }
        small = {name: _rows(job[0]) <= ROWS_PER_FILE for name, job in jobs.items()}
        # A table that fits one output file is sorted by one task; the others by a Dask shuffle.
        futs = {
            name: client.submit(_sort_small, str(src), col, str(tmp / name), drop, nodes, pure=False)
            for name, (src, col, drop, nodes) in jobs.items()
            if small[name]
        }
        done: dict[str, list[Path]] = {}
        for name, (src, col, drop, nodes) in jobs.items():
            if small[name]:
                done[name] = [Path(f) for f in futs[name].result()]
                continue
            ddf = dd.read_parquet(src)
            if nodes:
                ddf = ddf.shuffle(on="node").map_partitions(_entity_nodes, meta=_frame([], _NODE_COLUMNS, _NODE_INTS))
            done[name] = _sorted_parquet(ddf, col, tmp / name, drop)
        node_files = done["ents"] + done["arts"]
        edge_files = done["sorted_edges"]
    node_files = _move(node_files, nodes_dir)
    edge_files = _move(edge_files, edges_dir)
    shutil.rmtree(tmp)
    nodes_n = _write_csv(node_files, NODE_FIELDS, out / "nodes.csv")
    edges_n = _write_csv(edge_files, EDGE_FIELDS, out / "edges.csv")
    return TableResult(total - duplicates, duplicates, nodes_n, edges_n, node_files, edge_files)


def _short_name_targets(names: pd.DataFrame) -> dict[tuple[EntityType, str], tuple[str, str]]:
    """The unambiguous short-name map as a Dask aggregation over the distinct names' short forms."""
    import dask.dataframe as dd

    types = vote_types(
        (str(n), EntityType(t), int(c)) for n, t, c in zip(names["name"], names["type"], names["mentions"], strict=True)
    )
    voted = pd.DataFrame(
        {
            "name": pd.Series(list(types), dtype="string"),
            "type": pd.Series([t.value for t in types.values()], dtype="string"),
        }
    )
    per_name = names.groupby("name", sort=False)["mentions"].sum()
    voted["mentions"] = voted["name"].map(per_name).astype("int64")
    nparts = max(1, len(voted) // 200_000)
    vd = dd.from_pandas(voted, npartitions=nparts)
    meta = _short_form_rows(voted.iloc[:0])
    forms = vd.map_partitions(_short_form_rows, meta=meta)
    agg = (
        forms.groupby(["type", "short"])
        .agg({"full": ["count", "min"], "reason": "first", "mentions": "sum"})
        .reset_index()
    )
    agg.columns = ["type", "short", "fulls", "full", "reason", "mentions"]
    wanted = agg.merge(vd[["type", "name"]], left_on=["type", "short"], right_on=["type", "name"], how="inner")
    hit = wanted[wanted["fulls"] == 1][["type", "short", "full", "reason"]].compute()
    return {
        (EntityType(t), str(s)): (str(f), str(r))
        for t, s, f, r in zip(hit["type"], hit["short"], hit["full"], hit["reason"], strict=True)
    }


def _move(files: list[Path], folder: Path) -> list[Path]:
    out = []
    for n, f in enumerate(files):
        dst = folder / f"part-{n:06d}.parquet"
        os.replace(f, dst)
        out.append(dst)
    return out


def iter_rows(files: list[Path]) -> Iterator[dict[str, Any]]:
    """Rows of sorted table files, in order, one record batch in memory at a time."""
    import pyarrow.parquet as pq

    for f in files:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=10_000):
            yield from batch.to_pylist()


def _write_csv(files: list[Path], fields: tuple[str, ...], path: Path) -> int:
    n = 0
    with atomic_write(path) as fh:
        w = csv.DictWriter(fh, fields, extrasaction="ignore")
        w.writeheader()
        for row in iter_rows(files):
            w.writerow({k: v for k, v in row.items() if v is not None})
            n += 1
    return n


def graph_from_tables(node_files: list[Path], edge_files: list[Path]) -> nx.MultiDiGraph:
    """The networkx graph of the tables (lists parsed back from their JSON cells)."""
    g = nx.MultiDiGraph()

    def attrs(row: dict[str, Any], skip: set[str]) -> dict[str, Any]:
        return {k: json.loads(v) if k in LIST_ATTRS else v for k, v in row.items() if v is not None and k not in skip}

    for row in iter_rows(node_files):
        g.add_node(row["id"], **attrs(row, {"id"}))
    for row in iter_rows(edge_files):
        g.add_edge(row["source"], row["target"], key=row["key"], **attrs(row, {"source", "target", "key"}))
    return g
