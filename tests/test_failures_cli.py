"""Issue 27, the command line: data printed as data, signals, one-line messages.

The NER is the gazetteer fake; the tests that need Neo4j talk to the real test server.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg import api
from newskg.cli import app
from newskg.cypher.loader import Neo4jConfig
from tests.fakes import GazetteerBackend
from tests.fixtures import GAZETTEER

runner = CliRunner()
# Text that rich would take for markup ([/x] closes no tag: MarkupError; [bold] styles) or an emoji code.
MARKUP = "[/x][b]粗[/b]:ok:"


# Case 8: data was rendered as rich markup.


def test_the_visits_table_prints_markup_in_the_data_as_it_is(tmp_path: Path) -> None:
    """Case 8: an article title and a sentence holding markup; before, MarkupError or styled text."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(f"[/x][b]标题\n区委书记孟景伟到北京天海工业有限公司调研{MARKUP}。", encoding="utf-8")
    out = tmp_path / "out"
    api.build([src], out, backend=GazetteerBackend(GAZETTEER))
    res = runner.invoke(app, ["visits", str(out)])
    assert res.exit_code == 0, res.output
    assert MARKUP in res.stdout and "[/x][b]标题" in res.stdout and "🆗" not in res.stdout


@pytest.mark.neo4j
def test_query_prints_markup_in_the_data_as_it_is(neo4j_cfg: Neo4jConfig) -> None:
    """Case 8: `newskg query "RETURN '[/tmp/x]' AS s"` crashed with rich.errors.MarkupError."""
    res = runner.invoke(
        app,
        ["query", "RETURN $v AS `[x]`, $v AS s", "--param", f"v={MARKUP}", "--uri", neo4j_cfg.uri],
        env={"NEO4J_PASSWORD": neo4j_cfg.password},
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.count(MARKUP) == 2 and "[x]" in res.stdout and "🆗" not in res.stdout
