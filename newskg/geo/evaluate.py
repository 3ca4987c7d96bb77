"""Score linking against a gold: places linked to the right division, officials given the right jurisdiction.

The gold (``eval/linking/``, see its README) gives, per article file, each
gold place with its division (``adcode``, ``level``, ``path``) or
``linkable: false``, and each gold title with its jurisdiction or
``status: none``/``unlinkable``. The prediction is read from a built graph,
the way a user (or an outside check) reads it: the Place nodes each article
mentions, with their ``adcode`` and ``level``; the HOLDS_POSITION
relationships of the article's persons, with ``jurisdiction_adcode`` and
``level``.

Per group of articles (the file name's first letter):

- places: precision = right links / links made on gold places (a link on an
  unlinkable place is wrong); recall = right links / gold places that have a
  link; also the recall over the gold places the graph holds at all (NER found
  them), which isolates linking from NER. A link is right when its adcode and
  level are the gold's (what the outside check compares); ``path`` right is
  counted too (the town or village itself).
- titles: of the titles that name or imply a jurisdiction (``status: linked``),
  how many got the gold's (a title of posts in two divisions, 副市长、区委书记: any of
  the gold's, and none outside them); of those that imply none, how many got one anyway.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from newskg.extract.scores import Ratio, Score

__all__ = ["GroupScores", "LinkEval", "read_link_gold", "score_links"]

PLACES_FILE = "news-dev.places.jsonl"
TITLES_FILE = "news-dev.titles.jsonl"


@dataclass
class GroupScores:
    """Counts of one group of articles."""

    gold_linkable: int = 0  # gold places that have a link
    gold_unlinkable: int = 0
    found: int = 0  # gold places with a link that the graph holds (NER found them)
    linked: int = 0  # links the graph makes on gold places (linkable or not)
    right: int = 0  # links with the gold's adcode and level
    right_path: int = 0  # links with the gold's path
    titles: int = 0  # gold titles with a jurisdiction
    titles_right: int = 0
    titles_none: int = 0  # gold titles with no jurisdiction
    titles_given: int = 0  # of those, titles the graph gave one anyway

    @property
    def links(self) -> Score:
        """Links as a P/R row: right links, gold places that have a link, links made on gold places."""
        return Score(tp=self.right, gold=self.gold_linkable, pred=self.linked)

    @property
    def precision(self) -> float:
        """Right links / links made on gold places."""
        return self.links.precision

    @property
    def recall(self) -> float:
        """Right links / gold places that have a link."""
        return self.links.recall

    @property
    def recall_found(self) -> float:
        """Right links / gold places with a link that the graph holds."""
        return Ratio(self.right, self.found).value

    @property
    def title_accuracy(self) -> float:
        """Titles with the gold's jurisdiction / titles that have one."""
        return Ratio(self.titles_right, self.titles).value

    def add(self, other: GroupScores) -> None:
        """Add another group's counts to these."""
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def as_dict(self) -> dict[str, Any]:
        """Counts and ratios as one JSON-able object."""
        out: dict[str, Any] = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for k in ("precision", "recall", "recall_found", "title_accuracy"):
            out[k] = round(getattr(self, k), 4)
        return out


@dataclass
class LinkEval:
    """Scores per group, plus one line per error (``file: what``)."""

    groups: dict[str, GroupScores] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    unpaired: list[str] = field(default_factory=list)  # gold files with no article in the graph

    def total(self, groups: Iterable[str]) -> GroupScores:
        """The summed counts of some groups."""
        out = GroupScores()
        for g in groups:
            if g in self.groups:
                out.add(self.groups[g])
        return out


def read_link_gold(folder: Path | str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The gold places and titles of a folder holding the two JSONL files.

    Raises:
        FileNotFoundError: If a file is missing.
        ValueError: If a line is not JSON.
    """
    out: list[list[dict[str, Any]]] = []
    for name in (PLACES_FILE, TITLES_FILE):
        path = Path(folder) / name
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as exc:
                    raise ValueError(f"{path}:{n}: not JSON ({exc})") from exc
        out.append(rows)
    return out[0], out[1]


def _file_of(d: dict[str, Any]) -> str:
    """The gold's file name of an Article node: its id (JSONL ``id``) or its source file's name."""
    aid = str(d.get("article_id") or "")
    if aid.endswith((".txt", ".md")):
        return aid
    return Path(str(d.get("source") or "")).name


def _names(d: dict[str, Any]) -> set[str]:
    return {str(d.get("name", "")), *d.get("aliases", [])}


def _lenient(pred: str, gold: str) -> bool:
    """A predicted name that ends a gold one (北京市昌平区: 昌平区), or holds it or lies in it within 4 characters.

    >>> _lenient("昌平区", "北京市昌平区"), _lenient("长檀社区", "南湖新区长檀社区"), _lenient("北京", "北京市昌平区")
    (True, True, False)
    """
    if len(pred) < 2 or len(gold) < 2:
        return False
    return gold.endswith(pred) or (
        (pred in gold or gold in pred) and abs(len(pred) - len(gold)) <= 4 and not gold.startswith(pred)
    )


def score_links(g: nx.MultiDiGraph, places: list[dict[str, Any]], titles: list[dict[str, Any]]) -> LinkEval:
    """Score the graph's links against gold places and titles. O(gold + E)."""
    articles = {n: _file_of(d) for n, d in g.nodes(data=True) if d.get("label") == "Article"}
    by_file: dict[str, str] = {f: n for n, f in articles.items()}
    mentioned: dict[str, list[dict[str, Any]]] = defaultdict(list)  # file -> Place nodes it mentions
    held: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)  # (file, person name) -> posts
    for u, v, d in g.edges(data=True):
        if d.get("type") == "MENTIONED_IN" and g.nodes[u].get("label") == "Place" and v in articles:
            mentioned[articles[v]].append(g.nodes[u])
        elif d.get("type") == "HOLDS_POSITION" and d.get("written"):
            art = by_file.get(_file_of({"article_id": d.get("article_id")})) or next(
                (n for n, f in articles.items() if g.nodes[n].get("article_id") == d.get("article_id")), None
            )
            if art is not None:
                for name in _names(g.nodes[u]):
                    held[(articles[art], name)].append(d)
    res = LinkEval()
    for gp in places:
        file, group = gp["file"], gp.get("group") or gp["file"][0]
        sc = res.groups.setdefault(group, GroupScores())
        if file not in by_file:
            if file not in res.unpaired:
                res.unpaired.append(file)
            continue
        names = {gp["place"], *gp.get("aliases", [])}
        cands = [n for n in mentioned[file] if _names(n) & names] or [
            n for n in mentioned[file] if any(_lenient(a, b) for a in _names(n) for b in names)
        ]
        linked = [n for n in cands if n.get("adcode")]
        pred = next((n for n in linked if n.get("name") == gp["place"] or gp["place"] in _names(n)), None)
        pred = pred or (linked[0] if linked else None)
        if gp.get("linkable"):
            sc.gold_linkable += 1
            sc.found += bool(cands)
        else:
            sc.gold_unlinkable += 1
        if pred is None:
            if gp.get("linkable"):
                why = "not linked" if cands else "not in the graph"
                res.errors.append(f"{file}: place {gp['place']} -> {gp.get('path')}: {why}")
            continue
        sc.linked += 1
        ok = (
            bool(gp.get("linkable")) and pred.get("adcode") == gp.get("adcode") and pred.get("level") == gp.get("level")
        )
        sc.right += ok
        sc.right_path += ok and pred.get("path") == gp.get("path")
        if not ok:
            res.errors.append(
                f"{file}: place {gp['place']} -> {gp.get('path') or gp.get('kind')}: linked to {pred.get('path')} "
                f"({'; '.join(pred.get('link_reason', []))})"
            )
    for gt in titles:
        file, group = gt["file"], gt.get("group") or gt["file"][0]
        sc = res.groups.setdefault(group, GroupScores())
        if file not in by_file:
            continue
        posts = held.get((file, gt["person"]), [])
        got = {(str(d["jurisdiction_adcode"]), str(d.get("level"))) for d in posts if d.get("jurisdiction_adcode")}
        given = next((d for d in posts if d.get("jurisdiction_adcode")), None)
        if gt.get("status") == "linked":
            sc.titles += 1
            # One title may hold posts in two divisions (副市长、区委书记): the gold names one and lists
            # the others; right is one of them among ours, and none of ours outside them.
            wanted = [gt.get("jurisdiction") or {}, *(gt.get("other_jurisdictions") or [])]
            allowed = {(str(w.get("adcode")), str(w.get("level"))) for w in wanted}
            ok = bool(got) and got <= allowed
            sc.titles_right += ok
            if not ok:
                res.errors.append(
                    f"{file}: title {gt['person']} {gt.get('title')} -> {wanted[0].get('path')}: "
                    + (
                        ", ".join(sorted({str(d.get("jurisdiction")) for d in posts if d.get("jurisdiction")}))
                        or "none"
                    )
                )
        else:
            sc.titles_none += 1
            if given is not None:
                sc.titles_given += 1
                res.errors.append(
                    f"{file}: title {gt['person']} {gt.get('title')} ({gt.get('status')}): "
                    f"given {given.get('jurisdiction')}"
                )
    res.groups = dict(sorted(res.groups.items()))
    return res
