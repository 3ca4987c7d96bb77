"""A synthetic local-news corpus from templates and name lists of our own (fixed seed)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from newskg.identity import text_hash
from newskg.model import (
    Article,
    ArticleExtraction,
    EntityRef,
    EntityType,
    Mention,
    OrgKind,
    Relation,
    RelationType,
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
    "薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文海波鹏宇浩然欣怡晨阳思远嘉琪子涵雨萱梓轩"
PLACES = [
    "宋庄镇",
    "永乐店镇",
    "漷县镇",
    "张家湾镇",
    "台湖镇",
    "马驹桥镇",
    "西集镇",
    "于家务乡",
    "潞城镇",
    "梨园镇",
    "北苑街道",
    "玉桥街道",
]
BRANDS = "华润达绿源星河东方金穗通达天海恒信鼎盛瑞丰新元宏远博雅中科远航嘉禾盛世天成永泰"
INDUSTRY = ["精密机械", "新能源科技", "智能装备", "医疗器械", "物流", "食品", "生物医药", "电子", "建材", "环保科技"]
TITLES = ["副区长", "区长", "区委书记", "镇长", "镇党委书记", "区政协副主席", "区人大常委会主任"]
VERBS = ["调研", "走访", "察看", "考察", "视察"]


def _person(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))


def _org(rnd: random.Random) -> str:
    brand = "".join(rnd.sample(BRANDS, 2))
    return f"北京{brand}{rnd.choice(INDUSTRY)}有限公司"


def article_texts(n: int, seed: int = 7, people: int = 3000, firms: int = 5000) -> Iterator[Article]:
    """``n`` realistic-length articles (about 600 characters) built from templates."""
    rnd = random.Random(seed)
    persons = [_person(rnd) for _ in range(people)]
    orgs = [_org(rnd) for _ in range(firms)]
    start = dt.date(2024, 1, 1)
    for i in range(n):
        p, t = rnd.choice(persons), rnd.choice(TITLES)
        o1, o2 = rnd.sample(orgs, 2)
        pl1, pl2 = rnd.sample(PLACES, 2)
        v = rnd.choice(VERBS)
        reporter = rnd.choice(persons)
        text = (
            f"本报讯(记者 {reporter})昨天上午,{t}{p}到{pl1}、{pl2}{v},"
            "了解企业生产经营情况,协调解决企业发展中遇到的困难。\n"
            f"{o1}位于{pl1},是一家专注于研发生产的国家高新技术企业,今年产值同比增长约{rnd.randint(5, 60)}%。"
            f"{p}察看企业生产车间和检测中心,详细询问企业订单、用工及融资情况。他指出,各部门要主动靠前服务,帮助企业解决实际问题。\n"
            f"位于{pl2}的{o2}主要从事相关产品的研发制造。{p}走访企业研发中心,听取企业负责人关于新产品研发进展的介绍。"
            f"他强调,要持续优化营商环境,支持企业加大研发投入,推动产业高质量发展。\n"
            f"{o2}总经理{rnd.choice(persons)}表示,下一步将加快二期项目建设,力争明年实现满产。第{i}期。"
        )
        yield Article(
            id=text_hash(text),
            title=f"{p}{v}重点企业",
            text=text,
            date=start + dt.timedelta(days=i % 365),
            source=f"synthetic/{i}.txt",
        )


def extractions(
    n: int, seed: int = 11, people: int | None = None, firms: int | None = None
) -> Iterator[ArticleExtraction]:
    """Extractions as the pipeline would emit them, without running NER (for graph scaling)."""
    rnd = random.Random(seed)
    persons = [_person(rnd) for _ in range(people or max(50, n // 2))]
    orgs = [_org(rnd) for _ in range(firms or max(50, n))]
    for i in range(n):
        text = f"synthetic article {i}"
        aid = text_hash(text)
        art = Article(id=aid, title=f"t{i}", text=text, date=dt.date(2024, 1, 1) + dt.timedelta(days=i % 365))
        p, o1, o2 = rnd.choice(persons), rnd.choice(orgs), rnd.choice(orgs)
        pl = rnd.choice(PLACES)
        short = o2[2:4]  # the brand alone, resolved to its firm when unambiguous
        ms = [
            Mention(surface=p, name=p, type=EntityType.PERSON, start=0, end=len(p), title=rnd.choice(TITLES)),
            Mention(surface=o1, name=o1, type=EntityType.ORGANIZATION, start=10, end=20, kind=OrgKind.COMPANY),
            Mention(surface=o2, name=o2, type=EntityType.ORGANIZATION, start=30, end=40, kind=OrgKind.COMPANY),
            Mention(surface=short, name=short, type=EntityType.ORGANIZATION, start=50, end=52),
            Mention(surface=pl, name=pl, type=EntityType.PLACE, start=60, end=63),
            Mention(surface=pl[:-1], name=pl[:-1], type=EntityType.PLACE, start=70, end=72),
        ]
        ref = lambda m: EntityRef(name=m.name, type=m.type)  # noqa: E731
        rels = [
            Relation(
                type=RelationType.VISITED,
                head=ref(ms[0]),
                tail=ref(ms[1]),
                evidence=f"{p}察看{o1}。",
                article_id=aid,
                date=art.date,
            ),
            Relation(
                type=RelationType.VISITED,
                head=ref(ms[0]),
                tail=ref(ms[3]),
                evidence=f"{p}走访{short}。",
                article_id=aid,
                date=art.date,
            ),
            Relation(
                type=RelationType.LOCATED_IN,
                head=ref(ms[1]),
                tail=ref(ms[4]),
                evidence=f"{o1}位于{pl}。",
                article_id=aid,
            ),
        ]
        yield ArticleExtraction(article=art, mentions=tuple(ms), relations=tuple(rels))
