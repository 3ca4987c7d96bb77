"""NER backends: a small Protocol and the HanLP implementation.

The HanLP model is loaded lazily and once per process. A local directory is
loaded with ``hanlp.load`` (the offline default is the model shipped inside
this package); any other string is treated as a HanLP pretrained model id or
URL, which needs the network the first time.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from newskg.model import EntityType, NerSpan

__all__ = [
    "DEFAULT_MODEL_DIR",
    "LABELS",
    "SIDECAR",
    "HanLPBackend",
    "ModelLoadError",
    "NerBackend",
    "resolve_model",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner_zh"
SIDECAR = "newskg.json"  # beside HanLP's files: what newskg itself needs to run the model
ENV_MODEL = "NEWSKG_HANLP_MODEL"
_LEGACY_MODEL_MODULE = "newskg.extract.ner_model"
_MAX_CHARS = 200  # BiLSTM cost and padding waste grow with the longest sentence

# Labels used by this project's model and by HanLP's pretrained NER models
# (MSRA: NR/NS/NT; OntoNotes: PERSON/GPE/LOC/ORG; People's Daily: PER/LOC/ORG).
LABELS: dict[str, EntityType] = {
    "PERSON": EntityType.PERSON,
    "PER": EntityType.PERSON,
    "NR": EntityType.PERSON,
    "NAME": EntityType.PERSON,
    "ORGANIZATION": EntityType.ORGANIZATION,
    "ORG": EntityType.ORGANIZATION,
    "NT": EntityType.ORGANIZATION,
    "PLACE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "LOCATION": EntityType.PLACE,
    "GPE": EntityType.PLACE,
    "NS": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "TITLE": EntityType.TITLE,
}


class ModelLoadError(RuntimeError):
    """The NER model could not be loaded; the message says what to do."""


@runtime_checkable
class NerBackend(Protocol):
    """Anything that tags texts with entity spans."""

    def tag(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        """Tag each text; span offsets are relative to that text."""
        ...


def resolve_model(model: str | Path | None) -> str:
    """The model to load: the argument, else ``$NEWSKG_HANLP_MODEL``, else the shipped model."""
    value = str(model) if model else os.environ.get(ENV_MODEL, "")
    if not value or value == "offline":
        return str(DEFAULT_MODEL_DIR)
    return value


_LOCK = threading.Lock()
_LOADED: dict[str, Any] = {}


def _load(model: str) -> Any:
    with _LOCK:
        if model in _LOADED:
            return _LOADED[model]
        local = Path(model).expanduser()
        if local.exists() and not (local / "config.json").is_file():
            raise ModelLoadError(f"{model}: not a HanLP model directory (no config.json)")
        try:
            import hanlp
        except ImportError as exc:  # pragma: no cover - hanlp is a hard dependency
            raise ModelLoadError("HanLP is not installed: pip install 'hanlp==2.1.5'") from exc
        from newskg.ner import model as ner_model
        from newskg.ner.model import fix_crf

        # Models saved before the re-layout name their classes by the old module path in config.json.
        sys.modules.setdefault(_LEGACY_MODEL_MODULE, ner_model)

        try:
            with _quiet(local.exists()):
                component = hanlp.load(str(local) if local.exists() else model, devices=-1)
        except (ModuleNotFoundError, ConnectionError, OSError, ValueError) as exc:
            # A failed download surfaces as ModuleNotFoundError('pkg_resources').
            raise ModelLoadError(
                f"could not load HanLP model {model!r} ({type(exc).__name__}: {exc}). "
                "Pretrained models are downloaded on first use and need the network; "
                f"without it, use the offline model: drop --model, or set {ENV_MODEL}=offline, "
                "or pass a local model directory."
            ) from exc
        inner = getattr(component, "model", None)
        if type(inner).__name__ == "RNNTaggingModel":
            fix_crf(inner)  # HanLP's own RNN NER models carry the same CRF flaw
        _LOADED[model] = component
        return component


@contextlib.contextmanager
def _quiet(local: bool) -> Iterator[None]:
    """Keep HanLP's load chatter off stdout (our JSON output) and, for local models, off stderr."""
    from hanlp.utils import log_util

    printer = getattr(log_util, "_printer", None)  # HanLP's spinner binds sys.stderr at import
    saved = getattr(printer, "out", None)
    if printer is not None and local:
        printer.out = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO() if local else sys.stderr):
            yield
    finally:
        if printer is not None:
            printer.out = saved


def _chunks(text: str) -> list[tuple[int, str]]:
    """Cut a long text at commas (or hard) into pieces of at most ``_MAX_CHARS``."""
    if len(text) <= _MAX_CHARS:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + _MAX_CHARS)
        if end < len(text):
            cut = max(text.rfind(c, start + _MAX_CHARS // 2, end) for c in ",，、;；")
            end = cut + 1 if cut > 0 else end
        out.append((start, text[start:end]))
        start = end
    return out


def _prefix_token(model: str) -> str | None:
    """The domain token a model trained by ``newskg train-ner`` expects before each input, if any."""
    sidecar = Path(model) / SIDECAR
    if not sidecar.is_file():
        return None
    try:
        value = json.loads(sidecar.read_text(encoding="utf-8")).get("prefix_token")
    except (OSError, ValueError, AttributeError) as exc:
        raise ModelLoadError(f"{sidecar}: unreadable ({exc})") from exc
    return str(value) if value else None


class HanLPBackend:
    """NER with a HanLP component (offline BiLSTM-CRF or a pretrained model).

    Args:
        model: Local model directory or HanLP pretrained id; see :func:`resolve_model`.
        batch_size: Sentences per forward pass.
    """

    def __init__(self, model: str | Path | None = None, batch_size: int = 512) -> None:
        self.model = resolve_model(model)
        self.batch_size = batch_size
        self.prefix = _prefix_token(self.model)

    @property
    def component(self) -> Any:
        """The loaded HanLP component (loaded on first use)."""
        return _load(self.model)

    def tag(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        """Tag texts in batches. O(total characters)."""
        pieces: list[tuple[int, int, str]] = []
        for i, text in enumerate(texts):
            for offset, chunk in _chunks(text):
                if chunk.strip():
                    pieces.append((i, offset, chunk))
        out: list[list[NerSpan]] = [[] for _ in texts]
        if not pieces:
            return out
        import torch

        head = [self.prefix] if self.prefix else []
        with torch.inference_mode():
            raw = self.component.predict([[*head, *c] for _, _, c in pieces], batch_size=self.batch_size)
        for (i, offset, chunk), spans in zip(pieces, raw, strict=True):
            out[i].extend(self._parse(chunk, spans, offset, len(head)))
        return out

    @staticmethod
    def _parse(chunk: str, spans: Any, offset: int, shift: int = 0) -> list[NerSpan]:
        out: list[NerSpan] = []
        for item in spans or ():
            try:
                text, label, start, end = item[:4]
                typ = LABELS.get(re.sub(r"^[BIESM]-", "", str(label)).upper())
                if typ is None:
                    continue  # labels outside our schema (DATE, MONEY, ...)
                if start < shift:
                    raise ValueError("span covers the domain token")
                start, end = start - shift, end - shift
                if chunk[start:end] != text:
                    raise ValueError(f"span {item!r} does not match the text")
                if not text.strip():
                    continue  # the model tagged a run of blanks ("姜 璐" spacing): nothing to name, nothing wrong
                out.append(NerSpan(text=text, type=typ, start=start + offset, end=end + offset))
            except (ValueError, TypeError, IndexError) as exc:
                log.warning("dropped malformed NER output %r: %s", item, exc)
        return out
