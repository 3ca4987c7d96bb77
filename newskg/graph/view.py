"""A self-contained interactive HTML page of the graph (vis-network, inlined).

The page needs no server and no network: the vis-network library (vendored
from npm, MIT licence) and the graph data are inlined into one file. Nodes
are coloured by type and captioned by name, edge tooltips give the relation,
its date and the evidence sentence, a search box selects nodes by name, and
the visits table is printed under the graph. A large graph is cut to the
neighbourhood of the filter, and the page says how much was left out.

The map mode draws the places linked to divisions at their coordinates
(longitude east, latitude north), with their PART_OF lines, and the
organizations located in them beside their place. No tile server and no
boundaries: points and the hierarchy only (no licensed, maintained boundary
dataset of China's divisions is on PyPI). A town or village, which has no
coordinates in the dataset, sits near the nearest division above it that has.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import deque
from dataclasses import dataclass
from importlib import resources
from typing import Any

import networkx as nx

from newskg.graph.visits import matches, visits_from_graph
from newskg.model import Visit

__all__ = ["COLORS", "ViewSelection", "map_points", "render_html", "select_view"]

# One colour per node type; the same palette as the Neo4j Browser style (cypher/style.grass).
COLORS = {
    "Person": "#DA7194",
    "Organization": "#4C8EDA",
    "Place": "#57C7E3",
    "Article": "#F7D469",
}
_EDGE_COLORS = {
    "VISITED": "#F16667",
    "HOLDS_POSITION": "#8DCC93",
    "MENTIONED_IN": "#D9D9D9",
    "PART_OF": "#57C7E3",
    "LOCATED_IN": "#4C8EDA",
}
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.M)


@dataclass(frozen=True)
class ViewSelection:
    """The nodes to draw and what the filter left out."""

    nodes: tuple[str, ...]
    total_nodes: int
    seeds: int
    person: str | None = None
    org: str | None = None
    hops: int = 2

    @property
    def left_out(self) -> int:
        """Nodes of the graph that are not drawn."""
        return self.total_nodes - len(self.nodes)


def select_view(
    g: nx.MultiDiGraph, *, person: str | None = None, org: str | None = None, hops: int = 2, max_nodes: int = 300
) -> ViewSelection:
    """Pick the nodes to draw: the filter's matches and their ``hops`` neighbourhood, nearest first.

    Without a filter every node is a seed. When more than ``max_nodes`` qualify,
    the nearest ones are kept, the better connected first. O(N + E).

    Args:
        g: A built graph.
        person: Seed on persons whose name or alias contains this.
        org: Seed on organizations and places whose name or alias contains this.
        hops: How many relationships away from a seed a node may be.
        max_nodes: The most nodes to draw.

    Raises:
        ValueError: If the filter matches no node.
    """
    if max_nodes < 1 or hops < 0:
        raise ValueError("max_nodes must be at least 1 and hops at least 0")
    if person or org:
        seeds = [
            n
            for n, d in g.nodes(data=True)
            if (person and d.get("label") == "Person" and matches(d, person))
            or (org and d.get("label") in ("Organization", "Place") and matches(d, org))
        ]
        if not seeds:
            what = f"person {person!r}" if person else f"organization or place {org!r}"
            raise ValueError(f"no {what} in the graph")
    else:
        seeds = list(g.nodes)
    dist = {n: 0 for n in seeds}
    queue = deque(seeds)
    while queue:
        n = queue.popleft()
        if dist[n] >= hops:
            continue
        for m in (*g.successors(n), *g.predecessors(n)):
            if m not in dist:
                dist[m] = dist[n] + 1
                queue.append(m)
    degree = dict(g.degree(dist))
    ranked = sorted(dist, key=lambda n: (dist[n], -degree[n], n))
    return ViewSelection(tuple(ranked[:max_nodes]), g.number_of_nodes(), len(seeds), person, org, hops)


def _node_tooltip(d: dict[str, Any]) -> str:
    parts = [f"{d.get('label', '')}: {d.get('name', '')}"]
    if d.get("kind"):
        parts.append(f"kind: {d['kind']}")
    if d.get("titles"):
        parts.append("titles: " + "、".join(d["titles"]))
    if d.get("aliases"):
        parts.append("aliases: " + "、".join(d["aliases"]))
    if d.get("path"):
        parts.append(f"division: {d['path']} ({d.get('level', '')}, {d.get('adcode', '')})")
    if d.get("candidates"):
        parts.append(f"could be ({d.get('candidate_count', len(d['candidates']))}): " + "、".join(d["candidates"][:5]))
    if d.get("date"):
        parts.append(f"date: {d['date']}")
    if d.get("mentions"):
        parts.append(f"mentions: {d['mentions']}")
    return "\n".join(parts)


def _edge_tooltip(d: dict[str, Any]) -> str:
    head = str(d.get("type", ""))
    if d.get("title"):
        head += f" ({d['title']})"
    if d.get("date"):
        head += f" · {d['date']}"
    if d.get("count"):
        head += f" · {d['count']}×"
    return f"{head}\n{d['evidence']}" if d.get("evidence") else head


def _jitter(n: str, radius: float) -> tuple[float, float]:
    """A small fixed offset per node (degrees), so points that share coordinates stay apart."""
    h = hashlib.sha1(n.encode("utf-8")).digest()
    angle = h[0] / 255 * 2 * math.pi
    r = radius * (0.35 + 0.65 * h[1] / 255)
    return r * math.cos(angle), r * math.sin(angle)


def map_points(g: nx.MultiDiGraph, nodes: list[str] | tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """(longitude, latitude) for the map mode: a linked place's own, else near the nearest place above it that
    has them; an organization near the first linked place it lies in. O(N × depth).
    """
    own: dict[str, tuple[float, float]] = {}

    def of_place(n: str, depth: int = 0) -> tuple[float, float] | None:
        if n in own:
            return own[n]
        d = g.nodes[n]
        if d.get("label") != "Place" or not d.get("path") or depth > 8:
            return None
        if d.get("longitude") is not None and d.get("latitude") is not None:
            own[n] = (float(d["longitude"]), float(d["latitude"]))
            return own[n]
        for _, up, e in g.out_edges(n, data=True):
            if e.get("type") == "PART_OF":
                base = of_place(up, depth + 1)
                if base is not None:
                    dx, dy = _jitter(n, 0.06)
                    own[n] = (base[0] + dx, base[1] + dy)
                    return own[n]
        return None

    out: dict[str, tuple[float, float]] = {}
    for n in nodes:
        label = g.nodes[n].get("label")
        if label == "Place":
            point = of_place(n)
        elif label == "Organization":
            point = next(
                (
                    p
                    for _, v, e in g.out_edges(n, data=True)
                    if e.get("type") == "LOCATED_IN" and (p := of_place(v)) is not None
                ),
                None,
            )
            if point is not None:
                dx, dy = _jitter(n, 0.03)
                point = (point[0] + dx, point[1] + dy)
        else:
            point = None
        if point is not None:
            out[n] = (round(point[0], 5), round(point[1], 5))
    return out


def _data(g: nx.MultiDiGraph, sel: ViewSelection) -> dict[str, Any]:
    keep = set(sel.nodes)
    points = map_points(g, sel.nodes)
    nodes = [
        {
            "id": n,
            "label": str(g.nodes[n].get("name") or n),
            "group": g.nodes[n].get("label", ""),
            "color": COLORS.get(g.nodes[n].get("label", ""), "#A5ABB6"),
            "title": _node_tooltip(g.nodes[n]),
            **({"geo": list(points[n])} if n in points else {}),
        }
        for n in sel.nodes
    ]
    edges = []
    for u, v, k, d in g.edges(keys=True, data=True):
        if u in keep and v in keep:
            typ = str(d.get("type", ""))
            edges.append(
                {
                    "id": f"{u}|{v}|{k}",
                    "from": u,
                    "to": v,
                    "label": "" if typ == "MENTIONED_IN" else typ,
                    "type": typ,
                    "title": _edge_tooltip(d),
                    "color": _EDGE_COLORS.get(typ, "#A5ABB6"),
                    "width": 3 if typ == "VISITED" else 1,
                }
            )
    return {"nodes": nodes, "edges": edges, "colors": COLORS}


def _script_json(value: Any) -> str:
    """JSON that cannot end the ``<script>`` element it is embedded in."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _vis_js() -> str:
    js = resources.files("newskg.graph").joinpath("vendor/vis-network.min.js").read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", js)  # no source-map fetch, even with developer tools open


def _visits_table(rows: list[Visit]) -> str:
    e = html.escape
    body = "".join(
        f"<tr><td>{e(r.date or '-')}</td><td>{e(r.visitor)}</td><td>{e('、'.join(r.visitor_titles))}</td>"
        f'<td>{e(r.target)}</td><td title="{e(r.article_title)}">{e(r.evidence)}</td></tr>'
        for r in rows
    )
    return (
        f'<table id="visits"><caption>Visits ({len(rows)})</caption>'
        "<thead><tr><th>date</th><th>visitor</th><th>title</th><th>visited</th><th>evidence</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _summary(g: nx.MultiDiGraph, sel: ViewSelection, edges: int) -> str:
    what = (
        f"the {sel.hops}-hop neighbourhood of {sel.seeds} match(es) for "
        + " and ".join(f"{k} “{v}”" for k, v in (("person", sel.person), ("org", sel.org)) if v)
        if sel.person or sel.org
        else "the whole graph"
    )
    text = f"{len(sel.nodes)} of {sel.total_nodes} nodes and {edges} of {g.number_of_edges()} relationships: {what}."
    if sel.left_out:
        text += f" {sel.left_out} nodes left out (node cap or filter); filter with --person/--org or raise --max-nodes."
    return text


_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif; margin: 1em; }}
#bar {{ display: flex; gap: 1em; align-items: center; flex-wrap: wrap; }}
#graph {{ height: 70vh; border: 1px solid #ccc; margin: .5em 0; }}
.legend span {{ display: inline-block; padding: 0 .5em; border-radius: 1em; margin-right: .3em; }}
div.vis-tooltip {{ white-space: pre-wrap; max-width: 36em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #ddd; padding: .25em .5em; text-align: left; vertical-align: top; }}
td:first-child {{ white-space: nowrap; }}
caption {{ text-align: left; font-weight: bold; padding: .5em 0; }}
</style>
</head>
<body>
<h1>{title}</h1>
<div id="bar">
<input id="search" type="search" placeholder="search a name / 搜索名称" size="30">
<span id="found"></span>
<button id="map" type="button" title="linked places at their coordinates / 地图">map / 地图</button>
<span id="mapinfo"></span>
<span class="legend">{legend}</span>
</div>
<p id="summary">{summary}</p>
<div id="graph"></div>
{table}
<script>{vis}</script>
<script type="application/json" id="graph-data">{data}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("graph"), {{nodes: nodes, edges: edges}}, {{
    nodes: {{shape: "dot", size: 14, font: {{size: 14}}}},
    edges: {{arrows: "to", font: {{size: 10, align: "middle"}}, smooth: false}},
    physics: {{stabilization: {{iterations: 300}}, barnesHut: {{springLength: 120}}}},
    interaction: {{hover: true, tooltipDelay: 100}}
  }});
  network.once("stabilizationIterationsDone", function () {{ network.setOptions({{physics: false}}); }});
  var search = document.getElementById("search"), found = document.getElementById("found");
  search.addEventListener("input", function () {{
    var q = search.value.trim();
    if (!q) {{ network.unselectAll(); found.textContent = ""; return; }}
    var ids = nodes.getIds({{filter: function (n) {{ return n.label.indexOf(q) >= 0; }}}});
    network.selectNodes(ids);
    found.textContent = ids.length + " found";
    if (ids.length) {{ network.focus(ids[0], {{scale: 1.2, animation: true}}); }}
  }});
  // Map mode: linked places (and the organizations in them) at longitude east, latitude north;
  // the rest hidden. No tiles, no outlines: points and PART_OF lines.
  var mapOn = false, mapBtn = document.getElementById("map"), mapInfo = document.getElementById("mapinfo");
  var placed = data.nodes.filter(function (n) {{ return n.geo; }});
  var lat0 = placed.length ? placed.reduce(function (s, n) {{ return s + n.geo[1]; }}, 0) / placed.length : 35;
  var kx = 80 * Math.cos(lat0 * Math.PI / 180), ky = 80;
  function mapMode(on) {{
    mapOn = on;
    network.setOptions({{physics: false}});
    nodes.update(data.nodes.map(function (n) {{
      if (!on) {{ return {{id: n.id, hidden: false, fixed: false}}; }}
      if (!n.geo) {{ return {{id: n.id, hidden: true}}; }}
      return {{id: n.id, hidden: false, fixed: true, x: n.geo[0] * kx, y: -n.geo[1] * ky}};
    }}));
    mapBtn.textContent = on ? "graph / 关系图" : "map / 地图";
    mapInfo.textContent = on ? placed.length + " on the map" : "";
    if (!on) {{ network.setOptions({{physics: {{stabilization: {{iterations: 100}}}}}}); network.stabilize(100); }}
    network.fit();
  }}
  mapBtn.addEventListener("click", function () {{ mapMode(!mapOn); }});
  window.newskg = {{nodes: nodes, edges: edges, network: network, mapMode: mapMode, placed: placed.length}};
}})();
</script>
</body>
</html>
"""


def render_html(g: nx.MultiDiGraph, sel: ViewSelection, title: str = "newskg graph") -> str:
    """The page for the selected nodes, with the visits of the filter in a table."""
    data = _data(g, sel)
    legend = "".join(f'<span style="background:{c}">{html.escape(t)}</span>' for t, c in COLORS.items())
    rows = visits_from_graph(g, person=sel.person, org=sel.org)
    return _PAGE.format(
        title=html.escape(title),
        legend=legend,
        summary=html.escape(_summary(g, sel, len(data["edges"]))),
        table=_visits_table(rows),
        vis=_vis_js(),
        data=_script_json(data),
    )
