"""HanLP RNN NER component with the CRF orientation fixed.

HanLP 2.1's ``RNNTaggingModel`` passes its CRF constraints positionally into
the CRF's ``batch_first`` slot, so the CRF scores time-major while the LSTM
emits batch-major tensors and training ends at F1 0. The subclass sets
``batch_first`` whenever the model is built, which covers both ``fit`` and
``hanlp.load`` (loading rebuilds the model from ``config.json``, whose
``classpath`` names this class).
"""

from __future__ import annotations

import zlib
from typing import Any

import torch
from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
from hanlp.layers.embeddings.embedding import Embedding
from torch import nn

__all__ = ["BigramIds", "CharBigramEmbedding", "CharBigramModule", "NewsNER", "fix_crf"]


def fix_crf(model: nn.Module | None) -> None:
    """Make the CRF of an RNN tagging model batch-major, in place."""
    crf = getattr(model, "crf", None)
    if crf is not None:
        crf.batch_first = True


class NewsNER(RNNNamedEntityRecognizer):  # type: ignore[misc]
    """Character BiLSTM-CRF recognizer trained by ``newskg train-ner``."""

    def build_model(self, **kwargs: Any) -> nn.Module:
        model = super().build_model(**kwargs)
        fix_crf(model)
        return model


class BigramIds:
    """Transform adding hashed left/right character-bigram ids to a sample.

    Hashing (CRC32 into a fixed number of buckets) keeps the table small and
    needs no vocabulary, so unseen bigrams at inference still get a vector.
    """

    def __init__(self, field: str, buckets: int) -> None:
        self.field = field
        self.buckets = buckets

    def _id(self, bigram: str) -> int:
        return zlib.crc32(bigram.encode("utf-8")) % (self.buckets - 1) + 1

    def __call__(self, sample: dict[str, Any]) -> dict[str, Any]:
        chars = sample[self.field]
        padded = ["<s>", *chars, "</s>"]
        sample[f"{self.field}_lbigram_id"] = [self._id(padded[i] + padded[i + 1]) for i in range(len(chars))]
        sample[f"{self.field}_rbigram_id"] = [self._id(padded[i + 1] + padded[i + 2]) for i in range(len(chars))]
        return sample

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigramIds) and (other.field, other.buckets) == (self.field, self.buckets)

    def __hash__(self) -> int:
        return hash((self.field, self.buckets))


class CharBigramModule(nn.Module):  # type: ignore[misc]
    """Concatenates a character embedding with left and right bigram embeddings."""

    def __init__(self, n_chars: int, char_dim: int, buckets: int, bigram_dim: int, field: str) -> None:
        super().__init__()
        self.field = field
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.bigram = nn.Embedding(buckets, bigram_dim, padding_idx=0)
        self.embedding_dim = char_dim + 2 * bigram_dim

    def forward(self, batch: dict[str, Any], mask: Any = None, **kwargs: Any) -> Any:
        f = self.field
        return torch.cat(
            [
                self.char(batch[f"{f}_id"]),
                self.bigram(batch[f"{f}_lbigram_id"]),
                self.bigram(batch[f"{f}_rbigram_id"]),
            ],
            dim=-1,
        )


class CharBigramEmbedding(Embedding):  # type: ignore[misc]
    """HanLP embedding builder for characters plus hashed bigrams."""

    def __init__(self, char_dim: int = 100, bigram_dim: int = 50, buckets: int = 50000, field: str = "token") -> None:
        super().__init__()
        self.char_dim = char_dim
        self.bigram_dim = bigram_dim
        self.buckets = buckets
        self.field = field

    def transform(self, **kwargs: Any) -> BigramIds:
        return BigramIds(self.field, self.buckets)

    def module(self, vocabs: Any = None, **kwargs: Any) -> nn.Module:
        return CharBigramModule(len(vocabs[self.field]), self.char_dim, self.buckets, self.bigram_dim, self.field)
