"""train-ner reads any subset of the corpus folders, so users can retrain on data they may use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.ner.training import CORPORA, load_corpus

runner = CliRunner()


# Invented sentences in the documented formats: a user's own data looks like this.
_LABEL = {"name": {"李明华": [[0, 2]]}, "company": {"星河公司": [[4, 7]]}}
_CLUE = json.dumps({"text": "李明华在星河公司任总经理", "label": _LABEL}, ensure_ascii=False) + "\n"
_BIO = "张\tB-PER\n伟\tI-PER\n到\tO\n漷\tB-LOC\n县\tI-LOC\n镇\tI-LOC\n\n"


def _folder(tmp_path: Path, *corpora: str, n: int = 4) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    if "cluener" in corpora:
        (data / "cluener").mkdir()
        for name in ("train.json", "dev.json"):
            (data / "cluener" / name).write_text(_CLUE * 3, encoding="utf-8")
    for name in ("msra_train", "msra_val"):
        if name in corpora:
            (data / name).mkdir()
            (data / name / "sentences.txt").write_text("张 伟 到 漷 县 镇\n" * n, encoding="utf-8")
            (data / name / "tags.txt").write_text("B-PER I-PER O B-LOC I-LOC I-LOC\n" * n, encoding="utf-8")
    if "peoples_daily" in corpora:
        (data / "peoples_daily").mkdir()
        (data / "peoples_daily" / "dev.txt").write_text(_BIO * 10, encoding="utf-8")
    return data


def test_a_folder_with_one_corpus_is_enough(tmp_path: Path) -> None:
    splits = load_corpus(_folder(tmp_path, "cluener"))
    assert len(splits["train"]) == len(splits["dev"]) == 3
    assert {s.corpus for s in splits["train"] + splits["dev"]} == {"cluener"}
    assert splits["train"][0].tags[:3] == ("B-PERSON", "I-PERSON", "I-PERSON")
    assert splits["test"] == splits["pd_test"] == splits["news_dev"] == splits["resume_test"] == []


def test_the_news_corpora_fill_their_own_splits(tmp_path: Path) -> None:
    splits = load_corpus(_folder(tmp_path, "msra_train", "peoples_daily", "msra_val", n=40))
    # Every 20th msra_train sentence is news dev; People's Daily dev and MSRA validation are the tests.
    assert {name: len(splits[name]) for name in ("train", "dev", "test", "pd_test", "news_dev")} == {
        "train": 38,
        "dev": 2,
        "test": 40,
        "pd_test": 10,
        "news_dev": 2,
    }
    assert splits["test"][0].tags == ("B-PERSON", "I-PERSON", "O", "B-PLACE", "I-PLACE", "I-PLACE")


def test_no_corpus_at_all_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="holds none of the corpus folders"):
        load_corpus(_folder(tmp_path))


def test_cli_names_the_missing_corpora_and_a_missing_file(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    (data / "cluener").mkdir()  # a corpus folder without its files
    res = runner.invoke(app, ["train-ner", "--data", str(data), "--out", str(tmp_path / "model")])
    assert res.exit_code == 1
    missing = ", ".join(f"{c}/" for c in CORPORA if c != "cluener")
    assert f"no {missing}; training on the others" in res.output
    assert "train.json" in res.output
