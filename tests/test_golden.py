"""Extraction output on the bundled demo articles and the sample page is pinned byte for byte.

The golden files were written by the code before the package re-layout, with
the bundled model. The sample page is a published article, so only hashes of
its output are stored, never its text. The GraphML hash in ``graph.sha256``
was rewritten with :func:`regenerate` when GraphML nodes got the name as
``label`` (issue 14); the other golden files did not change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
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
from tests.fixtures import DEMO, GOLDEN, SAMPLE, needs_shared

pytestmark = pytest.mark.hanlp


def _articles(paths: Sequence[Path]) -> list[Article]:
    """Articles read from beside each path, with file sources cut to the file name, so neither the ids
    (file path + position, see newskg.identity) nor the output depend on the checkout path."""
    out: list[Article] = []
    for path in paths:
        with contextlib.chdir(path.parent):
            out += [
                a.model_copy(update={"source": Path(a.source).name}) if a.source == a.origin else a
                for a in iter_articles([Path(path.name)])
            ]
    return out


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


@needs_shared(SAMPLE)
def test_sample_page_extraction_is_unchanged(hanlp_backend: HanLPBackend) -> None:
    expected = (GOLDEN / "sample.sha256").read_text(encoding="utf-8").split()
    assert [_sha(line.encode()) for line in _lines(hanlp_backend, [SAMPLE])] == expected


@needs_shared(SAMPLE)
def test_graph_exports_are_unchanged(hanlp_backend: HanLPBackend, tmp_path: Path) -> None:
    g = build_graph(Extractor(hanlp_backend).extract(_articles([DEMO, SAMPLE])))
    write_graphml(g, tmp_path / "graph.graphml")
    write_json(g, tmp_path / "graph.json")
    write_csv(g, tmp_path)
    expected = dict(
        reversed(line.split()) for line in (GOLDEN / "graph.sha256").read_text(encoding="utf-8").splitlines()
    )
    assert {name: _sha((tmp_path / name).read_bytes()) for name in expected} == expected


def regenerate() -> None:
    """Rewrite the golden files from the current code and model (`python -m tests.test_golden`).

    Run it only when extraction changes on purpose, and say so in the commit.
    """
    backend = HanLPBackend()
    (GOLDEN / "demo.jsonl").write_text("\n".join(_lines(backend, [DEMO])) + "\n", encoding="utf-8")
    (GOLDEN / "sample.sha256").write_text(
        "\n".join(_sha(line.encode()) for line in _lines(backend, [SAMPLE])) + "\n", encoding="utf-8"
    )
    g = build_graph(Extractor(backend).extract(_articles([DEMO, SAMPLE])))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_graphml(g, out / "graph.graphml")
        write_json(g, out / "graph.json")
        write_csv(g, out)
        names = sorted(p.name for p in out.iterdir())
        lines = [f"{_sha((out / name).read_bytes())}  {name}" for name in names]
    (GOLDEN / "graph.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    regenerate()
