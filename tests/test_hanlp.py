"""Integration tests on the real HanLP code path with the bundled offline model."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.extract.pipeline import Extractor, tag_texts
from newskg.model import RelationType
from newskg.ner.backend import DEFAULT_MODEL_DIR, HanLPBackend, ModelLoadError, NerBackend
from newskg.read import iter_articles
from tests.fixtures import SAMPLE, needs_shared

SENTENCES = [
    ("区委书记孟景伟到北京天海工业有限公司调研。", {("孟景伟", "PERSON"), ("北京天海工业有限公司", "ORGANIZATION")}),
    ("北京天海工业有限公司位于漷县镇。", {("北京天海工业有限公司", "ORGANIZATION"), ("漷县镇", "PLACE")}),
    ("副区长李明华到宋庄镇走访重点企业。", {("李明华", "PERSON"), ("宋庄镇", "PLACE")}),
]


def test_bundled_model_is_small_and_loads_through_hanlp(hanlp_backend: HanLPBackend) -> None:
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir())
    assert size < 50 * 1024 * 1024
    assert isinstance(hanlp_backend, NerBackend)
    assert type(hanlp_backend.component).__name__ == "NewsNER"
    assert hanlp_backend.component.model.crf.batch_first is True


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_bundled_model_tags_news_sentences(
    hanlp_backend: HanLPBackend, text: str, expected: set[tuple[str, str]]
) -> None:
    # What `newskg ner` prints: the model plus the rule layer (the retrained model misses the rare 漷;
    # "位于" names the place).
    (spans,) = tag_texts(hanlp_backend, [text])
    found = {(s.text, s.type.value) for s in spans}
    assert expected <= found
    for s in spans:
        assert text[s.start : s.end] == s.text


def test_long_and_empty_inputs(hanlp_backend: HanLPBackend) -> None:
    long = "，".join(f"区委书记孟景伟第{i}次到北京天海工业有限公司调研" for i in range(60))
    spans, empty, punct = hanlp_backend.tag([long, "", "。。。!!!"])
    assert all(long[s.start : s.end] == s.text for s in spans)
    # Text past the first 200-character chunk is tagged with correct offsets.
    assert any(s.start > 1000 and s.text == "北京天海工业有限公司" for s in spans)
    assert empty == [] and all(s.text.strip("。!") for s in punct)


@needs_shared(SAMPLE)
def test_sample_page_visits_the_three_firms(hanlp_backend: HanLPBackend) -> None:
    arts = list(iter_articles([SAMPLE]))
    ex = Extractor(hanlp_backend).extract_one(arts[0])
    visited = {
        r.tail.name for r in ex.relations if r.type is RelationType.VISITED and r.head.name == "孟景伟" and r.tail
    }
    assert {"北京现代坦迪变速器有限公司", "北京天海工业有限公司", "天纳克(北京)汽车减振器有限公司"} <= visited
    assert ex.reporters == ("陶涛",)
    positions = {
        (r.head.name, r.tail.name, r.title) for r in ex.relations if r.type is RelationType.HOLDS_POSITION and r.tail
    }
    assert ("孟景伟", "区委", "书记") in positions


def test_unreachable_pretrained_model_names_the_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANLP_HOME", str(tmp_path))
    backend = HanLPBackend("https://models.invalid/hanlp/ner_model.zip")
    with pytest.raises(ModelLoadError, match="offline model"):
        backend.tag(["孟景伟"])


def test_unpatched_hanlp_rnn_crf_is_time_major() -> None:
    """The trap the subclass fixes: HanLP builds the CRF with batch_first falsy."""
    from hanlp.components.taggers.rnn.rnntaggingmodel import RNNTaggingModel

    model = RNNTaggingModel(8, None, 4, 3, 0.0, True)
    assert not model.crf.batch_first


def test_parse_shifts_past_the_domain_token_and_drops_spans_on_it(caplog: pytest.LogCaptureFixture) -> None:
    items = [("[NEWS]孟", "PERSON", 0, 2), ("孟景伟", "PERSON", 1, 4), ("天海", "ORG", 5, 7)]
    spans = HanLPBackend._parse("孟景伟到天海调研", items, 100, shift=1)
    assert {(s.text, s.type.value, s.start, s.end) for s in spans} == {
        ("孟景伟", "PERSON", 100, 103),
        ("天海", "ORGANIZATION", 104, 106),
    }
    assert "domain token" in caplog.text


def test_parse_skips_blank_spans_quietly_and_warns_on_a_mismatch(caplog: pytest.LogCaptureFixture) -> None:
    """A model may tag the blanks of spaced-out names ("姜 璐"): nothing to keep, nothing to warn about."""
    chunk = "记者 姜  璐 到天海调研"
    items = [("  ", "PERSON", 4, 6), ("姜", "PERSON", 3, 4), ("天海", "ORG", 2, 4)]
    with caplog.at_level("WARNING"):
        spans = HanLPBackend._parse(chunk, items, 0)
    assert [(s.text, s.start) for s in spans] == [("姜", 3)]
    assert caplog.text.count("dropped malformed NER output") == 1 and "天海" in caplog.text


def test_silver_titles_label_only_news_titles_before_persons() -> None:
    from newskg.ner.training import Sentence, silver_titles, tags_to_spans

    text = "县长吴方军到北京视察。"
    tags = ["O"] * len(text)
    tags[2:5] = ["B-PERSON", "I-PERSON", "I-PERSON"]
    news = silver_titles(Sentence(tuple(text), tuple(tags), "msra"))
    assert set(tags_to_spans(news.tags)) == {("TITLE", 0, 2), ("PERSON", 2, 5)}
    clue = Sentence(tuple(text), tuple(tags), "cluener")
    assert silver_titles(clue) is clue  # CLUENER annotates positions itself


# Issue 8's real-news behaviours, on sentences written by the team in the style of local news.
LISTED = "3月12日上午,区委书记李建勇一行先后走访了华晟电子、恒远钢构和绿田食品等重点企业。"


def _found(backend: HanLPBackend, text: str) -> set[tuple[str, str]]:
    (spans,) = tag_texts(backend, [text])
    assert all(text[s.start : s.end] == s.text for s in spans)
    return {(s.text, s.type.value) for s in spans}


def test_listed_short_firm_names_are_one_organization_each(hanlp_backend: HanLPBackend) -> None:
    found = _found(hanlp_backend, LISTED)
    orgs = {name for name, typ in found if typ == "ORGANIZATION"}
    assert {"华晟电子", "恒远钢构", "绿田食品"} <= orgs
    assert not {name for name, typ in found if typ == "PLACE"}  # no "华晟" left as a place
    found = _found(hanlp_backend, "随后,调研组先后前往宏达机械、金穗农业、蓝海物流等企业,深入开展走访调研。")
    assert {("宏达机械", "ORGANIZATION"), ("金穗农业", "ORGANIZATION"), ("蓝海物流", "ORGANIZATION")} <= found


def test_sub_centre_and_fragments_are_no_organizations(hanlp_backend: HanLPBackend) -> None:
    for text in (
        "城市副中心建设取得新进展,副中心的交通网络日益完善。",
        "据了解,该项目总投资12.5亿元,预计2025年底建成投用。",
        "他指出,要进一步优化营商环境,为企业发展提供更好服务。",
    ):
        assert not {name for name, typ in _found(hanlp_backend, text) if typ == "ORGANIZATION"}, text


@pytest.mark.parametrize(
    "text",
    [
        LISTED,
        "区委书记李建勇到北京天海工业有限公司调研。",
        "李建勇、王建国等领导出席。",
        "在李建勇的陪同下,调研组察看了车间。",
    ],
)
def test_three_character_names_are_not_cut(hanlp_backend: HanLPBackend, text: str) -> None:
    persons = {name for name, typ in _found(hanlp_backend, text) if typ == "PERSON"}
    assert "李建勇" in persons and "李建" not in persons


def test_our_prediction_path_gives_hanlps_spans(hanlp_backend: HanLPBackend) -> None:
    """NewsNER.predict skips HanLP's data loader and batches the CRF backtrace; the spans stay HanLP's."""
    from newskg.ner.model import NewsNER

    comp = hanlp_backend.component
    assert isinstance(comp, NewsNER)
    texts = [
        "3月2日,县委书记高远先后到青禾农业、恒达机械有限公司调研。",
        "区长郑海涛到台湖镇调研产业项目建设情况,副区长李静陪同。",
        "江城市经贸考察团在市委常委王成的率领下考察了丽水开发区。",
        "好",
        "北京天海工业有限公司位于漷县镇,是一家氢能装备企业。" * 3,
    ]
    tokens = [list(t) for t in texts]
    ours = comp.predict(tokens, batch_size=2)
    theirs = super(NewsNER, comp).predict(tokens, batch_size=2)
    assert [sorted(map(tuple, s)) for s in ours] == [sorted(map(tuple, s)) for s in theirs]
    assert any(ours)  # the sentences hold names the model finds
