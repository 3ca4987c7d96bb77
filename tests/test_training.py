from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newskg.ner.model import NewsNER
from newskg.ner.training import CHECKPOINT, NEWS_DEV_EVERY, TrainConfig, load_corpus, train_ner
from tests.fixtures import NER_DATA, TINY_NER, needs_shared


@needs_shared(NER_DATA)
def test_news_splits_are_disjoint_and_width_normalized() -> None:
    splits = load_corpus(NER_DATA)
    train = {s.chars for s in splits["train"] if s.corpus == "msra"}
    test = {s.chars for s in splits["test"]}
    pd_test = {s.chars for s in splits["pd_test"]}
    news_dev = {s.chars for s in splits["news_dev"]}
    assert len(train) > 35_000 and len(test) > 2_500 and len(pd_test) > 2_000 and len(news_dev) > 1_900
    assert not train & test and not train & pd_test and not news_dev & test and not news_dev & pd_test
    assert {s.corpus for s in splits["test"]} == {"msra"} == {s.corpus for s in splits["news_dev"]}
    assert {s.corpus for s in splits["pd_test"]} == {"peoples_daily"}
    # msra_val writes digits full-width and msra_train ASCII: both sides come out ASCII.
    assert not any("０" <= c <= "９" or "Ａ" <= c <= "ｚ" for s in splits["test"] for c in s.chars)
    assert any("0" <= c <= "9" for s in splits["test"] for c in s.chars)


def test_tiny_corpus_splits_are_disjoint_and_width_normalized() -> None:
    """The same properties on the team's invented corpus, which every checkout has."""
    splits = load_corpus(TINY_NER)
    n = len((TINY_NER / "msra_train" / "sentences.txt").read_text(encoding="utf-8").splitlines())
    train = {s.chars for s in splits["train"] if s.corpus == "msra"}
    test = {s.chars for s in splits["test"]}
    pd_test = {s.chars for s in splits["pd_test"]}
    news_dev = {s.chars for s in splits["news_dev"]}
    # Every NEWS_DEV_EVERY-th msra_train sentence is held back from training as news dev.
    assert (len(train), len(news_dev)) == (n - n // NEWS_DEV_EVERY, n // NEWS_DEV_EVERY) and news_dev
    assert test and pd_test
    assert not train & news_dev and not train & test and not train & pd_test
    assert not news_dev & test and not news_dev & pd_test
    assert {s.corpus for s in splits["test"]} == {"msra"} == {s.corpus for s in splits["news_dev"]}
    assert {s.corpus for s in splits["pd_test"]} == {"peoples_daily"}
    assert {s.corpus for s in splits["train"]} == {"cluener", "resume", "msra"}
    # The file writes digits and letters full-width (as msra_val does); the split holds them as ASCII.
    raw = (TINY_NER / "msra_val" / "sentences.txt").read_text(encoding="utf-8")
    assert "２" in raw and "Ａ" in raw
    assert not any("０" <= c <= "９" or "Ａ" <= c <= "ｚ" for s in splits["test"] for c in s.chars)
    assert {"2", "A"} <= {c for s in splits["test"] for c in s.chars}


def test_interrupted_training_resumes_from_its_checkpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = TrainConfig(epochs=2, limit=40, rnn_hidden=16, bigram_dim=8, buckets=1000)
    epochs_run: list[int] = []
    fit = NewsNER.fit_dataloader

    def fit_and_count(self: NewsNER, *args: Any, **kwargs: Any) -> Any:
        epochs_run.append(1)
        return fit(self, *args, **kwargs)

    evaluate = NewsNER.evaluate_dataloader

    def stop_after_first_epoch(self: NewsNER, *args: Any, **kwargs: Any) -> Any:
        if len(epochs_run) == 2:
            raise KeyboardInterrupt  # the user's Ctrl-C during epoch 2
        return evaluate(self, *args, **kwargs)

    monkeypatch.setattr(NewsNER, "fit_dataloader", fit_and_count)
    monkeypatch.setattr(NewsNER, "evaluate_dataloader", stop_after_first_epoch)
    with pytest.raises(KeyboardInterrupt):
        train_ner(TINY_NER, tmp_path, cfg)
    assert (tmp_path / CHECKPOINT).is_file() and (tmp_path / "model.pt").is_file()

    monkeypatch.setattr(NewsNER, "evaluate_dataloader", evaluate)
    epochs_run.clear()
    res = train_ner(TINY_NER, tmp_path, TrainConfig(**{**cfg.__dict__, "resume": True}))
    assert epochs_run == [1]  # only epoch 2 ran again
    assert "resumed after epoch 1" in (tmp_path / "train.log").read_text(encoding="utf-8")
    assert not (tmp_path / CHECKPOINT).exists() and (res.model_dir / "config.json").is_file()
