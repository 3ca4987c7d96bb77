"""`BENCH=geo make bench`: the gazetteer's load time and memory, and what linking adds to a build of 10k articles.

Each measure runs in a process of its own, so one does not warm the next. Times are the
processes' CPU seconds (user + system), which a machine shared with other jobs changes far less
than wall time; the gazetteer's load is also given in wall seconds.

- the gazetteer read from the installed jionlp and cpca packages: seconds, and the process's
  resident memory before and after (the libraries imported first, so the difference is the gazetteer);
- graph assembly of 10,000 synthetic extractions (bench/corpus.py), with and without linking
  (linking's added seconds include the gazetteer's load);
- extraction with the bundled model of a sample of synthetic articles, the rest of a build's
  time, scaled to 10,000 articles; and the linking of those real extractions per article.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

__all__ = ["bench_geo"]

N = int(os.environ.get("BENCH_GEO_ARTICLES", "10000"))
SAMPLE = int(os.environ.get("BENCH_GEO_SAMPLE", "300"))

_RSS = """
def rss_mb():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmRSS:")) / 1024
"""

_LOAD = (
    _RSS
    + """
import json, time
import newskg.names.gazetteer as gz
import newskg.geo.link, newskg.graph.build  # the libraries a build imports anyway
before = rss_mb()
t0, c0 = time.perf_counter(), time.process_time()
g = gz.load_gazetteer()
secs, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"secs": secs, "cpu": cpu, "before_mb": before, "after_mb": rss_mb(), "divisions": len(g),
                  "source": g.source}))
"""
)

_ASSEMBLY = """
import json, sys, time
from bench.corpus import extractions
from newskg.graph.build import GraphAssembler
n, link = int(sys.argv[1]), sys.argv[2] == "1"
exs = list(extractions(n))
t0 = time.process_time()
asm = GraphAssembler(link=link)
for ex in exs:
    asm.add(ex)
g = asm.finish()
print(json.dumps({"secs": time.process_time() - t0, "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}))
"""

_EXTRACT = """
import json, sys, time
import torch
torch.set_num_threads(1)
from bench.corpus import article_texts
from newskg.extract.pipeline import Extractor
from newskg.geo.link import Linker
from newskg.ner.backend import HanLPBackend
arts = list(article_texts(int(sys.argv[1]), seed=17))
ext = Extractor(HanLPBackend())
list(ext.extract(arts[:5]))  # the model loaded and warm
t0 = time.process_time()
exs = list(ext.extract(arts))
secs = time.process_time() - t0
linker = Linker()
linker.link(exs[0])  # the gazetteer loaded (measured apart)
t0 = time.process_time()
links = [linker.link(ex) for ex in exs]
link_secs = time.process_time() - t0
linked = sum(1 for l in links for p in l.places if p.link)
places = sum(len(l.places) for l in links)
print(json.dumps({"secs": secs, "link_secs": link_secs, "n": len(arts), "linked": linked, "places": places}))
"""


def _child(code: str, *args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench_geo(row: Any) -> None:
    """Print the figures, one ``row(label, value)`` each."""
    print(f"Places linked to divisions (newskg.geo): gazetteer, and linking in a build of {N:,} articles")
    load = _child(_LOAD)
    row(
        "gazetteer load (once per process)",
        f"{load['secs']:.2f} s ({load['cpu']:.2f} s CPU), {load['divisions']:,} divisions; resident memory "
        f"{load['before_mb']:.0f} -> {load['after_mb']:.0f} MB (+{load['after_mb'] - load['before_mb']:.0f} MB; "
        "budget 150 MB)",
    )
    row("  datasets", load["source"])
    plain = _child(_ASSEMBLY, str(N), "0")
    linked = _child(_ASSEMBLY, str(N), "1")
    added = linked["secs"] - plain["secs"]
    row(
        f"assembly of {N:,} synthetic extractions (CPU s)",
        f"{plain['secs']:.2f} s plain, {linked['secs']:.2f} s linked (+{added:.2f} s, gazetteer load included)",
    )
    ext = _child(_EXTRACT, str(SAMPLE))
    per_article = ext["secs"] / ext["n"]
    build = per_article * N + plain["secs"]
    row(
        f"extraction, bundled model, one thread ({ext['n']} articles)",
        f"{ext['n'] / ext['secs']:.1f} articles per CPU s; linking them: "
        f"{1000 * ext['link_secs'] / ext['n']:.2f} ms/article "
        f"({ext['linked']}/{ext['places']} place names linked)",
    )
    row(
        f"a build of {N:,} articles (extraction scaled + assembly, CPU s)",
        f"{build:,.0f} s; linking adds {added:.1f} s = {100 * added / build:.1f}% (budget 10%)",
    )
    row(
        "  the same against assembly alone (no NER: the worst case)",
        f"{100 * added / plain['secs']:.0f}% of {plain['secs']:.1f} s",
    )
