"""HanLP RNN NER component with the CRF orientation fixed.

HanLP 2.1's ``RNNTaggingModel`` passes its CRF constraints positionally into
the CRF's ``batch_first`` slot, so the CRF scores time-major while the LSTM
emits batch-major tensors and training ends at F1 0. The subclass sets
``batch_first`` whenever the model is built, which covers both ``fit`` and
``hanlp.load`` (loading rebuilds the model from ``config.json``, whose
``classpath`` names this class).
"""

from __future__ import annotations

import itertools
import logging
import random
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
from hanlp.layers.embeddings.embedding import Embedding
from torch import nn

from newskg.ner.lexicon_features import LEXICONS, POSITIONS, bmes_ids, lexicon_text, word_list

__all__ = [
    "BigramIds",
    "CharBigramEmbedding",
    "CharBigramModule",
    "LexiconBigramIds",
    "NewsNER",
    "fix_crf",
    "lexicon_key",
    "viterbi",
]

log = logging.getLogger(__name__)

_BIGRAM_CACHE = 1 << 20  # at most this many bigram ids are remembered (about 100 MB at worst)


def fix_crf(model: nn.Module | None) -> None:
    """Make the CRF of an RNN tagging model batch-major, in place."""
    crf = getattr(model, "crf", None)
    if crf is not None:
        crf.batch_first = True


def _fmt(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m // 60}h{m % 60:02d}m" if m >= 60 else f"{m}m{s:02d}s"


class NewsNER(RNNNamedEntityRecognizer):  # type: ignore[misc]
    """Character BiLSTM-CRF recognizer trained by ``newskg train-ner``.

    Attributes:
        checkpoint: Where the training state is saved after every epoch (None: nowhere).
        resume: Continue from ``checkpoint`` when it exists.
    """

    checkpoint: Path | None = None
    resume: bool = False

    def build_model(self, **kwargs: Any) -> nn.Module:
        model = super().build_model(**kwargs)
        fix_crf(model)
        return model

    def predict(self, tokens: Any, batch_size: int | None = None, **kwargs: Any) -> Any:
        """HanLP's prediction, without its dataset machinery: the same spans, in less time.

        HanLP transforms every sentence twice (once to sort by length, once to
        batch) through a generic data loader; here each sentence is turned into
        ids once and batches of similar lengths go straight to the model and
        its CRF. The output is HanLP's: per sentence, ``(text, label, start, end)``.
        """
        if not tokens or not isinstance(tokens[0], list) or not isinstance(self.config.embed, CharBigramEmbedding):
            return super().predict(tokens, batch_size, **kwargs)
        self.model.eval()
        size = batch_size or self.config.get("batch_size", 32)
        field = self.config.token_key
        vocab = self.vocabs[field]
        features = self.config.embed.transform()  # bigram ids, and lexicon ids for a lexicon model
        tags = self.vocabs["tag"].idx_to_token
        # Vocab.get_idx, less a method call per character; a vocab still open for growth keeps get_idx.
        unk = vocab.token_to_idx.get(vocab.unk_token)
        lookup = (lambda c, _: vocab.get_idx(c)) if vocab.mutable else vocab.token_to_idx.get
        order = sorted(range(len(tokens)), key=lambda i: -len(tokens[i]))  # the LSTM packs longest first
        out: list[Any] = [None] * len(tokens)
        for lo in range(0, len(order), size):
            idx = order[lo : lo + size]
            width = max(1, max(len(tokens[i]) for i in idx))
            rows = [features({field: tokens[i]}) for i in idx]
            pads = [[0] * (width - len(tokens[i])) for i in idx]
            # One tensor per batch from padded lists: a tensor per sentence cost more than the lookups.
            ids = torch.tensor([[lookup(c, unk) for c in tokens[i]] + p for i, p in zip(idx, pads, strict=True)])
            batch = {f"{field}_id": ids}
            for key in features.keys:
                batch[key] = torch.tensor([row[key] + p for row, p in zip(rows, pads, strict=True)])
            with torch.no_grad():
                scores, mask = self.model(ids, batch=batch)
                paths = viterbi(self.model.crf, scores, mask)
            for i, path in zip(idx, paths, strict=True):
                labels = [tags[t] for t in path[: len(tokens[i])]]
                out[i] = [("".join(tokens[i][b:e]), typ, b, e) for typ, b, e in _bio_spans(labels)]
        return out

    def _save_state(self, optimizer: Any, scheduler: Any, epoch: int, best: tuple[int, float]) -> None:
        assert self.checkpoint is not None
        state = {
            "epoch": epoch,
            "best_epoch": best[0],
            "best_score": best[1],
            "model": self.model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict() if scheduler else None,
            "torch_rng": torch.get_rng_state(),
            "python_rng": random.getstate(),
        }
        tmp = self.checkpoint.with_suffix(".tmp")
        torch.save(state, tmp)
        tmp.replace(self.checkpoint)  # never a half-written checkpoint

    def execute_training_loop(
        self,
        trn: Any,
        dev: Any,
        epochs: int,
        criterion: Any,
        optimizer: Any,
        metric: Any,
        save_dir: str,
        logger: Any,
        patience: int,
        **kwargs: Any,
    ) -> None:
        """HanLP's epoch loop, plus a checkpoint every epoch, ``resume`` and an ETA line per epoch.

        The best epoch on dev is saved as the model (HanLP's rule); the
        checkpoint holds the latest epoch's weights, optimizer, scheduler and
        random states, so a resumed run continues exactly where it stopped.
        """
        criterion = self.build_criterion()
        scheduler = self.build_scheduler(**{**self.config, "optimizer": optimizer})
        patience = patience or epochs
        first, best_epoch, best_score = 1, 0, -1.0
        if self.resume and self.checkpoint is not None and self.checkpoint.is_file():
            state = torch.load(self.checkpoint, weights_only=False)
            self.model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            if scheduler and state["scheduler"]:
                scheduler.load_state_dict(state["scheduler"])
            torch.set_rng_state(state["torch_rng"])
            random.setstate(state["python_rng"])
            first, best_epoch, best_score = state["epoch"] + 1, state["best_epoch"], state["best_score"]
            logger.info(f"resumed after epoch {state['epoch']} (best dev F1 {best_score:.4f} at epoch {best_epoch})")
        started, epoch = time.perf_counter(), first - 1
        for epoch in range(first, epochs + 1):
            if epoch - best_epoch > patience:
                break
            self.fit_dataloader(trn, criterion, optimizer, metric, logger)
            _, dev_metric = self.evaluate_dataloader(dev, criterion, logger)
            score = float(dev_metric.score)
            if scheduler:
                scheduler.step(score)
            saved = score > best_score
            if saved:
                self.save_weights(save_dir)
                best_epoch, best_score = epoch, score
            if self.checkpoint is not None:
                self._save_state(optimizer, scheduler, epoch, (best_epoch, best_score))
            done = epoch - first + 1
            per_epoch = (time.perf_counter() - started) / done
            left = epochs - epoch  # early stopping can only make it shorter
            logger.info(
                f"epoch {epoch}/{epochs}: dev F1 {score:.4f}{' (best, saved)' if saved else ''}, "
                f"best {best_score:.4f} at {best_epoch}, {_fmt(per_epoch)}/epoch, ETA {_fmt(per_epoch * left)}"
            )
        if best_epoch and best_epoch != epoch:
            self.load_weights(save_dir)
        logger.info(f"best dev F1 {best_score:.4f} at epoch {best_epoch}")


def viterbi(crf: Any, emissions: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
    """The best tag path of each sequence under a CRF: HanLP's decode, with the backtrace batched.

    HanLP walks back one sequence and one position at a time in Python; here
    every sequence steps back together, so a batch costs O(T) tensor steps.

    Args:
        crf: The CRF layer (``start_transitions``, ``transitions``, ``end_transitions``).
        emissions: Scores, batch first, ``(batch, length, tags)``.
        mask: True on the real positions, ``(batch, length)``; every sequence starts at 0.
    """
    batch, length, _ = emissions.shape
    score = crf.start_transitions + emissions[:, 0]
    history: list[torch.Tensor] = []
    for t in range(1, length):
        best, came_from = (score.unsqueeze(2) + crf.transitions + emissions[:, t].unsqueeze(1)).max(dim=1)
        score = torch.where(mask[:, t].unsqueeze(1), best, score)
        history.append(came_from)
    last = (score + crf.end_transitions).argmax(dim=1)
    ends = mask.sum(dim=1) - 1
    path = torch.zeros((batch, length), dtype=torch.long)
    cur = last
    for t in range(length - 1, -1, -1):
        cur = torch.where(ends == t, last, cur)
        path[:, t] = cur
        if t > 0:
            back = history[t - 1].gather(1, cur.unsqueeze(1)).squeeze(1)
            cur = torch.where(ends >= t, back, cur)
    return [row[: n + 1] for row, n in zip(path.tolist(), ends.tolist(), strict=True)]


def _bio_spans(labels: list[str]) -> list[tuple[str, int, int]]:
    """``(type, start, end)`` of BIO labels, end exclusive, as HanLP's ``bio_tags_to_spans`` reads them.

    >>> _bio_spans(["B-PERSON", "I-PERSON", "O", "I-PLACE", "B-PLACE"])
    [('PERSON', 0, 2), ('PLACE', 3, 4), ('PLACE', 4, 5)]
    """
    from hanlp.utils.span_util import bio_tags_to_spans

    return [(typ, b, e + 1) for typ, (b, e) in sorted(bio_tags_to_spans(labels), key=lambda x: x[1])]


class BigramIds:
    """Transform adding hashed left/right character-bigram ids to a sample.

    Hashing (CRC32 into a fixed number of buckets) keeps the table small and
    needs no vocabulary, so unseen bigrams at inference still get a vector.
    """

    def __init__(self, field: str, buckets: int) -> None:
        self.field = field
        self.buckets = buckets
        self._ids: dict[str, int] = {}  # bigram -> id: CRC32 costs more than a dict lookup, and news repeats bigrams

    def _id(self, bigram: str) -> int:
        found = self._ids.get(bigram)
        if found is None:
            found = zlib.crc32(bigram.encode("utf-8")) % (self.buckets - 1) + 1
            if len(self._ids) < _BIGRAM_CACHE:
                self._ids[bigram] = found
        return found

    @property
    def keys(self) -> tuple[str, ...]:
        """The sample fields this transform adds."""
        return (f"{self.field}_lbigram_id", f"{self.field}_rbigram_id")

    def __call__(self, sample: dict[str, Any]) -> dict[str, Any]:
        chars = sample[self.field]
        padded = ["<s>", *chars, "</s>"]
        ids = [self._id(a + b) for a, b in itertools.pairwise(padded)]
        sample[f"{self.field}_lbigram_id"] = ids[:-1]
        sample[f"{self.field}_rbigram_id"] = ids[1:]
        return sample

    def __getstate__(self) -> dict[str, Any]:
        return {"field": self.field, "buckets": self.buckets}  # the cache is rebuilt, never pickled

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["field"], state["buckets"])  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigramIds) and (other.field, other.buckets) == (self.field, self.buckets)

    def __hash__(self) -> int:
        return hash((self.field, self.buckets))


class LexiconBigramIds(BigramIds):
    """:class:`BigramIds` plus, per word list of ``lexicons``, each character's BMES position in a listed word.

    The word lists are read when the transform is made (once per process), so data loader workers
    forked after it share them.
    """

    def __init__(self, field: str, buckets: int, lexicons: Sequence[str]) -> None:
        super().__init__(field, buckets)
        self.lexicons = tuple(lexicons)
        self._lists = [word_list(name) for name in self.lexicons]

    @property
    def keys(self) -> tuple[str, ...]:
        return (*super().keys, *(lexicon_key(self.field, name) for name in self.lexicons))

    def __call__(self, sample: dict[str, Any]) -> dict[str, Any]:
        sample = super().__call__(sample)
        text = lexicon_text(sample[self.field])
        for name, words in zip(self.lexicons, self._lists, strict=True):
            sample[lexicon_key(self.field, name)] = bmes_ids(text, words)
        return sample

    def __getstate__(self) -> dict[str, Any]:
        return {**super().__getstate__(), "lexicons": self.lexicons}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["field"], state["buckets"], state["lexicons"])  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LexiconBigramIds) and super().__eq__(other) and other.lexicons == self.lexicons

    def __hash__(self) -> int:
        return hash((self.field, self.buckets, self.lexicons))


def lexicon_key(field: str, name: str) -> str:
    """The sample field holding one word list's position ids.

    >>> lexicon_key("token", "division")
    'token_lex_division_id'
    """
    return f"{field}_lex_{name}_id"


class CharBigramModule(nn.Module):  # type: ignore[misc]
    """Concatenates a character embedding with left and right bigram embeddings and, optionally,
    one small embedding of BMES positions per word list (see :mod:`newskg.ner.lexicon_features`)."""

    def __init__(
        self,
        n_chars: int,
        char_dim: int,
        buckets: int,
        bigram_dim: int,
        field: str,
        lexicons: Sequence[str] = (),
        lexicon_dim: int = 0,
    ) -> None:
        super().__init__()
        self.field = field
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.bigram = nn.Embedding(buckets, bigram_dim, padding_idx=0)
        self.lexicons = tuple(lexicons)
        # Id 0 (no word, or padding) is a zero vector; a plain model has no parameters here.
        self.lexicon = nn.ModuleList(nn.Embedding(POSITIONS, lexicon_dim, padding_idx=0) for _ in self.lexicons)
        self.embedding_dim = char_dim + 2 * bigram_dim + lexicon_dim * len(self.lexicons)

    def forward(self, batch: dict[str, Any], mask: Any = None, **kwargs: Any) -> Any:
        f = self.field
        parts = [
            self.char(batch[f"{f}_id"]),
            self.bigram(batch[f"{f}_lbigram_id"]),
            self.bigram(batch[f"{f}_rbigram_id"]),
        ]
        parts += [emb(batch[lexicon_key(f, name)]) for name, emb in zip(self.lexicons, self.lexicon, strict=True)]
        return torch.cat(parts, dim=-1)


class CharBigramEmbedding(Embedding):  # type: ignore[misc]
    """HanLP embedding builder for characters plus hashed bigrams, and optionally lexicon positions.

    Args:
        lexicons: Names of word lists (:data:`newskg.ner.lexicon_features.LEXICONS`) whose BMES
            positions are embedded; none by default.
        lexicon_dim: Size of each list's position embedding.

    HanLP saves the public attributes as the model's ``embed`` config: the lexicon ones are set only
    when lexicons are used, so a plain model's config is what it was before they existed.
    """

    lexicons: tuple[str, ...] = ()
    lexicon_dim: int = 0

    def __init__(
        self,
        char_dim: int = 100,
        bigram_dim: int = 50,
        buckets: int = 50000,
        field: str = "token",
        lexicons: Sequence[str] = (),
        lexicon_dim: int = 8,
    ) -> None:
        super().__init__()
        self.char_dim = char_dim
        self.bigram_dim = bigram_dim
        self.buckets = buckets
        self.field = field
        if lexicons:
            unknown = sorted(set(lexicons) - set(LEXICONS))
            if unknown:
                raise ValueError(f"unknown lexicons {unknown}; known: {', '.join(LEXICONS)}")
            self.lexicons = tuple(lexicons)
            self.lexicon_dim = lexicon_dim

    def transform(self, **kwargs: Any) -> BigramIds:
        if self.lexicons:
            return LexiconBigramIds(self.field, self.buckets, self.lexicons)
        return BigramIds(self.field, self.buckets)

    def module(self, vocabs: Any = None, **kwargs: Any) -> nn.Module:
        return CharBigramModule(
            len(vocabs[self.field]),
            self.char_dim,
            self.buckets,
            self.bigram_dim,
            self.field,
            self.lexicons,
            self.lexicon_dim,
        )
