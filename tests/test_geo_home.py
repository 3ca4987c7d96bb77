"""The article's own evidence for places and jurisdictions (newskg.geo): lists of titles, the home the
text implies, places the model missed, regular short forms.

Every article here is invented (our own words). The divisions are real ones of the gazetteer.
"""

from __future__ import annotations

import pytest

from newskg.extract.pipeline import Extractor
from newskg.geo.link import ArticleLinks, Linker, Position
from newskg.model import Article, ArticleExtraction
from newskg.model import EntityType as T
from tests.fakes import GazetteerBackend


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker()


def _extract(text: str, names: dict[str, T], **meta: str) -> ArticleExtraction:
    (ex,) = Extractor(GazetteerBackend(names)).extract([Article(id="t", text=text, **meta)])
    return ex


def _posts(links: ArticleLinks) -> dict[str, Position]:
    return {f"{p.person} {p.written}": p for p in links.positions}


def _held(links: ArticleLinks) -> dict[str, str | None]:
    return {k: p.jurisdiction.key if p.jurisdiction else None for k, p in _posts(links).items()}


def test_a_bare_title_takes_the_place_of_the_title_before_it_in_its_list(linker: Linker) -> None:
    text = (
        "4月2日,两区在会展中心举行合作座谈。海淀区委书记王立新,区委副书记、区长赵德明;"
        "丰台区委书记孙志刚,区长钱文博参加座谈。"
    )
    names = {n: T.PERSON for n in ("王立新", "赵德明", "孙志刚", "钱文博")}
    names |= {"海淀区委": T.ORGANIZATION, "丰台区委": T.ORGANIZATION, "邯郸市": T.PLACE}
    held = _held(linker.link(_extract(text, names)))
    assert held["赵德明 区长"] == held["赵德明 区委副书记"] == "北京市/海淀区"
    assert held["钱文博 区长"] == "北京市/丰台区"
    post = _posts(linker.link(_extract(text, names)))["钱文博 区长"]
    assert post.reason == "a title before it in its list 丰台区委书记" and post.stated
    # A title of another level before it says nothing of a county's post: the home decides.
    text = "5月6日,邯郸市副市长王立新,县长赵德明到园区调研。"
    held = _held(linker.link(_extract(text, names, home="鸡泽县")))
    assert held["赵德明 县长"] == "河北省/邯郸市/鸡泽县"
