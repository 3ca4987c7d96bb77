"""Saved news web pages: main text, title and date through trafilatura; no site furniture becomes an entity.

The pages are invented, in the layout of a newspaper site: navigation,
breadcrumbs, share bars, related links and a footer with a copyright line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg import api
from newskg.model import EntityType
from newskg.ner.backend import HanLPBackend
from newskg.read import iter_articles
from newskg.webpage import read_html, strip_html
from tests.fakes import GazetteerBackend

P, O, L = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE

# Names that only the site furniture carries: none may reach the graph.
BOILERPLATE = {"北京运河传媒集团有限公司", "吴海峰", "北京金桥物流集团", "新华北路", "运河日报网"}
FURNITURE_WORDS = ("版权所有", "分享到", "相关新闻", "京ICP备", "首页", "联系电话")


def _page(title: str, paragraphs: list[str], *, meta_date: str | None = None, byline: str = "") -> str:
    meta = (
        f'<meta name="publishdate" content="{meta_date}">\n'
        f'<meta property="article:published_time" content="{meta_date}T08:30:00+08:00">'
        if meta_date
        else ""
    )
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_要闻_运河日报网</title>
<meta property="og:title" content="{title}">
{meta}
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header><a class="logo" href="/">运河日报网</a>
<nav><ul><li><a href="/">首页</a></li><li><a href="/yw/">要闻</a></li><li><a href="/tz/">通州新闻</a></li>
<li><a href="/bj/">北京新闻</a></li><li><a href="/sp/">视频</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/yw/">要闻</a> &gt; 正文</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">新浪微博</a> <a href="#">QQ空间</a></div>
<article>
<h1>{title}</h1>
<div class="byline">{byline}</div>
{body}
</article>
<div class="share">分享到：<a href="#">微信</a> <a href="#">新浪微博</a></div>
<aside class="related"><h3>相关新闻</h3><ul>
<li><a href="/n/1.html">副区长吴海峰检查冬季安全生产工作</a></li>
<li><a href="/n/2.html">北京金桥物流集团举办企业开放日活动</a></li></ul></aside>
<footer><p>版权所有 © 2024 北京运河传媒集团有限公司 京ICP备00000000号</p>
<p>地址：北京市通州区新华北路1号 联系电话：010-00000000</p></footer>
<script>var tracker = "区长周向东";</script>
</body>
</html>
"""


FIRST = _page(
    "区长走访经开区企业 了解生产经营情况",
    [
        "本报讯（记者 林晓雨）昨天上午，区长周向东来到北京运河精工机械有限公司，察看企业生产车间，了解订单和用工情况。",
        "周向东指出，要持续优化营商环境，帮助企业解决发展中遇到的实际困难。随后，周向东一行来到北京青禾生物科技有限公司，"
        "听取企业新产品研发情况汇报。",
        "区政府办公室、区经济和信息化局负责人参加调研。",
    ],
    meta_date="2024-12-19",
    byline="2024-12-19 08:30 来源：运河日报",
)
SECOND = _page(
    "西集镇推进冬季清洁取暖",
    [
        "本报讯（记者 马文博）前天，副区长韩立新到西集镇调研冬季清洁取暖工作，"
        "实地察看北京暖阳能源服务有限公司的供热站。",
        "韩立新要求，各部门要细化保障措施，确保群众温暖过冬。西集镇相关负责人陪同调研。",
    ],
    byline="2024年12月18日 09:15 来源：运河日报 作者：马文博",  # no <meta> date: the byline has it
)
GAZETTEER = {
    "周向东": P,
    "韩立新": P,
    "林晓雨": P,
    "马文博": P,
    "吴海峰": P,
    "北京运河精工机械有限公司": O,
    "北京青禾生物科技有限公司": O,
    "北京暖阳能源服务有限公司": O,
    "北京运河传媒集团有限公司": O,
    "北京金桥物流集团": O,
    "运河日报网": O,
    "西集镇": L,
    "新华北路": L,
}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "zoufang.html").write_text(FIRST, encoding="utf-8")
    (folder / "qingjie.htm").write_text(SECOND, encoding="utf-8")
    return folder


def test_main_text_title_and_date_from_meta_or_byline() -> None:
    first, second = read_html(FIRST), read_html(SECOND)
    assert first.main_content and second.main_content
    assert first.title == "区长走访经开区企业 了解生产经营情况"  # not the <title> with the site name
    assert first.date == dt.date(2024, 12, 19)  # <meta>
    assert second.date == dt.date(2024, 12, 18)  # byline
    assert first.text.startswith("本报讯（记者 林晓雨）昨天上午")
    assert first.text.endswith("区政府办公室、区经济和信息化局负责人参加调研。")
    for page in (first, second):
        assert not any(w in page.text for w in FURNITURE_WORDS)
        assert not any(name in page.text for name in BOILERPLATE)
        assert "tracker" not in page.text


def test_plain_strip_is_only_the_fallback() -> None:
    # Stripping all markup keeps the furniture: that is what the extractor saves us from.
    assert "版权所有" in strip_html(FIRST) and "分享到" in strip_html(FIRST)
    # Text only in a layout table: the extractor finds no main text, the strip reads it.
    table = read_html("<table><tr><td><h2>区长调研</h2>区长到台湖镇调研。</td></tr></table>")
    assert not table.main_content and table.text == "## 区长调研\n区长到台湖镇调研。"


def test_folder_of_saved_pages_becomes_dated_articles(tmp_path: Path) -> None:
    arts = sorted(iter_articles([_folder(tmp_path)]), key=lambda a: a.source)
    assert [(a.title, a.date) for a in arts] == [
        ("西集镇推进冬季清洁取暖", dt.date(2024, 12, 18)),
        ("区长走访经开区企业 了解生产经营情况", dt.date(2024, 12, 19)),
    ]
    assert all(not any(w in a.text for w in FURNITURE_WORDS) for a in arts)


def _names(res: api.BuildResult) -> set[str]:
    assert res.graph is not None
    return {d["name"] for _, d in res.graph.nodes(data=True) if d["label"] != "Article"}


def test_no_boilerplate_entities_with_a_gazetteer(tmp_path: Path) -> None:
    res = api.build([_folder(tmp_path)], tmp_path / "out", backend=GazetteerBackend(GAZETTEER))
    names = _names(res)
    assert {"周向东", "韩立新", "北京运河精工机械有限公司", "北京暖阳能源服务有限公司", "西集镇"} <= names
    assert not names & BOILERPLATE
    visits = {(v.visitor, v.target, v.date) for v in api.visits(res.graph)}  # type: ignore[arg-type]
    # "昨天" / "前天" are read against the page's publication date.
    assert ("周向东", "北京运河精工机械有限公司", "2024-12-18") in visits
    assert ("韩立新", "西集镇", "2024-12-16") in visits


@pytest.mark.hanlp
def test_no_boilerplate_entities_with_the_bundled_model(tmp_path: Path, hanlp_backend: HanLPBackend) -> None:
    res = api.build([_folder(tmp_path)], tmp_path / "out", backend=hanlp_backend)
    names = _names(res)
    assert res.articles == 2 and {"周向东", "韩立新"} <= names
    assert not names & BOILERPLATE
    assert not any(w in n for n in names for w in ("运河日报网", "版权", "ICP"))
