"""Extraction output on the bundled demo articles and the sample page is pinned byte for byte.

The golden files were written by the code before the package re-layout, with
the bundled model. The sample page is a published article, so only hashes of
its output are stored, never its text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from newskg import api
from newskg.extract.pipeline import Extractor
from newskg.graph.build import build_graph
from newskg.graph.export import write_csv, write_graphml, write_json
from newskg.model import Article
from newskg.ner.backend import HanLPBackend
from newskg.read import iter_articles
from tests.fixtures import DEMO, GOLDEN, SAMPLE

pytestmark = pytest.mark.hanlp


def _articles(paths: Sequence[Path]) -> list[Article]:
    """Articles with file sources cut to the file name, so the output does not depend on the checkout path."""
    return [
        a.model_copy(update={"source": Path(a.source).name}) if Path(a.source).is_absolute() else a
        for a in iter_articles(paths)
    ]


def _lines(backend: HanLPBackend, paths: Sequence[Path]) -> list[str]:
    out = []
    for ex in Extractor(backend).extract(_articles(paths)):
        rec = {
            "record": api.extraction_record(ex),
            "mentions": [m.model_dump(mode="json") for m in ex.mentions],
            "warnings": list(ex.warnings),
        }
        out.append(json.dumps(rec, ensure_ascii=False, sort_keys=True))
    return out


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_demo_extraction_is_unchanged(hanlp_backend: HanLPBackend) -> None:
    expected = (GOLDEN / "demo.jsonl").read_text(encoding="utf-8").splitlines()
    assert _lines(hanlp_backend, [DEMO]) == expected


def test_sample_page_extraction_is_unchanged(hanlp_backend: HanLPBackend) -> None:
    expected = (GOLDEN / "sample.sha256").read_text(encoding="utf-8").split()
    assert [_sha(line.encode()) for line in _lines(hanlp_backend, [SAMPLE])] == expected


def test_graph_exports_are_unchanged(hanlp_backend: HanLPBackend, tmp_path: Path) -> None:
    g = build_graph(Extractor(hanlp_backend).extract(_articles([DEMO, SAMPLE])))
    write_graphml(g, tmp_path / "graph.graphml")
    write_json(g, tmp_path / "graph.json")
    write_csv(g, tmp_path)
    expected = dict(
        reversed(line.split()) for line in (GOLDEN / "graph.sha256").read_text(encoding="utf-8").splitlines()
    )
    assert {name: _sha((tmp_path / name).read_bytes()) for name in expected} == expected
