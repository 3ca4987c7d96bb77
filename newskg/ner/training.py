"""Train and evaluate the offline NER model on the public data in ``shared/data/ner``.

Splits are fixed and honest: CLUENER and Resume keep their own train/dev
files (Resume's test file is only ever evaluated); the news domain trains on
the MSRA training split less every 20th sentence, chooses the epoch on those
held-back sentences (``news_dev``), and is scored on two news splits it never
trains or selects on: MSRA validation (``test``) and People's Daily dev
(``pd_test``; "dev" upstream, a test here). Every
side goes through the same width normalization (full-width digits and
letters become ASCII, as NFKC does), so ``msra_train``'s ASCII and
``msra_val``'s full-width forms meet. Only dev scores choose the epoch.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newskg.model import NerSpan
from newskg.names.lexicon import ADDRESS_CUT_RE
from newskg.names.normalize import normalize_char
from newskg.names.titles import title_before
from newskg.ner.backend import SIDECAR, NerBackend

__all__ = [
    "CORPORA",
    "DOMAIN_TOKENS",
    "NEWS_DEV_EVERY",
    "NEWS_TOKEN",
    "Sentence",
    "TrainConfig",
    "TrainResult",
    "evaluate_model",
    "load_corpus",
    "silver_titles",
    "span_scores",
    "tags_to_spans",
    "train_ner",
]

log = logging.getLogger(__name__)

Span = tuple[str, int, int]  # (type, start, end exclusive)
CHECKPOINT = "checkpoint.pt"  # per-epoch training state in the output folder, removed when training ends
Tagger = Callable[[NerBackend, Sequence[str]], list[list[NerSpan]]]


@dataclass(frozen=True)
class Sentence:
    """One annotated sentence: characters and BIO tags of the same length."""

    chars: tuple[str, ...]
    tags: tuple[str, ...]
    corpus: str


_CLUE_MAP = {
    "name": "PERSON",
    "organization": "ORGANIZATION",
    "company": "ORGANIZATION",
    "government": "ORGANIZATION",
    "address": "PLACE",
    "scene": "PLACE",
    "position": "TITLE",
}
_NEWS = ("peoples_daily", "msra")
NEWS_DEV_EVERY = 20  # every 20th msra_train sentence is held back as news dev (about 2,000)
# The corpus folders ``load_corpus`` reads; each is optional.
CORPORA = ("cluener", "resume", "msra_train", "peoples_daily", "msra_val")
# Domain tokens put before each training sentence so the model can learn each
# corpus's conventions apart (CLUENER leaves many country names untagged, news
# tags them); at inference the backend puts the news token first.
NEWS_TOKEN = "[NEWS]"
DOMAIN_TOKENS = {"peoples_daily": NEWS_TOKEN, "msra": NEWS_TOKEN, "cluener": "[CLUE]", "resume": "[RESUME]"}
_BIO_MAP = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "PLACE"}
_RESUME_MAP = {"NAME": "PERSON", "ORG": "ORGANIZATION", "LOC": "PLACE", "TITLE": "TITLE"}


def _sentence(chars: Sequence[str], spans: Iterable[Span], corpus: str) -> Sentence | None:
    tags = ["O"] * len(chars)
    for typ, start, end in spans:
        if start < 0 or end > len(chars) or start >= end or any(t != "O" for t in tags[start:end]):
            continue  # overlapping or out-of-range gold spans are dropped
        tags[start] = f"B-{typ}"
        for i in range(start + 1, end):
            tags[i] = f"I-{typ}"
    keep = [i for i, c in enumerate(chars) if c.strip()]
    if not keep:
        return None
    return Sentence(tuple(normalize_char(chars[i]) for i in keep), tuple(tags[i] for i in keep), corpus)


def _split_address(text: str, start: int, end: int) -> Iterator[Span]:
    # CLUENER tags whole addresses ("浙江省温州市"); news corpora tag each level.
    cut = start
    for m in ADDRESS_CUT_RE.finditer(text, start, end):
        if m.end() - cut >= 2 and end - m.end() >= 2:
            yield ("PLACE", cut, m.end())
            cut = m.end()
    yield ("PLACE", cut, end)


def _read_cluener(path: Path) -> Iterator[Sentence]:
    # The file is a stream of pretty-printed JSON objects, not JSON lines.
    raw = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(raw) and raw[pos].isspace():
            pos += 1
        if pos >= len(raw):
            return
        rec, pos = decoder.raw_decode(raw, pos)
        text = rec["text"]
        spans: list[Span] = []
        for label, ents in rec.get("label", {}).items():
            typ = _CLUE_MAP.get(label)
            if typ is None:
                continue
            for positions in ents.values():
                for b, e in positions:
                    if label == "address":
                        spans.extend(_split_address(text, b, e + 1))
                    else:
                        spans.append((typ, b, e + 1))
        sent = _sentence(list(text), spans, "cluener")
        if sent:
            yield sent


def tags_to_spans(tags: Sequence[str]) -> list[Span]:
    """Decode BIO or BMES tags into (type, start, end) spans. O(n)."""
    spans: list[Span] = []
    typ, start = None, 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if prefix in ("B", "S", "O") or (prefix in ("I", "M", "E") and label != typ):
            if typ is not None:
                spans.append((typ, start, i))
                typ = None
            if prefix in ("B", "S", "I", "M", "E"):
                typ, start = label, i
        if prefix in ("S", "E") and typ is not None:
            spans.append((typ, start, i + 1))
            typ = None
    return spans


def _read_char_tag(path: Path, mapping: dict[str, str], corpus: str) -> Iterator[Sentence]:
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in [*fh, ""]:
            parts = line.split()
            if len(parts) >= 2:
                chars.append(parts[0])
                tags.append(parts[-1])
                continue
            if chars:
                spans = [(mapping[t], b, e) for t, b, e in tags_to_spans(tags) if t in mapping]
                sent = _sentence(chars, spans, corpus)
                if sent:
                    yield sent
            chars, tags = [], []


def _read_msra(folder: Path) -> Iterator[Sentence]:
    sents = (folder / "sentences.txt").read_text(encoding="utf-8").splitlines()
    tags = (folder / "tags.txt").read_text(encoding="utf-8").splitlines()
    for s, t in zip(sents, tags, strict=True):
        chars, labels = s.split(), t.split()
        if not chars or len(chars) != len(labels):
            continue
        spans = [(_BIO_MAP[x], b, e) for x, b, e in tags_to_spans(labels) if x in _BIO_MAP]
        sent = _sentence(chars, spans, "msra")
        if sent:
            yield sent


def load_corpus(data_dir: Path) -> dict[str, list[Sentence]]:
    """Read every dataset under ``data_dir`` into train/dev/test/pd_test/resume_test splits.

    ``test`` (MSRA validation, 3,000 sentences) and ``pd_test`` (People's
    Daily dev, 2,318) are the held-out news tests: the publisher removed each
    of their sentences from ``msra_train``. ``news_dev``, the news part of
    ``dev``, is every ``NEWS_DEV_EVERY``-th sentence of ``msra_train``, held
    back from training, for choosing epochs and variants without looking at
    either test.

    A corpus whose folder is missing is left out (users may retrain on the
    corpora they are allowed to use); at least one must be there.

    Raises:
        FileNotFoundError: When no corpus folder is there, or a corpus folder lacks a file.
    """
    if not any((data_dir / c).is_dir() for c in CORPORA):
        raise FileNotFoundError(f"{data_dir}: holds none of the corpus folders {', '.join(c + '/' for c in CORPORA)}")
    splits: dict[str, list[Sentence]] = {"train": [], "dev": [], "test": [], "pd_test": [], "resume_test": []}
    clue = data_dir / "cluener"
    if clue.is_dir():
        splits["train"] += _read_cluener(clue / "train.json")
        splits["dev"] += _read_cluener(clue / "dev.json")
    res = data_dir / "resume"
    if res.is_dir():
        splits["train"] += _read_char_tag(res / "train.char.bmes", _RESUME_MAP, "resume")
        splits["dev"] += _read_char_tag(res / "dev.char.bmes", _RESUME_MAP, "resume")
        splits["resume_test"] += _read_char_tag(res / "test.char.bmes", _RESUME_MAP, "resume")
    if (data_dir / "msra_train").is_dir():
        for i, sent in enumerate(_read_msra(data_dir / "msra_train")):
            splits["dev" if i % NEWS_DEV_EVERY == NEWS_DEV_EVERY - 1 else "train"].append(sent)
    if (data_dir / "peoples_daily").is_dir():
        splits["pd_test"] += _read_char_tag(data_dir / "peoples_daily" / "dev.txt", _BIO_MAP, "peoples_daily")
    if (data_dir / "msra_val").is_dir():
        splits["test"] += _read_msra(data_dir / "msra_val")
    splits["news_dev"] = [s for s in splits["dev"] if s.corpus in _NEWS]
    return splits


def silver_titles(sent: Sentence) -> Sentence:
    """Tag the title right before each person as TITLE, by the rule layer's title pattern.

    The news corpora annotate no titles; under their domain token the model
    would learn to tag none. Only untagged characters are labelled. O(n).
    """
    if sent.corpus not in _NEWS:
        return sent
    text = "".join(sent.chars)
    if len(text) != len(sent.chars):
        return sent  # multi-character tokens: offsets would not line up
    tags = list(sent.tags)
    for typ, start, _ in tags_to_spans(sent.tags):
        tm = title_before(text, start) if typ == "PERSON" else None
        if tm and all(t == "O" for t in tags[tm.start : start]):
            tags[tm.start : start] = ["B-TITLE"] + ["I-TITLE"] * (start - tm.start - 1)
    return Sentence(sent.chars, tuple(tags), sent.corpus)


def _write_tsv(sents: Iterable[Sentence], path: Path, domain: bool = False) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for s in sents:
            if domain:
                fh.write(f"{DOMAIN_TOKENS[s.corpus]}\tO\n")
            fh.writelines(f"{c}\t{t}\n" for c, t in zip(s.chars, s.tags, strict=False))
            fh.write("\n")
            n += 1
    return n


@dataclass
class TrainConfig:
    """Hyper-parameters of the character BiLSTM-CRF."""

    epochs: int = 14
    batch_size: int = 32
    embed: int = 100
    rnn_hidden: int = 128  # below HanLP's 256 for tagging speed on 2 CPU cores
    dropout: float = 0.5
    lr: float = 0.001
    patience: int = 5
    seed: int = 1
    bigram_dim: int = 50  # 0: characters only
    buckets: int = 50000
    news_weight: int = 1  # repeat the news corpora this often; msra_train alone is 73% of the sentences
    domain: bool = False  # a corpus token before each sentence (see DOMAIN_TOKENS), silver news titles
    lexicon: bool = False  # per-character BMES positions in the word lists of newskg.ner.lexicon_features
    lexicon_dim: int = 8  # size of each word list's position embedding, when ``lexicon``
    limit: int | None = None  # cap on training sentences, for smoke tests
    resume: bool = False  # continue from the checkpoint in the output folder


@dataclass
class TrainResult:
    """What a training run produced."""

    model_dir: Path
    seconds: float
    sizes: dict[str, int]


def span_scores(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> dict[str, dict[str, float]]:
    """Exact-match span precision/recall/F1 per type and micro over all types. O(n)."""
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(g), set(p)
        for typ, *_ in gs:
            n_gold[typ] += 1
        for typ, *_ in ps:
            n_pred[typ] += 1
        for typ, *_ in gs & ps:
            tp[typ] += 1
    out: dict[str, dict[str, float]] = {}
    for typ in [*sorted(set(n_gold) | set(n_pred)), "micro"]:
        t = sum(tp.values()) if typ == "micro" else tp[typ]
        ng = sum(n_gold.values()) if typ == "micro" else n_gold[typ]
        npd = sum(n_pred.values()) if typ == "micro" else n_pred[typ]
        prec = t / npd if npd else 0.0
        rec = t / ng if ng else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[typ] = {"p": round(prec, 4), "r": round(rec, 4), "f1": round(f1, 4), "support": ng}
    return out


@contextlib.contextmanager
def _progress_to_stderr() -> Iterator[None]:
    """Send HanLP's training progress to stderr: stdout is kept for results.

    Its timers write on ``sys.stdout`` but erase (backspaces) on the stream that was
    ``sys.stdout`` when HanLP was imported, their default ``out``: redirecting
    ``sys.stdout`` alone left backspaces in ``newskg train-ner``'s JSON. Its
    ``flash`` printer, too, keeps the ``sys.stderr`` of import time, which a
    caller that swaps streams (a test runner, a notebook) may since have closed.
    """
    from hanlp.utils import log_util
    from hanlp.utils.time_util import CountdownTimer

    init = CountdownTimer.__init__
    saved = init.__defaults__
    saved_out = log_util._printer.out
    init.__defaults__ = (sys.stderr,)
    log_util._printer.out = sys.stderr
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        init.__defaults__ = saved
        log_util._printer.out = saved_out


def train_ner(data_dir: Path, out_dir: Path, config: TrainConfig | None = None) -> TrainResult:
    """Train the offline model with HanLP's trainer and save it to ``out_dir``.

    Args:
        data_dir: Folder holding some of ``cluener/``, ``resume/``, ``msra_train/``, ``peoples_daily/``, ``msra_val/``.
        out_dir: Where the HanLP component (``config.json``, weights, vocabs) is saved.
        config: Hyper-parameters; defaults reproduce the shipped model.

    Returns:
        The saved model's folder, timing and split sizes.
    """
    import torch

    from newskg.ner.model import NewsNER

    cfg = config or TrainConfig()
    if cfg.lexicon and not cfg.bigram_dim:
        raise ValueError("lexicon features ride on the character-bigram embedding: bigram_dim must be above 0")
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    splits = load_corpus(data_dir)
    train, dev = splits["train"], splits["dev"]
    if cfg.domain:
        train, dev = [silver_titles(s) for s in train], [silver_titles(s) for s in dev]
    train = [s for s in train for _ in range(cfg.news_weight if s.corpus in _NEWS else 1)]
    if cfg.limit is not None:
        train = random.sample(train, min(cfg.limit, len(train)))
        dev = dev[: max(1, cfg.limit // 4)]
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / "_data"
    work.mkdir(exist_ok=True)
    sizes = {
        "train": _write_tsv(train, work / "train.tsv", cfg.domain),
        "dev": _write_tsv(dev, work / "dev.tsv", cfg.domain),
    }
    log.info("training on %(train)d sentences, selecting on %(dev)d dev sentences", sizes)
    started = time.perf_counter()
    from newskg.ner.lexicon_features import LEXICONS
    from newskg.ner.model import CharBigramEmbedding

    lexicons = LEXICONS if cfg.lexicon else ()
    embed: object = (
        CharBigramEmbedding(cfg.embed, cfg.bigram_dim, cfg.buckets, lexicons=lexicons, lexicon_dim=cfg.lexicon_dim)
        if cfg.bigram_dim
        else cfg.embed
    )
    tagger = NewsNER()
    tagger.checkpoint = out_dir / CHECKPOINT
    tagger.resume = cfg.resume
    with _progress_to_stderr():
        tagger.fit(
            str(work / "train.tsv"),
            str(work / "dev.tsv"),
            str(out_dir),
            batch_size=cfg.batch_size,
            epochs=cfg.epochs,
            embed=embed,
            rnn_hidden=cfg.rnn_hidden,
            drop=cfg.dropout,
            lr=cfg.lr,
            patience=cfg.patience,
            tagging_scheme="BIO",
            token_delimiter="",
            devices=-1,
            seed=cfg.seed,
            eval_trn=False,
        )
    seconds = time.perf_counter() - started
    # Read by the backend: what to put before each input (HanLP's config has no slot for it).
    (out_dir / SIDECAR).write_text(json.dumps({"prefix_token": NEWS_TOKEN if cfg.domain else None}) + "\n")
    shutil.rmtree(work)
    (out_dir / CHECKPOINT).unlink(missing_ok=True)
    return TrainResult(out_dir, seconds, sizes)


def evaluate_model(
    model_dir: Path | str,
    data_dir: Path,
    splits: Sequence[str] = ("test", "pd_test", "news_dev", "dev", "resume_test"),
    limit: int | None = None,
    tag: Tagger | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """Exact-span P/R/F1 of a saved model on the named splits.

    ``test`` (MSRA) and ``pd_test`` (People's Daily) are the held-out news
    splits; they are never used for training or model selection. ``tag`` replaces the backend's own
    tagging, for instance with the rule layer of ``newskg ner``
    (``newskg.extract.pipeline.tag_texts``: boundary repair, titles).
    """
    from newskg.ner.backend import HanLPBackend

    backend = HanLPBackend(str(model_dir))
    corpus = load_corpus(data_dir)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in splits:
        sents = corpus[name][:limit] if limit else corpus[name]
        gold = [tags_to_spans(s.tags) for s in sents]
        texts = ["".join(s.chars) for s in sents]
        pred_spans = tag(backend, texts) if tag else backend.tag(texts)
        pred = [[(sp.type.value, sp.start, sp.end) for sp in spans] for spans in pred_spans]
        if name in ("test", "pd_test", "news_dev"):
            # The news corpora tag no titles; score only the types they annotate.
            pred = [[p for p in ps if p[0] != "TITLE"] for ps in pred]
        out[name] = span_scores(gold, pred)
    return out
