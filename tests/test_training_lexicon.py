"""Lexicon features (``newskg train-ner --lexicon``): a tiny model trains, saves, loads and predicts with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch

from newskg.ner.lexicon_features import LEXICONS, B, E, M, WordList, bmes_ids, lexicon_text, word_list
from newskg.ner.model import BigramIds, CharBigramEmbedding, LexiconBigramIds, NewsNER, lexicon_key
from newskg.ner.training import TrainConfig, train_ner
from tests.fixtures import TINY_NER

TEXTS = [
    "3月2日,县委书记高远先后到青禾农业、恒达机械有限公司调研。",
    "区长郑海涛到北京市通州区宋庄镇调研产业项目建设情况,副区长李静陪同。",
    "好",
    "江城市经贸考察团考察了丽水开发区和区人民医院。" * 3,
]
_TINY = {"epochs": 1, "limit": 40, "rnn_hidden": 16, "bigram_dim": 8, "buckets": 1000}


@pytest.fixture(scope="module")
def lexicon_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lexicon_model")
    train_ner(TINY_NER, out, TrainConfig(**_TINY, lexicon=True, lexicon_dim=4))
    return out


def _load(path: Path) -> Any:
    import hanlp

    return hanlp.load(str(path), devices=-1)


def test_the_word_lists_come_from_the_gazetteer_and_the_lexicon() -> None:
    division, town, org = (word_list(name) for name in LEXICONS)
    assert {"北京市", "北京", "通州区", "彬县"} <= division.words  # full, short and former names
    assert "宋庄镇" in town.words and "宋庄镇" not in division.words
    assert {"有限公司", "委员会", "医院"} <= org.words
    assert all(len(w) >= 2 for wl in (division, town, org) for w in wl.words)
    text = lexicon_text(["[NEWS]", *"到通州区宋庄镇"])
    assert bmes_ids(text, division) == [0, 0, B, M, E, 0, 0, 0]
    assert bmes_ids(text, town) == [0, 0, 0, 0, 0, B, M, E]
    with pytest.raises(ValueError, match="unknown lexicon"):
        word_list("planets")


def test_forward_maximum_matching_takes_the_longest_word_and_skips_tokens_that_are_no_character() -> None:
    wl = WordList.of(["江城", "江城市", "城市"])
    assert bmes_ids("江城市", wl) == [B, M, E]
    assert bmes_ids(lexicon_text(["江", "[X]", "城", "市"]), wl) == [0, 0, B, E]


def test_the_lexicon_model_saves_its_lists_in_its_config_and_a_plain_one_does_not(lexicon_model: Path) -> None:
    embed = json.loads((lexicon_model / "config.json").read_text(encoding="utf-8"))["embed"]
    assert embed["lexicons"] == list(LEXICONS) and embed["lexicon_dim"] == 4
    assert "lexicons" not in CharBigramEmbedding().config  # the bundled model's config is what it was
    assert type(CharBigramEmbedding().transform()) is BigramIds
    with pytest.raises(ValueError, match="unknown lexicons"):
        CharBigramEmbedding(lexicons=("planets",))
    with pytest.raises(ValueError, match="bigram_dim"):
        train_ner(TINY_NER, lexicon_model / "never", TrainConfig(lexicon=True, bigram_dim=0))


def test_a_lexicon_model_round_trips_through_save_and_load(lexicon_model: Path, tmp_path: Path) -> None:
    first = _load(lexicon_model)
    assert isinstance(first, NewsNER) and isinstance(first.config.embed.transform(), LexiconBigramIds)
    tokens = [list(t) for t in TEXTS]
    before = first.predict(tokens, batch_size=2)
    first.save(str(tmp_path))
    second = _load(tmp_path)
    assert second.predict(tokens, batch_size=2) == before
    a, b = first.model.state_dict(), second.model.state_dict()
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    assert sum("lexicon" in k for k in a) == len(LEXICONS)


def test_the_fast_path_feeds_the_lexicon_ids_and_gives_hanlps_spans(lexicon_model: Path) -> None:
    comp = _load(lexicon_model)
    tokens = [list(t) for t in TEXTS]
    ours = comp.predict(tokens, batch_size=2)
    theirs = super(NewsNER, comp).predict(tokens, batch_size=2)
    assert [sorted(map(tuple, s)) for s in ours] == [sorted(map(tuple, s)) for s in theirs]
    # The ids reach the model: with every lexicon position blanked its scores change.
    sample = comp.config.embed.transform()({"token": tokens[1]})
    vocab = comp.vocabs["token"]
    batch = {k: torch.tensor([v]) for k, v in sample.items() if k.endswith("_id")}
    batch["token_id"] = torch.tensor([[vocab.get_idx(c) for c in tokens[1]]])
    assert any(batch[lexicon_key("token", name)].any() for name in LEXICONS)
    comp.model.eval()
    with torch.no_grad():
        scores, _ = comp.model(batch["token_id"], batch=batch)
        blank = {k: torch.zeros_like(v) if "_lex_" in k else v for k, v in batch.items()}
        blanked, _ = comp.model(blank["token_id"], batch=blank)
    assert not torch.equal(scores, blanked)


def test_train_ner_lexicon_with_a_domain_token_loads_and_tags(tmp_path: Path) -> None:
    """``--lexicon`` from the command line; the domain token before each input is a barrier, not a character."""
    from typer.testing import CliRunner

    from newskg.cli import app
    from newskg.ner.backend import HanLPBackend

    out = tmp_path / "m"
    args = ["train-ner", "--data", str(TINY_NER), "--out", str(out), "--epochs", "1", "--limit", "40"]
    res = CliRunner().invoke(app, [*args, "--lexicon", "--domain", "--hidden", "16", "--no-evaluate"])
    assert res.exit_code == 0, res.output
    assert json.loads((out / "config.json").read_text())["embed"]["lexicons"] == list(LEXICONS)
    text = "区委书记孟景伟到北京市通州区宋庄镇天海工业有限公司调研。"
    (spans,) = HanLPBackend(out).tag([text])  # an undertrained model may find nothing; offsets must still hold
    assert all(text[s.start : s.end] == s.text for s in spans)
