"""A gazetteer NER backend: a small, fast fake for unit tests of the rule layers."""

from __future__ import annotations

from collections.abc import Sequence

from newskg.model import EntityType, NerSpan


class GazetteerBackend:
    """Tags every occurrence of known names, longest match first.

    ``model`` names the model, as :class:`newskg.ner.backend.HanLPBackend`'s does
    (the extraction cache records it): a folder, or any other name.
    """

    def __init__(self, names: dict[str, EntityType], model: str = "gazetteer") -> None:
        self.names = sorted(names.items(), key=lambda kv: -len(kv[0]))
        self.model = model
        self.calls = 0

    def tag(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        self.calls += 1
        out: list[list[NerSpan]] = []
        for text in texts:
            taken = [False] * len(text)
            spans: list[NerSpan] = []
            for name, typ in self.names:
                start = text.find(name)
                while start >= 0:
                    end = start + len(name)
                    if not any(taken[start:end]):
                        taken[start:end] = [True] * len(name)
                        spans.append(NerSpan(text=name, type=typ, start=start, end=end))
                    start = text.find(name, end)
            out.append(sorted(spans, key=lambda s: s.start))
        return out


class SentenceGazetteer(GazetteerBackend):
    """A gazetteer with other names in sentences holding a marker: a model that errs in some sentences only."""

    def __init__(self, names: dict[str, EntityType], where: dict[str, dict[str, EntityType]]) -> None:
        super().__init__(names)
        self.where = {marker: GazetteerBackend(other) for marker, other in where.items()}

    def tag(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        return [
            next((g for m, g in self.where.items() if m in t), GazetteerBackend(dict(self.names))).tag([t])[0]
            for t in texts
        ]


class FailingBackend(GazetteerBackend):
    """A gazetteer backend that raises on any batch holding ``poison``, as a model may on one odd article."""

    def __init__(self, names: dict[str, EntityType], poison: str) -> None:
        super().__init__(names)
        self.poison = poison

    def tag(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        if any(self.poison in t for t in texts):
            raise RuntimeError("tagger crashed\non this input")
        return super().tag(texts)


class TaskLogBackend(GazetteerBackend):
    """A gazetteer backend that appends one line per tagged batch to ``log`` (a file every worker can write).

    With ``crash_once`` set, the first process to tag exits at once, as a worker killed for memory would.
    """

    def __init__(self, names: dict[str, EntityType], log: str, crash_once: str = "") -> None:
        super().__init__(names)
        self.log = log
        self.crash_once = crash_once

    def tag(self, texts: Sequence[str]) -> list[list[NerSpan]]:
        import os

        with open(self.log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {len(texts)}\n")
        if self.crash_once and not os.path.exists(self.crash_once):
            open(self.crash_once, "w").close()
            os._exit(1)
        return super().tag(texts)
