"""Figures of an evaluation: P/R/F1 rows, shares, and the result of a whole run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newskg.model import EntityType

__all__ = ["ENTITY_TYPES", "VISITOR_KINDS", "EvalResult", "Ratio", "Score"]

ENTITY_TYPES: tuple[str, ...] = (EntityType.PERSON.value, EntityType.ORGANIZATION.value, EntityType.PLACE.value)
# A visit's visitor is a person, or a named group (a delegation, a body): scored apart.
VISITOR_KINDS = ("person", "group")


@dataclass
class Score:
    """Counts and P/R/F1 of one row."""

    tp: int = 0
    gold: int = 0
    pred: int = 0

    @property
    def precision(self) -> float:
        """Share of predictions that are right."""
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        """Share of gold items found."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        """Add another row's counts."""
        self.tp += other.tp
        self.gold += other.gold
        self.pred += other.pred


@dataclass
class Ratio:
    """``right`` out of ``total``."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        """The share, 0 when there is nothing to count."""
        return self.right / self.total if self.total else 0.0


@dataclass
class EvalResult:
    """Scores over all gold articles."""

    articles: int = 0
    entities: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in ENTITY_TYPES})
    visits: Score = field(default_factory=Score)
    visits_by_kind: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in VISITOR_KINDS})
    visit_dates: Ratio = field(default_factory=Ratio)  # found visits with the right day
    titles: Ratio = field(default_factory=Ratio)  # found persons (with a gold title) carrying it
    publication_dates: Ratio = field(default_factory=Ratio)
    unpaired: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # mismatch lines, for people tuning rules

    def as_dict(self) -> dict[str, Any]:
        """Plain figures for ``--json`` and tests."""

        def s(sc: Score) -> dict[str, Any]:
            return {
                "tp": sc.tp,
                "gold": sc.gold,
                "pred": sc.pred,
                "precision": round(sc.precision, 4),
                "recall": round(sc.recall, 4),
                "f1": round(sc.f1, 4),
            }

        def r(ra: Ratio) -> dict[str, Any]:
            return {"right": ra.right, "total": ra.total, "accuracy": round(ra.value, 4)}

        return {
            "articles": self.articles,
            "entities": {k: s(v) for k, v in self.entities.items()},
            "visits": s(self.visits),
            "visits_by_kind": {k: s(v) for k, v in self.visits_by_kind.items()},
            "visit_dates": r(self.visit_dates),
            "titles": r(self.titles),
            "publication_dates": r(self.publication_dates),
            "unpaired": self.unpaired,
        }
