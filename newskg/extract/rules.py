"""Rule layer on top of the NER model: kinds, titles, reporters, mention repair.

The model finds names; the rules read the Chinese news conventions around
them: ``区委书记孟景伟`` (a title glued before a name), ``本报讯(记者 陶涛)``
(the byline), and the suffix of an organization name that tells its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newskg.extract.normalize import normalize_name
from newskg.model import EntityType, OrgKind

__all__ = [
    "BYLINE_ROLES",
    "GOV_PREFIXES",
    "Byline",
    "TitleMatch",
    "entity_type_by_suffix",
    "find_bylines",
    "find_reporters",
    "org_kind",
    "strip_title",
    "title_before",
    "valid_name",
]

_KIND_SUFFIXES: tuple[tuple[OrgKind, tuple[str, ...]], ...] = (
    (OrgKind.HOSPITAL, ("医院", "卫生院", "卫生服务中心", "卫生服务站", "诊所", "门诊部", "急救中心", "保健院")),
    (OrgKind.SCHOOL, ("大学", "学院", "中学", "小学", "学校", "幼儿园", "职高", "附中", "附小", "党校")),
    (
        OrgKind.MEDIA,
        ("报社", "日报", "晚报", "电视台", "广播电台", "电台", "新闻社", "通讯社", "融媒体中心", "杂志社", "出版社"),
    ),
    (
        OrgKind.GOVERNMENT,
        (
            "区委",
            "市委",
            "县委",
            "省委",
            "党委",
            "党工委",
            "党组",
            "政府",
            "人大常委会",
            "常委会",
            "人大",
            "政协",
            "办事处",
            "委员会",
            "管委会",
            "居委会",
            "村委会",
            "法院",
            "检察院",
            "公安局",
            "派出所",
            "局",
            "厅",
            "委",
            "办公室",
            "部",
            "署",
            "支队",
            "大队",
            "中队",
        ),
    ),
    (
        OrgKind.COMPANY,
        (
            "有限公司",
            "有限责任公司",
            "股份公司",
            "公司",
            "集团",
            "银行",
            "厂",
            "酒店",
            "宾馆",
            "商场",
            "超市",
            "合作社",
            "工作室",
            "事务所",
            "门店",
            "店",
        ),
    ),
)
_ORG_TAIL = (
    *tuple(s for _, group in _KIND_SUFFIXES for s in group if len(s) >= 2),
    "中心",
    "协会",
    "学会",
    "基金会",
    "研究院",
    "研究所",
)
_PLACE_TAIL = (
    "省",
    "市",
    "区",
    "县",
    "镇",
    "乡",
    "街道",
    "社区",
    "村",
    "公园",
    "基地",
    "园区",
    "广场",
    "大街",
    "路",
    "胡同",
    "小区",
    "湖",
    "河",
)

# Position words that follow an organization or stand before a name.
_TITLE_WORDS = (
    "党支部书记",
    "党委书记",
    "党组书记",
    "总书记",
    "书记",
    "区长",
    "市长",
    "县长",
    "镇长",
    "乡长",
    "省长",
    "村长",
    "主任",
    "主席",
    "院长",
    "校长",
    "局长",
    "部长",
    "厅长",
    "处长",
    "科长",
    "所长",
    "站长",
    "社长",
    "行长",
    "董事长",
    "总经理",
    "经理",
    "总裁",
    "总监",
    "负责人",
    "秘书长",
    "委员",
    "常委",
    "队长",
    "组长",
    "会长",
    "理事长",
    "馆长",
    "台长",
    "主编",
    "总编辑",
    "总工程师",
    "主任医师",
    "教授",
    "研究员",
    "支部书记",
    "代表",
    # "县领导赵某、钱某": the collective title of the leaders listed after it
    "省领导",
    "市领导",
    "县领导",
    "区领导",
    "镇领导",
    "乡领导",
    # Occupations local news writes before a name ("民警王某", "网格员李某"); kept as titles.
    "第一书记",
    "村支书",
    "民警",
    "辅警",
    "交警",
    "村民",
    "居民",
    "市民",
    "志愿者",
    "网格员",
    "医生",
    "护士",
    "教师",
    "工程师",
    "技术员",
    "厂长",
    "班长",
    "创始人",
    "院士",
    "律师",
    "法官",
    "检察官",
    "讲解员",
    "店长",
)
_TITLE_MODS = ("常务副", "执行", "副", "相关", "党组", "党委", "原")
GOV_PREFIXES = (
    "区委",
    "市委",
    "县委",
    "省委",
    "区政府",
    "市政府",
    "县政府",
    "镇政府",
    "镇党委",
    "街道党工委",
    "区人大常委会",
    "市人大常委会",
    "区政协",
    "市政协",
    "区纪委",
    "市纪委",
)
_TITLE_RE = re.compile(
    "(?P<prefix>" + "|".join(sorted(GOV_PREFIXES, key=len, reverse=True)) + ")?"
    "(?P<mod>" + "|".join(_TITLE_MODS) + ")?"
    "(?P<word>" + "|".join(sorted(_TITLE_WORDS, key=len, reverse=True)) + ")$"
)
_TITLE_START = re.compile(
    "^(?:" + "|".join(sorted(GOV_PREFIXES, key=len, reverse=True)) + ")?"
    "(?:" + "|".join(_TITLE_MODS) + ")?"
    "(?:" + "|".join(sorted(_TITLE_WORDS, key=len, reverse=True)) + ")"
)
# Byline roles, longest first where one contains another; each is kept as the reporter's title.
BYLINE_ROLES = (
    "见习记者",
    "实习记者",
    "特约记者",
    "首席记者",
    "本报记者",
    "特约通讯员",
    "记者",
    "通讯员",
    "实习生",
    "责任编辑",
    "编辑",
    "作者",
    "文字报道",
    "摄影",
)
_ROLE_ALT = "|".join(BYLINE_ROLES)
_BYLINE_PAREN = re.compile(r"[(（]\s*((?:" + _ROLE_ALT + r")[^()（）\n]{1,60})[)）]")
_BYLINE_LINE = re.compile(r"^[ \t]*(?:本报讯)?[ \t]*((?:" + _ROLE_ALT + r")[^\n]{0,60})$", re.M)
_NAME_CHARS = re.compile(r"^[\u4e00-\u9fa5·]{2,8}$")


def org_kind(name: str) -> OrgKind:
    """Kind of organization from its name's suffix. O(len(name))."""
    for kind, suffixes in _KIND_SUFFIXES:
        if name.endswith(suffixes):
            return kind
    return OrgKind.OTHER


def entity_type_by_suffix(name: str) -> EntityType | None:
    """The type a name's suffix makes certain, or None when the suffix says nothing."""
    if name.endswith(_ORG_TAIL):
        return EntityType.ORGANIZATION
    if name.endswith(_PLACE_TAIL) and not name.endswith(("街道办", "区委", "市委", "县委")):
        return EntityType.PLACE
    return None


@dataclass(frozen=True)
class TitleMatch:
    """A title found right before a name: ``prefix`` is a government body (区委), if any."""

    start: int
    title: str
    position: str
    prefix: str | None


def title_before(text: str, end: int) -> TitleMatch | None:
    """The title that ends at ``end`` in ``text`` (the start of a person name), if any."""
    window = text[max(0, end - 16) : end]
    m = _TITLE_RE.search(window)
    if not m:
        return None
    prefix = m.group("prefix")
    position = (m.group("mod") or "") + m.group("word")
    if m.group("mod") == "相关":
        position = m.group("word")
    start = end - len(m.group(0))
    return TitleMatch(start, m.group(0), position, prefix)


def strip_title(name: str) -> tuple[str, str | None]:
    """Split a person span that swallowed its title: ``区委书记孟景伟`` -> (孟景伟, 区委书记)."""
    m = _TITLE_START.match(name)
    if m and len(name) - m.end() >= 2:
        return name[m.end() :], m.group(0)
    return name, None


_GENERIC_ORG = re.compile(
    r"^(?:企业|公司|该|本|我们|我|其|各|相关|有关|部分|重点)|^(?:(?:研发|检测|服务|活动|指挥|数据|运营)中心|生产车间|车间|实验室|展厅)$"
)


def valid_name(name: str, typ: EntityType) -> bool:
    """Reject spans that cannot be names: one character, digits or punctuation only, generic nouns."""
    if len(name) < 2 or not re.search(r"[\u4e00-\u9fa5A-Za-z]", name):
        return False
    if typ is EntityType.ORGANIZATION and _GENERIC_ORG.search(name):
        return False  # "企业研发中心", "检测中心": a part of the firm, not an organization
    if typ is EntityType.PERSON:
        return (bool(_NAME_CHARS.match(name)) and len(name) <= 5) or "·" in name
    return len(name) <= 40


@dataclass(frozen=True)
class Byline:
    """A name in a byline, at article offsets, with its role (记者, 通讯员, 责任编辑 ...)."""

    name: str
    start: int
    end: int
    role: str


def _byline_names(text: str, offset: int, body: str, strict: bool) -> list[Byline]:
    """Role and name tokens of one byline; ``strict``: every token must be one (a line of its own)."""
    out: list[Byline] = []
    role: str | None = None
    for part in re.finditer(r"[^\s:：、,，/|]+", body):
        word, pos = part.group(0), offset + part.start()
        found = next((r for r in BYLINE_ROLES if word.startswith(r)), None)
        if found:
            role = found.removeprefix("本报")
            word, pos = word[len(found) :], pos + len(found)
        if not word:
            continue
        name = normalize_name(word)
        if role and 2 <= len(name) <= 4 and _NAME_CHARS.match(name):
            out.append(Byline(name, pos, pos + len(word), role))
        elif strict:
            return []  # a line with other words is text, not a byline
    return out


def find_bylines(text: str, head: int = 200, tail: int = 200) -> list[Byline]:
    r"""Names with their roles from the bylines at the start or end of an article.

    Bylines are ``(记者 陶涛 通讯员 李明)`` in brackets, or a line of their own
    made only of roles and names (``责任编辑:郑雨``, ``作者:蒋一帆``). Only the
    first ``head`` and last ``tail`` characters are searched. O(head + tail).

    >>> [(b.name, b.role) for b in find_bylines("本报讯(见习记者 白露 通讯员 何东)昨天")]
    [('白露', '见习记者'), ('何东', '通讯员')]
    >>> [(b.name, b.role) for b in find_bylines("正文。\n责任编辑:郑雨")]
    [('郑雨', '责任编辑')]
    >>> find_bylines("记者了解到,该项目已开工。")
    []
    """
    n = len(text)
    cut = max(head, n - tail)
    windows = [(0, text[: min(head, n)])] + ([(cut, text[cut:])] if cut < n else [])
    found: dict[int, Byline] = {}
    for base, window in windows:
        for m in _BYLINE_PAREN.finditer(window):
            for b in _byline_names(text, base + m.start(1), m.group(1), strict=False):
                found.setdefault(b.start, b)
        for m in _BYLINE_LINE.finditer(window):
            for b in _byline_names(text, base + m.start(1), m.group(1), strict=True):
                found.setdefault(b.start, b)
    return [found[k] for k in sorted(found)]


def find_reporters(text: str) -> list[tuple[str, int, int]]:
    """Reporter names from bylines (see :func:`find_bylines`), with offsets."""
    return [(b.name, b.start, b.end) for b in find_bylines(text)]
