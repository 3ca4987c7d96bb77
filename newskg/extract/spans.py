"""Span repair on top of the NER model: boundaries, counts, legal forms, bylines, invalid names.

The model finds names; these rules fix what it gets wrong in news text
(``孟景伟察`` swallowing a verb's first character, ``5家社会办医院`` keeping a
count, ``天海工业`` stopping before ``有限公司``) and read the byline
``本报讯(记者 陶涛)``. The word lists are in :mod:`newskg.names.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newskg.model import EntityType, NerSpan, OrgKind
from newskg.names.kinds import entity_type_by_suffix, org_kind
from newskg.names.lexicon import (
    ADMIN_SUFFIX_RE,
    ADMIN_SUFFIXES,
    AREA_BEFORE_FIRM_RE,
    BRANCH_SUFFIXES,
    BYLINE_CLOSERS,
    BYLINE_CREDITS,
    BYLINE_OPENERS,
    BYLINE_ROLES,
    COUNT_HEAD_RE,
    FIRM_AFTER_RE,
    GENERIC_ORG_RE,
    LEADER_VERBS,
    LEGAL_FORM_AFTER_RE,
    LEGAL_FORM_END_RE,
    LIST_CLOSING_NOUNS,
    LIST_WORD_JOINER_RE,
    LOCATED_PLACE_RE,
    NAME_AFTER_TITLE_RE,
    NAME_BEFORE_TITLE_RE,
    NAME_TRAILING_ADVERBS,
    NAME_TRAILING_PARTICLES,
    NEW_AREA_SUFFIX,
    NOT_IN_PERSON_NAMES,
    NOT_ORG_NAMES,
    NOT_PERSON_ENDINGS,
    NOT_PERSON_WORDS,
    NOT_PLACE_AFTER_RE,
    NOT_PLACE_NAMES,
    NOT_VILLAGE_AFTER,
    NUMERAL_CHARS,
    ORG_KIND_SUFFIXES,
    PAREN_LEFT_STOP_RE,
    PLACE_OBJECT_VERB_RE,
    PLACE_SUFFIXES,
    SITE_ORG_SUFFIXES,
    SITE_PLACE_SUFFIXES,
    SURNAME_START_RE,
    TITLE_WORD_RE,
    TOWN_SUFFIXES,
    UNITS_AFTER_VERB,
    VERB_EDGE_RE,
    VILLAGE_HEAD_RE,
    VILLAGE_IN_AREA_RE,
    VILLAGE_LABEL_RE,
    VISIT_NOUN_USE_RE,
    VISIT_RE,
    ZONE_AFTER_RE,
)
from newskg.names.normalize import normalize_name, normalize_text
from newskg.names.titles import strip_title, title_before

__all__ = ["Byline", "find_bylines", "find_reporters", "repair_spans", "split_area_prefixes", "valid_name"]

_ROLE_ALT = "|".join(BYLINE_ROLES)
_ROLE_IN_WORD = re.compile("(?:" + _ROLE_ALT + ")")
# A newsroom or a credit may come before the first role: "(融媒体中心记者 甲)", "(文/图 记者 甲)".
_BYLINE_PAREN = re.compile(r"[(（【]\s*((?:[^()（）【】\n]{0,12}?)(?:" + _ROLE_ALT + r")[^()（）【】\n]{1,60})[)）】]")
# Unbracketed, ending in 报道 and a colon, at a line start or after the dateline: "本报讯 记者甲 通讯员乙报道:".
_BYLINE_REPORT = re.compile(r"(?:^|讯)[ \t]*((?:" + _ROLE_ALT + r")[^\n:：()（）]{1,40}?报道)[:：]", re.M)
# One byline token; two single characters set apart by spaces are one name ("姜 璐").
_BYLINE_TOKEN = re.compile(
    r"(?<![^\s:：、,，/|])[\u4e00-\u9fa5][ \u3000]+[\u4e00-\u9fa5](?![^\s:：、,，/|])|[^\s:：、,，/|]+"
)
_BYLINE_LINE = re.compile(
    r"^[ \t]*(?:"
    + "|".join(BYLINE_OPENERS)
    + r")?[ \t]*((?:[文图]/ ?)?[^\s/]{0,10}?(?:"
    + _ROLE_ALT
    + r")[^\n]{0,60})$",
    re.M,
)

_TRIM = " \t\n,，.。、;；:：!！?？“”\"'‘’《》()（）[]【】-—·…"
_TWO_CHAR_ADMIN = tuple(s for s in ADMIN_SUFFIXES if len(s) == 2)
_NAME_CHARS = re.compile(r"^[\u4e00-\u9fa5·]{2,8}$")


# Endings of a whole name, one-character kinds (厂, 馆) included: where a joiner may part two names.
_NAME_ENDINGS = (
    *(s for _, group in ORG_KIND_SUFFIXES for s in group),
    *SITE_ORG_SUFFIXES,
    *SITE_PLACE_SUFFIXES,
    *PLACE_SUFFIXES,
)


def _complete_name(piece: str) -> bool:
    """Whether a piece of a span is a whole name by its ending (``华远钢构厂``, ``市图书馆``, ``西岗村``)."""
    return len(piece) >= 3 and piece.endswith(_NAME_ENDINGS)


def _split_at_list_marks(spans: Sequence[NerSpan]) -> list[NerSpan]:
    """An organization or place span across a list's joiner is two names. O(spans).

    At 、 always (``天著度假区、龙宝参茸公司``); at 和/与/及/以及 only where both
    sides are whole names by their suffix, so that names holding the word
    (``人和集团``, ``中和镇``) stay whole.

    >>> sp = NerSpan(text="青禾农场、恒远钢构有限公司", type=EntityType.ORGANIZATION, start=0, end=13)
    >>> [s.text for s in _split_at_list_marks([sp])]
    ['青禾农场', '恒远钢构有限公司']
    >>> sp = NerSpan(text="华远钢构厂及大成木业有限公司", type=EntityType.ORGANIZATION, start=0, end=14)
    >>> [(s.text, s.start) for s in _split_at_list_marks([sp])]
    [('华远钢构厂', 0), ('大成木业有限公司', 6)]
    >>> sp = NerSpan(text="人和集团", type=EntityType.ORGANIZATION, start=0, end=4)
    >>> [s.text for s in _split_at_list_marks([sp])]
    ['人和集团']
    """
    out: list[NerSpan] = []
    for sp in spans:
        if sp.type is EntityType.PERSON:
            out.append(sp)
            continue
        cuts = [(m.start(), m.end()) for m in re.finditer("[、,，]", sp.text)]  # a comma ends a name too
        for m in LIST_WORD_JOINER_RE.finditer(sp.text):
            left = sp.text[max((b for _, b in cuts if b <= m.start()), default=0) : m.start()]
            right = sp.text[m.end() :].split("、", 1)[0]
            if _complete_name(left) and _complete_name(right):
                cuts.append((m.start(), m.end()))
        if not cuts:
            out.append(sp)
            continue
        at = 0
        for a, b in [*sorted(cuts), (len(sp.text), len(sp.text))]:
            piece = sp.text[at:a]
            if len(piece) >= 2:
                typ = entity_type_by_suffix(piece) or sp.type
                out.append(NerSpan(text=piece, type=typ, start=sp.start + at, end=sp.start + a))
            at = b
    return out


# A visit verb or a leading verb the model took into a name's end: "房山区调研考察", "区委书记罗平带队".
_VISIT_END = re.compile("(?:" + VISIT_RE.pattern + "|" + "|".join(v for v in LEADER_VERBS if len(v) > 1) + ")+$")


def _join_parenthesized(text: str, spans: Sequence[NerSpan]) -> list[NerSpan]:
    """A firm with a place in brackets ("中船(天津)船舶制造有限公司") that the model cut at the bracket, whole.

    The span after the bracket joins the span before it, or the words before it
    back to the verb or preposition. O(spans).

    >>> t = "来到中船(天津)船舶制造有限公司,"
    >>> a = NerSpan(text="中船", type=EntityType.ORGANIZATION, start=2, end=4)
    >>> b = NerSpan(text="天津)船舶制造有限公司", type=EntityType.ORGANIZATION, start=5, end=16)
    >>> [s.text for s in _join_parenthesized(t, [a, b])]
    ['中船(天津)船舶制造有限公司']
    >>> t = "在格润装备制造(山西)有限公司车间"
    >>> c = NerSpan(text="山西)有限公司", type=EntityType.ORGANIZATION, start=8, end=15)
    >>> [s.text for s in _join_parenthesized(t, [c])]
    ['格润装备制造(山西)有限公司']
    >>> t = "先后到爱心(国际)研发中心、"
    >>> d = NerSpan(text="国际)研发中心", type=EntityType.ORGANIZATION, start=6, end=13)
    >>> [s.text for s in _join_parenthesized(t, [d])]
    ['爱心(国际)研发中心']
    """
    out: list[NerSpan] = []
    for sp in spans:
        opened = sp.start - 1
        if (
            sp.type is not EntityType.ORGANIZATION
            or opened < 1
            or text[opened] not in "(（"
            or not (LEGAL_FORM_END_RE.search(sp.text) or entity_type_by_suffix(sp.text) is EntityType.ORGANIZATION)
            or not re.match(r"[^()（）]{1,8}[)）]", sp.text)
        ):
            out.append(sp)
            continue
        if out and out[-1].end == opened and out[-1].type is not EntityType.PERSON:
            start = out.pop().start
        else:
            left = opened
            while left > 0 and "\u4e00" <= text[left - 1] <= "\u9fa5" and opened - left < 16:
                left -= 1
            verb = PAREN_LEFT_STOP_RE.match(text, left, opened)
            start = verb.end() if verb else left
            if opened - start < 2:
                out.append(sp)
                continue
        out.append(NerSpan(text=text[start : sp.end], type=EntityType.ORGANIZATION, start=start, end=sp.end))
    return out


_INNER_VERB = re.compile(VISIT_RE.pattern + "|深入")


def _split_at_inner_verbs(spans: Sequence[NerSpan]) -> list[NerSpan]:
    """A span the model ran over a visitor, a visit verb and the place visited is cut at the verb. O(spans).

    ``罗平深入明远体育用品有限公司``: the person, then the firm; ``马坊村调研桑``: the
    village (what follows the verb is too short for a name and is dropped).

    >>> sp = NerSpan(text="罗平深入明远体育用品有限公司", type=EntityType.ORGANIZATION, start=0, end=14)
    >>> [(s.text, s.type.value) for s in _split_at_inner_verbs([sp])]
    [('罗平', 'PERSON'), ('明远体育用品有限公司', 'ORGANIZATION')]
    >>> sp = NerSpan(text="马坊村调研桑", type=EntityType.PLACE, start=0, end=6)
    >>> [s.text for s in _split_at_inner_verbs([sp])]
    ['马坊村']
    """
    out: list[NerSpan] = []
    for sp in spans:
        v = _INNER_VERB.search(sp.text, 2) if sp.type is not EntityType.PERSON else None
        if (
            v is None
            or v.end() > len(sp.text) - 1
            or VISIT_NOUN_USE_RE.match(sp.text, v.end())
            or sp.text.startswith(UNITS_AFTER_VERB, v.end())
        ):
            out.append(sp)  # no verb inside, or one in a name ("某县考察团", "教育督导室", "调研基地")
            continue
        cut = v.end()
        while (more := _INNER_VERB.match(sp.text, cut)) is not None:
            cut = more.end()  # "房山区调研考察": verbs all the way
        left, right = sp.text[: v.start()], sp.text[cut:]
        pieces: list[NerSpan] = []
        if entity_type_by_suffix(left) is not None or left.endswith(_NAME_ENDINGS):
            typ = entity_type_by_suffix(left) or sp.type
            pieces.append(NerSpan(text=left, type=typ, start=sp.start, end=sp.start + len(left)))
        elif _NAME_CHARS.match(left) and len(left) <= 3 and SURNAME_START_RE.match(left):
            pieces.append(NerSpan(text=left, type=EntityType.PERSON, start=sp.start, end=sp.start + len(left)))
        if len(right) >= 2:
            pieces.append(NerSpan(text=right, type=sp.type, start=sp.start + cut, end=sp.end))
        out.extend(pieces or [sp])  # no name on either side: the model's span stands
    return out


_BRANCH = re.compile(r"[(（]([^()（）]{2,12})[)）]")


def _join_branches(text: str, spans: Sequence[NerSpan]) -> list[NerSpan]:
    """A firm with its branch in brackets right after it (``星河超市(城东旗舰店)``) is one name. O(spans).

    >>> t = "在星河超市(城东旗舰店),"
    >>> a = NerSpan(text="星河超市", type=EntityType.PLACE, start=1, end=5)
    >>> b = NerSpan(text="(城东旗舰店", type=EntityType.PLACE, start=5, end=11)
    >>> [s.text for s in _join_branches(t, [a, b])]
    ['星河超市(城东旗舰店)']
    """
    out: list[NerSpan] = []
    skip_to = -1
    for sp in spans:
        if sp.start < skip_to:
            continue  # the branch, now inside the firm's name
        m = _BRANCH.match(text, sp.end)
        if sp.type is not EntityType.PERSON and m and m.group(1).endswith(BRANCH_SUFFIXES):
            typ = entity_type_by_suffix(sp.text) or EntityType.ORGANIZATION  # a firm has branches, a place none
            sp = NerSpan(text=text[sp.start : m.end()], type=typ, start=sp.start, end=m.end())
            skip_to = m.end()
        out.append(sp)
    return out


def repair_spans(text: str, spans: Sequence[NerSpan]) -> list[NerSpan]:
    """Fix span boundaries the model gets wrong in news text. O(n + spans).

    Trims punctuation, a count (``5家``) and a visit verb's second character (``视察`` tagged from
    ``察``), extends an organization over a following legal form (``天海工业`` +
    ``有限公司``) and a place over its administrative suffix (``张家湾`` + ``镇``),
    and joins a place written directly before an organization into its name
    (``通州区`` + ``中西医结合医院``).

    >>> org = NerSpan(text="天海工业", type=EntityType.ORGANIZATION, start=2, end=6)
    >>> [s.text for s in repair_spans("走访天海工业有限公司。", [org])]
    ['天海工业有限公司']
    >>> zone = NerSpan(text="江城", type=EntityType.PLACE, start=2, end=4)
    >>> [s.text for s in repair_spans("来到江城经济开发区,", [zone])]
    ['江城经济开发区']
    >>> person = NerSpan(text="方敏陪", type=EntityType.PERSON, start=2, end=5)
    >>> [s.text for s in repair_spans("局长方敏陪同调研", [person])]
    ['方敏']
    >>> deictic = NerSpan(text="来我县", type=EntityType.PLACE, start=2, end=5)
    >>> [s.text for s in repair_spans("部门来我县调研", [deictic])]
    ['我县']
    >>> label = NerSpan(text="关良村乡村振兴示范村", type=EntityType.PLACE, start=2, end=12)
    >>> [s.text for s in repair_spans("来到关良村乡村振兴示范村,", [label])]
    ['关良村']
    >>> verbs = NerSpan(text="房山区调研考察", type=EntityType.PLACE, start=1, end=8)
    >>> [s.text for s in repair_spans("到房山区调研考察。", [verbs])]
    ['房山区']
    >>> built = NerSpan(text="建设滨江", type=EntityType.PLACE, start=2, end=6)
    >>> [s.text for s in repair_spans("为了建设滨江出力。", [built])]
    ['滨江']
    >>> count = NerSpan(text="5家医院", type=EntityType.ORGANIZATION, start=0, end=4)
    >>> [s.text for s in repair_spans("5家医院结对。", [count])]
    ['医院']
    """
    fixed: list[NerSpan] = []
    split = _split_at_inner_verbs(_split_at_list_marks(spans))
    joined = _join_branches(text, sorted(_join_parenthesized(text, split), key=lambda s: s.start))
    for sp in sorted(joined, key=lambda s: (s.start, s.end)):
        start, end = sp.start, sp.end
        while start < end and text[start] in _TRIM:
            start += 1
        if start > 0 and VERB_EDGE_RE.match(text, start - 1):
            start += 1
        if sp.type is not EntityType.PERSON and text[start : start + 2] in ("来我", "到我", "赴我"):
            start += 1  # "来我县": the verb, then the deictic place
        if sp.type is not EntityType.PERSON and (c := COUNT_HEAD_RE.match(text, start, end)) and end - c.end() >= 2:
            start = c.end()
        if end - start > 2 and VERB_EDGE_RE.match(text, end - 1):
            end -= 1
        if sp.type is EntityType.PLACE and (v := PLACE_OBJECT_VERB_RE.match(text, start, end)) and end - v.end() >= 2:
            start = v.end()  # "建设洪湖": the verb, then the place it builds
        if sp.type is not EntityType.PERSON:
            # "调研庆城县苹果试验站", "房山区调研考察": a visit verb the model took into the name
            while (v := VISIT_RE.match(text, start, end)) and end - v.end() >= 2:
                start = v.end()
            while (v := _VISIT_END.search(text, start, end)) and v.start() - start >= 2:
                end = v.start()
        while (
            end > start
            and text[end - 1] in _TRIM
            and not (text[end - 1] in ")）" and "(" in normalize_text(text[start:end]))
        ):
            end -= 1
        if end - start < 1:
            continue
        if (sp.type is EntityType.ORGANIZATION and (m := LEGAL_FORM_AFTER_RE.match(text, end))) or (
            sp.type is EntityType.PLACE
            and not text[start:end].endswith(ADMIN_SUFFIXES)
            and (m := ADMIN_SUFFIX_RE.match(text, end))
        ):
            end = m.end()
        elif sp.type is EntityType.PLACE and end < len(text) and text[end - 1 : end + 1] in _TWO_CHAR_ADMIN:
            end += 1  # the model stopped inside a two-character suffix: "潞邑街|道"
        elif sp.type is EntityType.PLACE and (m := ZONE_AFTER_RE.match(text, end)):
            end = m.end()
        elif sp.type is EntityType.PLACE and text.startswith(NEW_AREA_SUFFIX, end):
            end += len(NEW_AREA_SUFFIX)  # "南湖" + "新区": a district the model cut before its suffix
        typ = sp.type
        if typ is EntityType.PLACE and NOT_PLACE_AFTER_RE.match(text, end):
            continue  # "中国式现代化": a phrase, not the place
        if typ is EntityType.PLACE and text[start:end].endswith("村") and text.startswith(NOT_VILLAGE_AFTER, end):
            continue  # "离任村干部": the village's people, no village named
        if typ is EntityType.PERSON and (post := _post_cut(text, start, end)):
            end = post  # "周书|记": a family name and a post, the model stopped inside the post
        elif typ is EntityType.PERSON and end - start >= 3 and text[end - 1 : end + 1] in NAME_TRAILING_ADVERBS:
            end -= 1  # "王明特|意到": the adverb's first character is no part of the name
        elif typ is EntityType.PERSON and end - start >= 3 and text[end - 1] in NAME_TRAILING_PARTICLES:
            end -= 1  # "王玲都详细询问": the particle is no part of the name
        if (
            typ is EntityType.PLACE
            and (head := VILLAGE_HEAD_RE.match(text, start, end))
            and VILLAGE_LABEL_RE.search(text, head.end(), end)
        ):
            end = head.end()  # "关良村东西部协作乡村振兴示范村": the village, not its label
        if typ in (EntityType.ORGANIZATION, EntityType.PLACE) and (cut := _LIST_TAIL.search(text, start, end)):
            end = cut.start()  # "莲花等村": the list's closing noun is no part of the last item
        if typ is EntityType.PLACE and (firm := FIRM_AFTER_RE.match(text, start)) and firm.end() > end:
            end, typ = firm.end(), EntityType.ORGANIZATION  # "兵谷" + "科技": the model cut a firm's name
        if typ in (EntityType.ORGANIZATION, EntityType.PLACE):
            typ = entity_type_by_suffix(text[start:end]) or typ  # "中西医结合医院" is no place
        cur = NerSpan(text=text[start:end], type=typ, start=start, end=end)
        prev = fixed[-1] if fixed else None
        if prev is not None and prev.end > cur.start:
            if cur.end - cur.start > prev.end - prev.start:
                fixed[-1] = cur  # extension ran into the next span: keep the longer
            continue
        if (
            prev is not None
            and prev.type is EntityType.PLACE
            and cur.type is EntityType.ORGANIZATION
            and prev.end == cur.start
            and entity_type_by_suffix(cur.text) is EntityType.ORGANIZATION
        ):
            cur = NerSpan(text=text[prev.start : end], type=cur.type, start=prev.start, end=end)
            fixed[-1] = cur
            continue
        fixed.append(cur)
    return names_after_titles(text, places_after_located(text, split_area_prefixes(fixed)))


def _post_cut(text: str, start: int, end: int) -> int | None:
    """Where a post ends that a two-character person span cut after its first character (``周书|记``).

    >>> _post_cut("周书记查看", 0, 2), _post_cut("周立新查看", 0, 3)
    (3, None)
    """
    if end - start != 2:
        return None
    post = TITLE_WORD_RE.match(text, end - 1)
    return post.end() if post is not None and post.end() > end else None


def split_area_prefixes(spans: Sequence[NerSpan]) -> list[NerSpan]:
    """Cut a park or town written before a firm out of one span: both are names. O(spans).

    >>> sp = NerSpan(text="经济开发区辽宁利筑新材有限公司", type=EntityType.ORGANIZATION, start=0, end=15)
    >>> [(s.text, s.type.value) for s in split_area_prefixes([sp])]
    [('经济开发区', 'ORGANIZATION'), ('辽宁利筑新材有限公司', 'ORGANIZATION')]
    >>> sp = NerSpan(text="通州区中西医结合医院", type=EntityType.ORGANIZATION, start=0, end=10)
    >>> [s.text for s in split_area_prefixes([sp])]
    ['通州区中西医结合医院']
    >>> sp = NerSpan(text="西集镇应急管理办公室", type=EntityType.ORGANIZATION, start=0, end=10)
    >>> [s.text for s in split_area_prefixes([sp])]
    ['西集镇应急管理办公室']
    >>> sp = NerSpan(text="南湖新区长檀社区", type=EntityType.PLACE, start=0, end=8)
    >>> [s.text for s in split_area_prefixes([sp])]
    ['南湖新区', '长檀社区']
    """
    out: list[NerSpan] = []
    for sp in spans:
        if sp.type is EntityType.PLACE and (v := VILLAGE_IN_AREA_RE.match(sp.text)):
            # "南湖新区长檀社区": the district says where the community is; both are places
            cut = sp.start + v.end(1)
            out.append(NerSpan(text=v.group(1), type=EntityType.PLACE, start=sp.start, end=cut))
            out.append(NerSpan(text=v.group(2), type=EntityType.PLACE, start=cut, end=sp.end))
            continue
        m = AREA_BEFORE_FIRM_RE.match(sp.text) if sp.type is not EntityType.PERSON else None
        rest_type = entity_type_by_suffix(m.group(2)) if m else None
        # "西集镇应急管理办公室", "开发区管委会", "某镇卫生院": the place names its own body, one name;
        # "台湖镇光机电一体化产业基地": a town names its own park. Only a firm is cut from a town.
        town = m is not None and m.group(1).endswith(TOWN_SUFFIXES)
        if (
            m is None
            or rest_type is not EntityType.ORGANIZATION
            or org_kind(m.group(2)) in _OWN_BODIES
            or (town and org_kind(m.group(2)) is not OrgKind.COMPANY)
        ):
            out.append(sp)
            continue
        head, rest = m.group(1), m.group(2)
        at = sp.start + m.start(2)
        out.append(
            NerSpan(text=head, type=entity_type_by_suffix(head) or sp.type, start=sp.start, end=sp.start + len(head))
        )
        out.append(NerSpan(text=rest, type=rest_type, start=at, end=at + len(rest)))
    return out


def places_after_located(text: str, spans: Sequence[NerSpan]) -> list[NerSpan]:
    """Add the place a location verb names when the model found nothing there (a rare character, say). O(n).

    >>> [s.text for s in places_after_located("北京天海工业有限公司位于漷县镇。", [])]
    ['漷县镇']
    """
    out = list(spans)
    for m in LOCATED_PLACE_RE.finditer(text):
        start, end = m.span(1)
        if not any(sp.start < end and start < sp.end for sp in out):
            out.append(NerSpan(text=m.group(1), type=EntityType.PLACE, start=start, end=end))
    return sorted(out, key=lambda sp: (sp.start, sp.end))


def names_after_titles(text: str, spans: Sequence[NerSpan]) -> list[NerSpan]:
    """Add the person the model missed or cut between a title and a verb that stands next to names.

    ``局长方敏陪同``: two or three characters after a title and before 陪同,
    介绍, 调研 ... are the name. Only person spans are replaced. O(n + spans).

    >>> [s.text for s in names_after_titles("局长方敏陪同调研", [])]
    ['方敏']
    >>> cut = NerSpan(text="郑国", type=EntityType.PERSON, start=2, end=4)
    >>> [s.text for s in names_after_titles("市长郑国栋陪同调研", [cut])]
    ['郑国栋']
    >>> [s.text for s in names_after_titles("副局长介绍情况", []) + names_after_titles("负责人来我县调研", [])]
    []
    >>> [s.text for s in names_after_titles("市委书记霍步刚到新民市调研", [])]
    ['霍步刚']
    """
    out = list(spans)
    for m in (*NAME_AFTER_TITLE_RE.finditer(text), *NAME_BEFORE_TITLE_RE.finditer(text)):
        start, end = m.span(1)
        overlap = [sp for sp in out if sp.start < end and start < sp.end]
        if any(w in m.group(1) for w in NOT_IN_PERSON_NAMES):
            continue  # "负责人来我县调研": 来 is a family name, 来我县 no name
        if not overlap:  # "市委书记霍步刚到", "甲总书记": a name the model did not see at all
            out.append(NerSpan(text=m.group(1), type=EntityType.PERSON, start=start, end=end))
    for verb in VERB_EDGE_RE.finditer(text):
        end = verb.start()
        for size in (3, 2):
            start = end - size
            name = text[max(0, start) : end]
            if (
                start < 0
                or not _CJK_NAME.fullmatch(name)
                or not SURNAME_START_RE.match(name)
                or name.endswith(NOT_PERSON_ENDINGS)
                or (size == 3 and name[-1] in NAME_TRAILING_PARTICLES)  # "高远率|考察团": the verb of leading
                or any(w in name for w in NOT_IN_PERSON_NAMES)
                or strip_title(name)[1]
                or title_before(text, start) is None
            ):
                continue
            overlap = [sp for sp in out if sp.start < end and start < sp.end]
            if all(sp.type is EntityType.PERSON and (sp.start, sp.end) != (start, end) for sp in overlap):
                out = [sp for sp in out if sp not in overlap]
                out.append(NerSpan(text=name, type=EntityType.PERSON, start=start, end=end))
            break
    return sorted(out, key=lambda sp: (sp.start, sp.end))


def valid_name(name: str, typ: EntityType) -> bool:
    """Reject spans that cannot be names: one character, digits or punctuation only, generic nouns.

    >>> valid_name("孟景伟", EntityType.PERSON), valid_name("孟景伟察看企业", EntityType.PERSON)
    (True, False)
    >>> valid_name("企业研发中心", EntityType.ORGANIZATION), valid_name("通州区融媒体中心", EntityType.ORGANIZATION)
    (False, True)
    >>> valid_name("区委办公室浏览量:发布时间", EntityType.ORGANIZATION), valid_name("未知", EntityType.ORGANIZATION)
    (False, False)
    """
    if len(name) < 2 or not re.search(r"[\u4e00-\u9fa5A-Za-z]", name):
        return False
    if _NOT_IN_NAMES.search(name):
        return False  # "区委办公室浏览量:发布时间": a page's header line, no name
    if typ is EntityType.ORGANIZATION and (GENERIC_ORG_RE.search(name) or name in NOT_ORG_NAMES):
        return False  # "企业研发中心", "检测中心": a part of the firm, not an organization
    if typ is EntityType.PLACE and name in NOT_PLACE_NAMES:
        return False  # "中华": part of 中华民族, no place
    if typ is EntityType.PERSON:
        if (
            VERB_EDGE_RE.fullmatch(name)
            or name in NOT_PERSON_WORDS
            or "的" in name
            or any(w in name for w in NOT_IN_PERSON_NAMES)
        ):
            return False  # "参加", "陪同", "分别": a word the model took for a name
        return (bool(_NAME_CHARS.match(name)) and len(name) <= 5) or "·" in name
    return len(name) <= 40


_CJK_NAME = re.compile(r"[\u4e00-\u9fa5]{2,3}")
_NOT_IN_NAMES = re.compile(r"[:：,，;；。!！?？]")  # punctuation that ends a name: a span across it is none
# A list's closing noun glued to its last item: "等村", "等7个项目".
_LIST_TAIL = re.compile(r"等(?:\d+|[" + NUMERAL_CHARS + r"]+)?[个家所处]?(?:" + "|".join(LIST_CLOSING_NOUNS) + r")$")
# Bodies an area names as its own (a town's office, hospital, school): never cut from the area.
_OWN_BODIES = (OrgKind.GOVERNMENT, OrgKind.HOSPITAL, OrgKind.SCHOOL, OrgKind.MEDIA)


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
    for part in _BYLINE_TOKEN.finditer(body):
        word, pos = part.group(0), offset + part.start()
        found = next((r for r in BYLINE_ROLES if word.startswith(r)), None)
        if found:
            role = found.removeprefix("本报")
            word, pos = word[len(found) :], pos + len(found)
        elif len(word) <= 12 and word.endswith(BYLINE_ROLES):  # "宁夏日报记者": the whole word is the role
            role, word = word.removeprefix("本报"), ""
        elif (inner := _ROLE_IN_WORD.search(word)) is not None and 2 <= len(word) - inner.end() <= 4:
            # "全媒体记者罗青": a newsroom, the role and the name written as one word
            role, word, pos = word[: inner.end()].removeprefix("本报"), word[inner.end() :], pos + inner.end()
        closer = next((c for c in BYLINE_CLOSERS if word.endswith(c)), None)
        if closer:
            word = word[: -len(closer)]
        if not word or word in BYLINE_CREDITS:
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
    >>> [(b.name, b.role) for b in find_bylines("某某日报讯(融媒体中心记者 甲乙 丙 丁)昨天")]
    [('甲乙', '融媒体中心记者'), ('丙丁', '融媒体中心记者')]
    >>> [(b.name, b.role) for b in find_bylines("本报讯 记者王立 通讯员张明报道:5月3日,")]
    [('王立', '记者'), ('张明', '通讯员')]
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
        for m in _BYLINE_REPORT.finditer(window):
            for b in _byline_names(text, base + m.start(1), m.group(1), strict=False):
                found.setdefault(b.start, b)
        for m in _BYLINE_LINE.finditer(window):
            for b in _byline_names(text, base + m.start(1), m.group(1), strict=True):
                found.setdefault(b.start, b)
    return [found[k] for k in sorted(found)]


def find_reporters(text: str) -> list[tuple[str, int, int]]:
    """Reporter names from bylines (see :func:`find_bylines`), with offsets.

    >>> find_reporters("本报讯（记者 赵文静 通讯员 马俊）为做好")
    [('赵文静', 7, 10), ('马俊', 15, 17)]
    """
    return [(b.name, b.start, b.end) for b in find_bylines(text)]
