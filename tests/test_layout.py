"""The package layout keeps its promises: one home per word list, imports that flow one way."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

from newskg.names import lexicon
from tests.fixtures import ROOT

PACKAGE = ROOT / "newskg"
LEXICON = PACKAGE / "names" / "lexicon.py"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _lexicon_words() -> set[str]:
    """Every word of every word list in :mod:`newskg.names.lexicon`."""
    words: set[str] = set()

    def add(value: object) -> None:
        if isinstance(value, Enum):
            return  # the kind an ORG_KIND_SUFFIXES group stands for, not a word
        if isinstance(value, str):
            words.add(value)
        elif isinstance(value, tuple):
            for v in value:
                add(v)
        elif isinstance(value, dict):
            for k in value:
                add(k)

    for name in lexicon.__all__:
        value = getattr(lexicon, name)
        if isinstance(value, tuple | dict):
            add(value)
    return words


def _word_lists(source: str, words: set[str]) -> Iterator[tuple[int, list[str]]]:
    """Literals in ``source`` that hold two or more lexicon words: (line, words found)."""
    for node in ast.walk(ast.parse(source)):
        items: list[str] = []
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif isinstance(node, ast.Dict):
            items = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "|" in node.value:
            items = _CJK_RUN.findall(node.value)  # a regex alternation written out
        found = sorted({i for i in items if i in words})
        if len(found) >= 2:
            yield node.lineno, found


def test_the_scan_finds_a_copied_word_list() -> None:
    words = _lexicon_words()
    assert {"调研", "有限公司", "书记", "陪同", "街道"} <= words
    source = 'VERBS = ("调研", "察看")\nRE = "(?:有限公司|集团)$"\nOK = ("调研",)\nDAYS = {"昨天": -1, "今天": 0}\n'
    assert [line for line, _ in _word_lists(source, words)] == [1, 2, 4]


def test_no_word_list_is_defined_outside_the_lexicon() -> None:
    words = _lexicon_words()
    copies = {
        f"{path.relative_to(ROOT)}:{line}": found
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != LEXICON
        for line, found in _word_lists(path.read_text(encoding="utf-8"), words)
    }
    assert copies == {}


# Lower layers never import higher ones: outdir (the output folder's lock, staging and manifest,
# which imports nothing of newskg) is what readers and writers of build folders share; names/ is the
# knowledge every stage reads, then the stages in the order data flows through them.
LAYERS = (
    "newskg.outdir",
    "newskg.cores",  # the cores a process may use: imports nothing of newskg
    "newskg.model",
    "newskg.identity",
    "newskg.names",
    "newskg.webpage",
    "newskg.read",
    "newskg.ner",
    "newskg.extract",
    "newskg.geo",
    "newskg.graph",
    "newskg.cypher",
    "newskg.cluster",
    "newskg.api",
    "newskg.cli",
)


def _layer(module: str) -> int:
    return max(i for i, prefix in enumerate(LAYERS) if module == prefix or module.startswith(prefix + "."))


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newskg"):
            yield node.module
            for alias in node.names:  # "from newskg.ner import model"
                yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("newskg"))


def test_imports_flow_one_way() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if module == "newskg":
            continue
        for imported in _imports(path):
            if imported != "newskg" and _layer(imported) > _layer(module):
                upward.append(f"{module} imports {imported}")
    assert upward == []


def _string_constants(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_the_article_id_format_has_one_home() -> None:
    """``article:<id>`` is spelled only in graph/schema.py; every other module calls article_node_id."""
    from newskg.graph.schema import ARTICLE_ID_PREFIX, article_node_id

    assert article_node_id("x") == ARTICLE_ID_PREFIX + "x"
    # The id form: the prefix followed by an id, a placeholder or the string's end ("article:" + aid),
    # not prose such as "one article: its facts".
    spelled_id = re.compile(re.escape(ARTICLE_ID_PREFIX) + r"(?:\S|\Z)", re.I)
    assert spelled_id.search('f"article:{aid}"') and spelled_id.search("article:") and not spelled_id.search("a: b")
    home = PACKAGE / "graph" / "schema.py"
    spelled = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in (PACKAGE, ROOT / "bench")
        for path in sorted(folder.rglob("*.py"))
        if path != home
        for line, text in _string_constants(path)
        if spelled_id.search(text)
    ]
    assert spelled == []
