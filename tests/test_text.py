from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newskg.extract.sentences import clauses, display, paragraphs, sentences
from newskg.names.normalize import normalize_name, normalize_text


def test_normalize_widths_and_brackets() -> None:
    assert normalize_text("天纳克（北京）ＡＢＣ１２３") == "天纳克(北京)ABC123"
    assert normalize_name(" “天纳克（北京）汽车” ") == "天纳克(北京)汽车"


@given(st.text())
def test_normalize_keeps_length(text: str) -> None:
    assert len(normalize_text(text)) == len(text)


def test_page_break_paragraphs_are_joined() -> None:
    text = "北京天海工业有限公司位于漷县镇。要充分发\n\n挥协同机制作用。\n下一段。"
    paras = paragraphs(text)
    assert [text[p.start : p.end].replace("\n", "") for p in paras] == [
        "北京天海工业有限公司位于漷县镇。要充分发挥协同机制作用。",
        "下一段。",
    ]
    assert [p.paragraph for p in paras] == [0, 1]


def test_quotes_stay_with_their_speaker() -> None:
    text = "“做好小巷管家，一定要认真。要努力。”王玉兰说。他走了。"
    (para,) = paragraphs(text)
    assert [text[s.start : s.end] for s in sentences(text, para)] == [
        "“做好小巷管家，一定要认真。要努力。”王玉兰说。",
        "他走了。",
    ]


def test_clauses_ignore_commas_in_quotes() -> None:
    text = "孟景伟围绕“深入学习,加快推动”到通州区调研,他强调。"
    (para,) = paragraphs(text)
    (sent,) = sentences(text, para)
    assert [text[c.start : c.end] for c in clauses(text, sent)] == [
        "孟景伟围绕“深入学习,加快推动”到通州区调研",
        "他强调。",
    ]


def test_display_drops_line_breaks() -> None:
    assert display("要充分发\n\n挥 作用") == "要充分发挥作用"
