"""`make ner-variants`: train each NER variant on a short budget and print dev F1 per type.

Every variant is trained from scratch with the same seed and number of epochs
(``VARIANT_EPOCHS``) and scored on the dev splits only (all dev, and its
People's Daily + MSRA part): the held-out news test split is never looked at
here, so no choice is made on it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from newskg.extract.pipeline import tag_texts
from newskg.ner.backend import DEFAULT_MODEL_DIR
from newskg.ner.training import TrainConfig, evaluate_model, train_ner

DATA = Path(os.environ.get("DATA", "../shared/data/ner"))
RUNS = Path(os.environ.get("VARIANT_RUNS", "runs/variants"))
EPOCHS = int(os.environ.get("VARIANT_EPOCHS", "5"))
TYPES = ("PERSON", "ORGANIZATION", "PLACE", "TITLE", "micro")

VARIANTS: dict[str, TrainConfig] = {
    "chars": TrainConfig(epochs=EPOCHS, bigram_dim=0, news_weight=1),
    "chars+bigrams": TrainConfig(epochs=EPOCHS, news_weight=1),
    "chars+bigrams, news x4": TrainConfig(epochs=EPOCHS),
    "chars+bigrams, news x4, domain token, silver news titles": TrainConfig(epochs=EPOCHS, domain=True),
}


def _cells(scores: dict[str, dict[str, float]]) -> str:
    return " | ".join(f"{scores[t]['f1']:.3f}" if t in scores else "-" for t in TYPES)


def _print(line: str) -> None:
    # HanLP's training progress shares the terminal; the table also goes to a file.
    print(line, flush=True)
    with (RUNS / "table.md").open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _rows(name: str, model: Path, rules: bool = False) -> None:
    s = evaluate_model(model, DATA, splits=("dev", "news_dev"), tag=tag_texts if rules else None)
    _print(f"| {name} | all dev | {_cells(s['dev'])} |")
    _print(f"| {name} | news dev | {_cells(s['news_dev'])} |")


def main() -> None:
    names = sys.argv[1:] or list(VARIANTS)
    RUNS.mkdir(parents=True, exist_ok=True)
    (RUNS / "table.md").unlink(missing_ok=True)
    _print(f"| variant ({EPOCHS} epochs unless noted) | split | " + " | ".join(TYPES) + " |")
    _print("|---|---|" + "---|" * len(TYPES))
    for name in names:
        out = RUNS / name.replace(" ", "").replace(",", "_").replace("+", "-")
        if not (out / "config.json").is_file():
            train_ner(DATA, out, VARIANTS[name])
        _rows(name, out)
    for extra in filter(None, os.environ.get("EXTRA_MODELS", "").split(",")):
        _rows(extra, Path(extra))  # e.g. a full run of a variant: newskg train-ner --domain --out DIR
    _rows("shipped model (18 epochs)", DEFAULT_MODEL_DIR)
    _rows("shipped model + rule layer", DEFAULT_MODEL_DIR, rules=True)


if __name__ == "__main__":
    main()
