"""Every word list of the project, once, and the regular expressions derived from them.

The rule layers (span repair, titles, kinds, relations, resolution, the silver
titles of NER training) read the Chinese news conventions through these
lists; none of them keeps a list of its own (``tests/test_layout.py`` scans the
package for copies). A word added here reaches every rule that uses its list.

Regexes keep the order their lists give unless they say ``longest first``:
in an alternation the first alternative that matches wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newskg.model import OrgKind

__all__ = [
    "ABBREVIATED_LEVELS",
    "ADDRESS_CUT_RE",
    "ADMIN_LEVELS",
    "ADMIN_SUFFIXES",
    "ADMIN_SUFFIX_END_RE",
    "ADMIN_SUFFIX_RE",
    "ALWAYS_COMPANION_VERBS",
    "APPROX_DAY_WORDS",
    "AREA_BEFORE_FIRM_RE",
    "AREA_SUFFIXES",
    "AREA_WORD_ENDINGS",
    "ARRIVAL_VERBS",
    "ATTEND_VERBS",
    "AT_STOP_RE",
    "BANNER_SIDES",
    "BANNER_WORD",
    "BARE_BODY_RE",
    "BRANCH_SUFFIXES",
    "BYLINE_CLOSERS",
    "BYLINE_CREDITS",
    "BYLINE_OPENERS",
    "BYLINE_ROLES",
    "CARRY_OUT_RE",
    "CARRY_OUT_VERBS",
    "CLAUSE_WORDS",
    "CLAUSE_WORD_RE",
    "CLOSING_ANY_NOUNS",
    "CLOSING_ORG_NOUNS",
    "COMMON_WORD_DIVISION_NAMES",
    "COMPANION_BEFORE_VERB_RE",
    "COMPANION_RE",
    "COMPANION_VERBS",
    "COMPANION_WORDS",
    "COMPANION_WORD_RE",
    "COMPANY_SUFFIXES",
    "COMPOSED_RE",
    "COUNT_HEAD_RE",
    "COUNT_UNITS",
    "DATELINE_DAY_RE",
    "DATELINE_RE",
    "DATE_BACKGROUND_AFTER",
    "DATE_BACKGROUND_BEFORE",
    "DATE_LINE_LABELS",
    "DAY_RANGE_JOINERS",
    "DELEGATION_LEFT_STOPS",
    "DELEGATION_LEFT_STOP_RE",
    "DELEGATION_MODIFIERS",
    "DELEGATION_MODIFIER_RE",
    "DELEGATION_NOT_AFTER",
    "DELEGATION_NOUNS",
    "DELEGATION_NOUN_RE",
    "DEPARTMENT_SUFFIXES",
    "ERRAND_WORDS",
    "FESTIVAL_AROUND_WORDS",
    "FESTIVAL_BEFORE_WORDS",
    "FESTIVAL_PERIODS",
    "FIRM_AFTER_RE",
    "FIRM_ANAPHORS",
    "FIRM_ANAPHOR_RE",
    "FIRM_ENDINGS",
    "FIRM_ENDING_RE",
    "FIRM_UNITS",
    "FIRM_UNIT_KINDS",
    "FRAMING_VERBS",
    "FUTURE_BEFORE_RE",
    "FUTURE_WORDS",
    "GENERIC_BODY_RE",
    "GENERIC_DEPARTMENTS",
    "GENERIC_ORG_HEADS",
    "GENERIC_ORG_RE",
    "GENERIC_SITES",
    "GENERIC_SITE_MODIFIERS",
    "GENERIC_SITE_RE",
    "GOVERNMENT_HEAD",
    "GOVERNMENT_SUFFIXES",
    "GOV_BODIES",
    "GOV_PREFIXES",
    "GROUP_AFTER_NAME",
    "GROUP_SUBJECTS",
    "GROUP_SUBJECT_RE",
    "GUEST_NOUNS",
    "GUEST_PHRASE_RE",
    "HALL_SUFFIXES",
    "HEADER_META_WORDS",
    "HOME_LEVEL_WORDS",
    "HOME_PLACE_WORDS",
    "HOME_RE",
    "HOME_WORDS",
    "HOSPITAL_SUFFIXES",
    "HOST_OBJECT_BEFORE",
    "HOST_VERBS",
    "HOST_VERB_RE",
    "INDUSTRY_END_RE",
    "INDUSTRY_WORDS",
    "INVITATION_WORDS",
    "JOINT_OBJECT_VERBS",
    "JURISDICTION_BODIES",
    "LEADERS_WORD",
    "LEADER_NOT_AFTER",
    "LEADER_RE",
    "LEADER_VERBS",
    "LEADING_AREA_RE",
    "LEAD_AS_RE",
    "LEAD_AS_WORDS",
    "LEAD_AS_WORD_RE",
    "LEAD_UNDER_RE",
    "LEAD_UNDER_VERBS",
    "LEGAL_FORMS",
    "LEGAL_FORM_AFTER_RE",
    "LEGAL_FORM_END_RE",
    "LIST_CLOSING_NOUNS",
    "LIST_CLOSING_NOUN_RE",
    "LIST_CLOSING_RE",
    "LIST_JOINERS",
    "LIST_PEOPLE_NOUNS",
    "LIST_TAIL_WORK_RE",
    "LIST_TITLES_AFTER",
    "LIST_WORD_JOINER_RE",
    "LOCATED_BEFORE_DE",
    "LOCATED_PLACE_RE",
    "LOCATED_RE",
    "LOCATED_VERBS",
    "LOCATIVE_DE",
    "LOCATIVE_DE_RE",
    "LOOK_VERBS",
    "LUNAR_FESTIVALS",
    "LUNAR_NEW_YEAR_DAY_PREFIXES",
    "MEDIA_SUFFIXES",
    "MEMBER_NOUNS",
    "MEMBER_RE",
    "MONTH_WORDS",
    "MOVE_LEAD_BEFORE_RE",
    "MOVE_LEAD_WORDS",
    "MOVE_VERBS",
    "NAME_ADJACENT_VERBS",
    "NAME_AFTER_TITLE_RE",
    "NAME_BEFORE_TITLE_RE",
    "NAME_FOLLOWERS",
    "NAME_TRAILING_ADVERBS",
    "NAME_TRAILING_PARTICLES",
    "NATIONAL_NEWSROOMS",
    "NEGATION_BEFORE_RE",
    "NEGATION_WORDS",
    "NEWSROOM_AFTER",
    "NEWSROOM_BEFORE",
    "NEWSROOM_SUFFIXES",
    "NEW_AREA_SUFFIX",
    "NON_AREA_CHARS",
    "NON_RANK_MODIFIERS",
    "NOT_APPROX_BEFORE",
    "NOT_COME_AFTER",
    "NOT_COME_BEFORE",
    "NOT_DEEP_AFTER",
    "NOT_IN_PERSON_NAMES",
    "NOT_MOVE_AFTER",
    "NOT_MOVE_AFTER_RE",
    "NOT_MOVE_BEFORE",
    "NOT_NAME_ENDINGS",
    "NOT_ORG_NAMES",
    "NOT_PERSON_ENDINGS",
    "NOT_PERSON_WORDS",
    "NOT_PLACE_AFTER",
    "NOT_PLACE_AFTER_RE",
    "NOT_PLACE_ENDINGS",
    "NOT_PLACE_NAMES",
    "NOT_TARGET_ENDINGS",
    "NOT_VILLAGE_AFTER",
    "NOT_VISIT_RE",
    "NOT_VISIT_WORDS",
    "NUMERAL_CHARS",
    "OBJECT_VISIT_RE",
    "OFFICE_SUFFIXES",
    "ON_DAY_WORDS",
    "ORG_KIND_SUFFIXES",
    "ORG_SUFFIXES",
    "ORG_TEAM_RE",
    "ORG_UNIT_SUFFIXES",
    "OTHER_ORG_SUFFIXES",
    "PAREN_LEFT_STOP_RE",
    "PARK_SUFFIXES",
    "PARTNER_LINKS",
    "PARTNER_LINK_RE",
    "PARTNER_RE",
    "PARTNER_VERBS",
    "PARTY_COMMITTEE_END_RE",
    "PARTY_SUFFIX_RE",
    "PART_OF_PREFIX_RE",
    "PLACE_ABBREVIATION_RE",
    "PLACE_FEATURE_SUFFIXES",
    "PLACE_OBJECT_VERBS",
    "PLACE_OBJECT_VERB_RE",
    "PLACE_PREFIX_RE",
    "PLACE_PREFIX_SUFFIXES",
    "PLACE_SUFFIXES",
    "PLAN_AFTER_YEAR",
    "PLAN_BEFORE_YEAR",
    "POSTS_AFTER_NAME",
    "POST_AFTER_NAME_FOLLOWERS",
    "PRONOUNS",
    "PRONOUN_FOLLOWERS",
    "PRONOUN_RE",
    "PRONOUN_SUBJECT_RE",
    "PROVINCES",
    "PROVINCE_SUFFIXES",
    "PUBLISHER_NAME_RE",
    "PUBLISHER_SUFFIXES",
    "PURPOSE_RE",
    "PURPOSE_VERBS",
    "REACH_BEFORE_MOVE",
    "RELATIVE_DAYS",
    "REPORTER_RE",
    "SAME_DAY_WORDS",
    "SCHOOL_SUFFIXES",
    "SECTOR_RE",
    "SECTOR_WORDS",
    "SEPARATELY",
    "SITE_AT_WORK",
    "SITE_ORG_SUFFIXES",
    "SITE_PARTS",
    "SITE_PART_MODIFIERS",
    "SITE_PART_RE",
    "SITE_PLACE_SUFFIXES",
    "SLOGAN_PLACE_RE",
    "SOLAR_FESTIVALS",
    "SOURCE_LABELS",
    "STOP_ACTIVITY_VERBS",
    "STOP_AREA_BEFORE",
    "STOP_AT_RE",
    "STOP_NOT_PLACE_ENDS",
    "STRONG_TITLE_WORDS",
    "SURNAMES",
    "SURNAME_START_RE",
    "TARGET_STOP_RE",
    "TARGET_STOP_WORDS",
    "TEAM_WORDS",
    "TITLES_AFTER_NAME",
    "TITLE_END_RE",
    "TITLE_LEFT_EDGES",
    "TITLE_LEVEL_WORDS",
    "TITLE_MODIFIERS",
    "TITLE_NOISE_PREFIXES",
    "TITLE_START_RE",
    "TITLE_WORDS",
    "TITLE_WORD_RE",
    "TOWN_NAME_SUFFIXES",
    "TOWN_SUFFIXES",
    "TRIGGER_RE",
    "TRIP_MOVES",
    "TRIP_OPENERS",
    "TRIP_OPENER_RE",
    "UNITS_AFTER_VERB",
    "VERB_EDGE_RE",
    "VILLAGE_HEAD_RE",
    "VILLAGE_IN_AREA_RE",
    "VILLAGE_LABEL_RE",
    "VILLAGE_LABEL_WORDS",
    "VILLAGE_SUFFIXES",
    "VISIT_DIRECT_VERBS",
    "VISIT_GENERIC_HEADS",
    "VISIT_GENERIC_RE",
    "VISIT_HOME_VERBS",
    "VISIT_NOUN_BEFORE",
    "VISIT_NOUN_BEFORE_RE",
    "VISIT_NOUN_USES",
    "VISIT_NOUN_USE_RE",
    "VISIT_RE",
    "VISIT_VERBS",
    "WEAK_TITLES",
    "WEEKDAY_WORDS",
    "WEEK_WORDS",
    "WITH_RE",
    "WITH_VERBS",
    "WORK_BEFORE_SITE",
    "WORK_WORDS",
    "ZONE_AFTER_RE",
    "ZONE_BODIES",
    "ZONE_SUFFIXES",
]


def _alt(words: Iterable[str], longest_first: bool = False) -> str:
    """A regex alternation of literal words (none of them holds a regex metacharacter)."""
    items = list(words)
    return "|".join(sorted(items, key=len, reverse=True) if longest_first else items)


# --- Organizations -----------------------------------------------------------

# Legal forms of a firm. Extending a span over one, and dropping one for a short
# name, take the longest that fits.
LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "分公司",
    "集团",
    "公司",
)
COMPANY_SUFFIXES = (
    *LEGAL_FORMS,
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
)
HOSPITAL_SUFFIXES = ("医院", "卫生院", "卫生服务中心", "卫生服务站", "诊所", "门诊部", "急救中心", "保健院")
SCHOOL_SUFFIXES = ("大学", "学院", "中学", "小学", "学校", "幼儿园", "职高", "附中", "附小", "党校")
MEDIA_SUFFIXES = (
    "报社",
    "日报",
    "晚报",
    "电视台",
    "广播电台",
    "电台",
    "新闻社",
    "通讯社",
    "融媒体中心",
    "杂志社",
    "出版社",
    "新闻网",
    "新媒体中心",
    "公众号",
    "客户端",
)
GOVERNMENT_SUFFIXES = (
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
)
# The first kind whose suffix ends a name is its kind ("卫生服务中心" is a hospital, not "other").
ORG_KIND_SUFFIXES: tuple[tuple[OrgKind, tuple[str, ...]], ...] = (
    (OrgKind.HOSPITAL, HOSPITAL_SUFFIXES),
    (OrgKind.SCHOOL, SCHOOL_SUFFIXES),
    (OrgKind.MEDIA, MEDIA_SUFFIXES),
    (OrgKind.GOVERNMENT, GOVERNMENT_SUFFIXES),
    (OrgKind.COMPANY, COMPANY_SUFFIXES),
)
# Parks, zones and bases are run by a body: organizations (news-dev convention; a place is also right).
PARK_SUFFIXES = (
    "经济技术开发区",
    "开发区",
    "经济区",
    "高新区",
    "经开区",
    "园区",
    "产业园",
    "工业园",
    "创业园",
    "创新园",
    "创园",  # 双创园, 青创园, 文创园
    "示范园",
    "科技园",
    "孵化园",
    "物流园",
    "孵化器",
    "基地",
    "集中区",
    "项目区",
    "保税区",
)
# Museums and halls are institutions.
HALL_SUFFIXES = ("博物馆", "纪念馆", "展示馆", "展览馆", "文化馆", "科技馆", "美术馆", "体育馆", "会展中心")
OTHER_ORG_SUFFIXES = ("中心", "协会", "学会", "基金会", "研究院", "研究所", *PARK_SUFFIXES, *HALL_SUFFIXES)
# Industry words a short firm name ends with ("天合光能", "中天钢铁", "岭南重工"), after two characters or more.
FIRM_ENDINGS = (
    "重工",
    "电气",
    "电器",
    "食品",
    "汽配",
    "化工",
    "纺织",
    "钢铁",
    "光能",
    "数控",
    "盐化",
    "门业",
    "药业",
    "医药",
    "制药",
    "建材",
    "环保",
    "物流",
    "涂装",
    "包装",
    "陶瓷",
    "玻璃",
    "光电",
    "矿业",
    "置业",
    "地产",
    "轮胎",
    "机电",
    "新材",
    "新材料",
    "科技",
    "电子",
    "实业",
    "机械",
    "控股",
    "乳业",
    "酒业",
    "米业",
    "棉业",
    "纸业",
    "木业",
    "铝业",
    "钢构",
    "精密",
    "装备",
    "家纺",
    "服饰",
    "激光",
    "集团",
    "制动",
    "养殖场",
    "农场",
    "商城",
    "影城",
    "总部",
    "实验室",
)
# Suffixes that make a name an organization (one-character ones like "局" are too ambiguous).
ORG_SUFFIXES = (*(s for _, group in ORG_KIND_SUFFIXES for s in group if len(s) >= 2), *OTHER_ORG_SUFFIXES)
# Government bodies written before a title: "区委书记", "区政府副区长".
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
# Words that make an organization span generic ("企业研发中心": a part of the firm).
# "本公司", "本市": 本 alone would also take 本溪 (a city) and 本田 (a firm).
GENERIC_ORG_HEADS = (
    "企业", "公司", "该", "本公司", "本单位", "本市", "本县", "本区", "本镇", "本地", "本次", "本届", "我们", "我",
    "其", "各", "相关", "有关", "部分", "重点",
)  # fmt: skip
FIRM_UNIT_KINDS = ("研发", "检测", "服务", "活动", "指挥", "数据", "运营")  # ... + "中心"
# Words the model takes for organizations that name none: a page's chrome and bare kinds of body.
NOT_ORG_NAMES = ("未知", "本站原创", "原创", "全媒体", "集团公司", "有限公司", "股份有限公司")
FIRM_UNITS = ("生产车间", "车间", "实验室", "展厅")
# Words that name a firm's industry; a brand is a firm's core name without them.
INDUSTRY_WORDS = (
    "工业",
    "实业",
    "科技",
    "技术",
    "汽车",
    "电子",
    "制造",
    "机械",
    "贸易",
    "发展",
    "投资",
    "控股",
    "新材料",
    "能源",
)

# --- Places ------------------------------------------------------------------

AREA_SUFFIXES = ("省", "市", "区", "县", "镇", "乡", "街道")  # administrative areas that contain places
COUNTY_LEVEL_SUFFIXES = ("市", "县", "区", "旗")  # divisions above the town (see AREA_WORD_ENDINGS for 社区, 园区)
ABBREVIATED_LEVELS = ("市", "县", "旗")  # "哈尔滨市" is written "哈市", "乌鲁木齐市" "乌市"
# "来航考察", "莅同调研": come to a place written by its first character (the paper's own, mostly).
PLACE_ABBREVIATION_RE = re.compile(
    r"(?:莅临|来|莅|抵)([\u4e00-\u9fa5])(?=(?:实地|专题)?(?:考察|调研|视察|检查|指导|参观|督导|慰问|开展|进行|就))"
)
VILLAGE_SUFFIXES = ("社区", "村", "嘎查")  # the divisions under a town
ADMIN_SUFFIXES = (*AREA_SUFFIXES, "社区", "村", "苏木", "嘎查", "旗")  # 苏木, 嘎查, 旗: Inner Mongolia
PLACE_FEATURE_SUFFIXES = ("公园", "广场", "大街", "路", "胡同", "小区", "湖", "河")
PLACE_SUFFIXES = (*ADMIN_SUFFIXES, *PLACE_FEATURE_SUFFIXES)
ZONE_SUFFIXES = (
    "经济技术开发区",
    "经济开发区",
    "高新技术产业开发区",
    "开发区",
    "高新区",
    "工业园区",
    "产业园区",
    "工业园",
)
# A zone's part is named after its parent: "江城综合保税区北湖园区", "自由贸易试验区东山片区".
ZONE_PART_SUFFIXES = ("园区", "片区", "分区")
PARENT_ZONE_WORDS = (*ZONE_SUFFIXES, "综合保税区", "保税区", "自由贸易试验区", "自贸试验区", "自贸区")
# Words before a bare facility that still name none: "产品展厅", "企业展厅".
GENERIC_SITE_MODIFIERS = ("产品", "企业", "公司", "学校", "成果", "生产", "综合", "党建", "智能", "员工", "职工")
# Bare names of facilities and building parts: no particular place ("图书馆", "一楼展厅", "污水处理厂").
GENERIC_SITES = (
    "图书馆",
    "博物馆",
    "食堂",
    "器乐室",
    "污水处理厂",
    "火电厂",
    "电厂",
    "生态廊道",
    "城区",
    "科技园",
    "城市综合体",
    "展厅",
    "大厅",
    "中央大厅",
    "实验楼",
    "办公楼",
    "教学楼",
    "会议室",
    "调度室",
    "种植基地",
    "养殖基地",
    "生产基地",
    "指挥调度室",
    "餐厅",
    "办公场所",
    "控制室",
    "车间",
    "厂房",
    "展示馆",
    "展览馆",
    "安置房",
    "宿舍",
    "办案区",
    "功能区",
    "办公区",
    "生产区",
    "服务大厅",
    "中学",
    "小学",
    "学校",
    "医院",
    "卫生院",
    "幼儿园",
    "敬老院",
    "校园",
    "行政楼",
    "校史室",
    "校史馆",
    "荣誉室",
    "陈列室",
    "展示厅",
    "办公区域",
    "教室",  # rooms of a school already visited: "察看食堂、教室、功能室等场所"
    "功能室",
    "阅览室",
    "实验室",
    "活动室",
    # bare words for kinds of places, no name of one: "深入部分企业、工地、商场", "销往各地区"
    "地区",
    "城市",
    "农村",
    "乡村",
    "村庄",
    "商场",
    "超市",
    "市场",
    "工地",
    "工厂",
    "园区",
    "基地",
    "景区",
)
# What makes a place name part of a phrase, not a place: "中国式现代化", "中华民族".
NOT_PLACE_AFTER = ("式", "特色", "民族", "儿女", "大地", "梦")
NOT_PLACE_NAMES = ("中华", "华夏", "神州", "自治区", "招商")  # "自治区党委": the region unnamed; 招商引资
# Names ending in a place suffix that are bodies, not places ("区委" ends in "委", "街道办" is an office).
NOT_PLACE_ENDINGS = ("街道办", "区委", "市委", "县委")
PROVINCES = (
    "北京",
    "上海",
    "天津",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "中国",
)
PROVINCE_SUFFIXES = ("省", "市", "自治区")
PLACE_PREFIX_SUFFIXES = ("省", "市", "区", "县")  # a place written before an organization's name
# Counts before a name: "5家", "两所", "十余个".
NUMERAL_CHARS = "一二三四五六七八九十两几数"
COUNT_UNITS = ("家", "个", "所", "座", "处")

# --- People ------------------------------------------------------------------

# Position words that follow an organization or stand before a name.
TITLE_WORDS = (
    "党支部书记",
    "党委书记",
    "党组书记",
    "总书记",
    "书记",
    "区长",
    "市长",
    "县长",
    "州长",
    "旗长",
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
    "指挥长",
    "会长",
    "理事长",
    "馆长",
    "台长",
    "主编",
    "总编辑",
    "总工程师",
    "总经济师",
    "总会计师",
    "巡视员",
    "调研员",
    "司长",
    "署长",
    "专员",
    "参事",
    "顾问",
    "总编",
    "主任科员",
    "科员",
    "监事长",
    "董事",
    "盟长",
    "主委",
    "助理",
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
TITLE_MODIFIERS = (
    "常务副",
    "执行",
    "副",
    "相关",
    "党组",
    "党委",
    "原",
    "代",  # 代县长: acting
    "一级",
    "二级",
    "三级",
    "四级",
)  # 二级巡视员: rank
# Family names, the most frequent first (single characters, then two-character ones): a name the
# model missed after a title must start with one (县委书记霍步刚到…).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由习",
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "令狐",
)
# Words kept as titles that say too little to find a name the model missed after them ("居民安全饮水").
WEAK_TITLES = ("村民", "居民", "市民", "代表", "委员", "志愿者")
# Posts that make a title whatever follows (a weak one only with a name before it): "甲副主任陪同".
STRONG_TITLE_WORDS = tuple(w for w in TITLE_WORDS if w not in WEAK_TITLES)
# Characters of a post, not an area, at a title's head: "常务副市长".
NON_AREA_CHARS = frozenset("副务委书记")
# Posts written after a name ("甲总书记", "甲同志"): the name before them is a person's.
TITLES_AFTER_NAME = ("总书记", "同志")
# "甲、乙、丙等领导参加": the collective title written after a list of names goes to each of them.
LIST_TITLES_AFTER = ("领导", "同志", "负责人", "负责同志")
# Of those, and of the top posts news writes after a name ("甲总理"), the ones kept as the person's title.
POSTS_AFTER_NAME = ("总书记", "委员长", "总理", "主席")
# Words the model takes for names: a person is none of them.
# Characters glued after a name ("王玲都详细询问"): cut from a name of three characters or more.
NAME_TRAILING_PARTICLES = "都也还就又均亦率"  # 率: "高远率考察团", the verb of leading
# Adverbs whose first character the model glues to a name ("王明特|意到…"): cut from a name of three or more.
NAME_TRAILING_ADVERBS = ("特意", "专程", "专门", "亲自", "再次", "一同", "一起", "随即", "立即", "首先", "先后")
# Attending, not visiting: a led team that moves to attend ("率队赴杭州参加交易会") visits nothing.
ATTEND_VERBS = ("参加", "出席", "参会", "参展", "列席")
# Words inside no name: "相关部门负责同志" gives no person "门负责".
NOT_IN_PERSON_NAMES = ("负责", "同志", "部门", "我")  # 我: "来我县", a verb and a deictic place
# "村干部", "村民": the village's people, not a village named before them.
NOT_VILLAGE_AFTER = ("干部", "民", "委", "支书", "两委", "集体")
NOT_PERSON_WORDS = (
    "分别",
    "一同",
    "连日",
    "祝福",
    "班子",
    "新春",
    "两次",
    "进行",
    "情况",
    "有关",
    "相关",
    "同时",
    "期间",
)
# What follows a name the model missed after a title: punctuation or a word that stands next to names.
NAME_FOLLOWERS = (
    "一行",
    "先后",
    "到",
    "来到",
    "来",
    "赴",
    "在",
    "率",
    "带领",
    "带队",
    "深入",
    "走进",
    "走访",
    "调研",
    "考察",
    "视察",
    "察看",
    "等",
    "和",
    "与",
    "及",
    "陪同",
    "参加",
    "主持",
    "出席",
    "指出",
    "强调",
    "表示",
    "要求",
    "说",
    "的",
    "携",
)
# A post written after a name ends where one of these (or punctuation) follows: "在甲副主任陪同下", "以甲副县长为团长".
POST_AFTER_NAME_FOLLOWERS = (*NAME_FOLLOWERS, "为", "陪同下", "带领下", "率领下", "一同", "亲自", "介绍")
BYLINE_OPENERS = ("本报讯", "本报")
# Words closing a byline name ("记者甲报道", "记者 甲 摄"): not part of the name.
BYLINE_CLOSERS = ("摄影报道", "报道", "摄影", "摄")
# Credits before a byline's first role ("文/图 记者 甲"): neither a role nor a name.
BYLINE_CREDITS = ("文", "图")
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
    "撰稿",
)
# An organization's internal unit written between it and a post: "省商务厅" + "电子商务处" + "处长".
ORG_UNIT_SUFFIXES = (
    "办公室",
    "委员会",
    "分公司",
    "事业部",
    "党工委",
    "中心",
    "党委",
    "党组",
    "支部",
    "处",
    "科",
    "室",
    "股",
    "局",
    "厅",
    "部",
    "办",
    "所",
    "站",
    "委",
)
# Administrative levels and the government bodies named after them: 市委, 县政协, 镇人大 ...
ADMIN_LEVELS = ("省", "市", "县", "区", "镇", "乡", "州", "旗", "盟")
GOV_BODIES = ("人大常委会", "人大", "政府", "政协", "纪委", "监委", "党委", "委")
# A level-named office before a post (县农业农村局局长), when the model missed the office.
OFFICE_SUFFIXES = ("办公室", "委员会", "中心", "局", "委", "办", "厅", "院", "站", "所", "馆")
# Characters after which a title may start (a clause edge, a list, a preposition or verb ending).
TITLE_LEFT_EDGES = "、和与及同由在对向请为是的"
PRONOUNS = ("他", "她", "他们", "她们")
PRONOUN_FOLLOWERS = ("一行", "先后", "还", "又", "随后", "也")  # "他一行来到", "她随后走访"
# Joiners of a list of people: "孟景伟、张锋和李明".
LIST_JOINERS = ("、", "以及", "和", "与", "及")  # 以及 before 及: the longer word first
# Nouns after an organization that name a group of its people ("政协委员"): companions, no place visited.
MEMBER_NOUNS = ("委员", "代表", "干部", "职工", "党员", "员工", "负责人", "工作人员", "专家", "师生", "人员", "领导")

# --- Verbs -------------------------------------------------------------------

VISIT_VERBS = (
    "调研",
    "察看",
    "查看",
    "走访",
    "考察",
    "视察",
    "参观",
    "慰问",
    "看望",
    "探望",
    "来到",
    "走进",
    "到访",
    "参访",
    "拜访",
    "督导",
    "检查指导",
    # Traditional forms, for Hong Kong/Taiwan copy and mixed-script pages
    "調研",
    "走訪",
    "視察",
    "參觀",
    "慰問",
    "來到",
    "走進",
    "到訪",
)
# "参加调研", "陪同考察": the people named are companions, not the visitor.
COMPANION_VERBS = ("参加", "参与", "陪同", "随同")
# "调研活动", "调研团队", "调研中": the visit verb used as a noun names no visit.
VISIT_NOUN_USES = ("活动", "工作", "报告", "成果", "团队", "组", "团", "中", "课题", "完毕", "结束", "期间", "之后")
# "此次考察旨在…", "通过考察": the verb as a noun, after these words.
VISIT_NOUN_BEFORE = ("此次", "这次", "本次", "该次", "通过", "经过")
# Verbs that stand next to names, besides the two-character visit verbs: a span that
# swallowed one of their characters ("孟景伟察|看", "视|察城市") is cut back to the name.
NAME_ADJACENT_VERBS = (
    "表示",
    "指出",
    "强调",
    "介绍",
    "认为",
    "要求",
    "参加",
    "出席",
    "主持",
    "会见",
    "带队",
    "一行",
    "先后",
    "带领",
    "深入",
    "前往",
    "率队",
)
# Verbs whose object is a place, which the model reads into the place's name ("建设洪湖", "助力滨江").
PLACE_OBJECT_VERBS = ("建设", "打造", "助力", "服务", "振兴", "发展", "投资", "扎根", "落户", "深耕", "回报", "宣传")
# "该企业", "企业": the firm named first in the paragraph.
FIRM_ANAPHORS = ("该企业", "该公司", "该厂", "企业", "公司")
PARTNER_VERBS = ("结对", "共建", "合作", "签约", "签署", "携手", "联建", "结为", "牵手", "战略协议")
PARTNER_LINKS = ("与", "和", "同", "跟", "及")
LOCATED_VERBS = ("位于", "坐落于", "地处", "落户", "落户于", "坐落在", "设在")
LOCATED_BEFORE_DE = ("位于", "地处", "坐落于", "设在")  # "位于张家湾镇的天纳克"
# --- Dates (newskg/names/dates.py) --------------------------------------------

# A year of plans, before or after "YYYY年": no sign of when the article was written.
PLAN_BEFORE_YEAR = ("谋划", "计划", "规划", "力争", "预计", "争取", "展望", "确保")  # a few characters before
PLAN_AFTER_YEAR = ("前", "底前", "远景", "规划", "计划")
# Relative days, as offsets from the publication date.
RELATIVE_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "昨晚": -1, "今天": 0, "今日": 0}
SAME_DAY_WORDS = ("当天", "当日")  # the day in force
# Vague days: the publication date stands in, marked approximate.
APPROX_DAY_WORDS = ("近段时间", "连日来", "前不久", "不久前", "近日", "日前", "近期")
# Characters before 日前 that make it "N days ago" or a holiday eve, not "recently": 节日前夕, 两日前.
NOT_APPROX_BEFORE = "节假生数几两三多个十"
# Labels of a page header's date ("发布时间:2021-08-03 10:15", "日期:2016-05-20").
DATE_LINE_LABELS = (
    "发布时间",
    "发布日期",
    "发表时间",
    "发表日期",
    "更新时间",
    "更新日期",
    "刊发时间",
    "出版日期",
    "时间",
    "日期",
    "published",
    "date",
    "time",
)
# What else a page header line carries: source, author, editor, counters, font-size links.
HEADER_META_WORDS = (
    "信息来源",
    "文章来源",
    "发布机构",
    "发布单位",
    "责任编辑",
    "浏览次数",
    "点击数",
    "阅读量",
    "访问量",
    "来源",
    "稿源",
    "作者",
    "编辑",
    "浏览",
    "点击",
    "阅读",
    "字号",
    "打印",
    "分享",
    "关闭",
    "供稿",
    "审核",
    "签发",
    "星期",
    "出处",
)
WEEKDAY_WORDS = ("星期", "礼拜", "周")
# Labels of the publisher in a page header ("来源:利州发布") and the endings of a publisher's name.
SOURCE_LABELS = ("信息来源", "文章来源", "来源", "稿源", "出处")
# A dateline opening the text: "福鼎新闻网讯(…)", "滨州日报/滨州网讯", "东北网伊春9月29日电", "红网时刻10月24日讯".
DATELINE_RE = re.compile(
    r"^[\s【\[]*((?:[\u4e00-\u9fa5A-Za-z]{2,14}/)*[\u4e00-\u9fa5A-Za-z]{2,14}?)(?:时刻)?(?:\d{1,2}月\d{1,2}日)?[讯电]"
)
# A dateline's day inside a span ("某某客户端6月26日讯"): no name of a visited place holds one.
DATELINE_DAY_RE = re.compile(r"\d{1,2}月\d{1,2}日[讯电]")
PUBLISHER_SUFFIXES = (*MEDIA_SUFFIXES, "新闻网", "网", "报", "发布", "公众号", "客户端", "新媒体中心", "云")
PUBLISHER_NAME_RE = re.compile(r"[\u4e00-\u9fa5A-Za-z]{1,14}?(?:" + _alt(PUBLISHER_SUFFIXES, longest_first=True) + ")")
# Second day of a span: "7月8日至9日", "3月14日、15日".
DAY_RANGE_JOINERS = ("——", "至", "到", "—", "－", "-", "~", "～", "、", "和")
# Festival days by the lunar calendar: (lunar month, lunar day, days after it). 除夕 is the day before
# the lunar new year, whatever the length of the twelfth month.
LUNAR_FESTIVALS = {
    "大年三十": (1, 1, -1),
    "年三十": (1, 1, -1),
    "除夕": (1, 1, -1),
    "大年初一": (1, 1, 0),
    "正月初一": (1, 1, 0),
    "年初一": (1, 1, 0),
    "春节": (1, 1, 0),
    "元宵节": (1, 15, 0),
    "正月十五": (1, 15, 0),
    "端午节": (5, 5, 0),
    "中秋节": (8, 15, 0),
    "重阳节": (9, 9, 0),
    "腊八": (12, 8, 0),
    "小年": (12, 23, 0),
}
# "正月初三", "大年初五", "年初二": the Nth day of the lunar new year.
LUNAR_NEW_YEAR_DAY_PREFIXES = ("正月初", "大年初", "年初")
SOLAR_FESTIVALS = {
    "元旦": (1, 1),
    "妇女节": (3, 8),
    "植树节": (3, 12),
    "劳动节": (5, 1),
    "儿童节": (6, 1),
    "建军节": (8, 1),
    "教师节": (9, 10),
    "国庆节": (10, 1),
}
# Festivals that name a stretch of days, not one: the day is approximate.
FESTIVAL_PERIODS = ("春节", "小年")
# After a festival: the days before it ("春节前夕"), or around it ("春节期间"): approximate.
FESTIVAL_BEFORE_WORDS = ("前夕", "来临之际", "到来之际", "即将到来", "前")
FESTIVAL_AROUND_WORDS = ("期间", "假期", "之际", "当天", "这天")
# Weeks and months counted from the publication date: "上周五", "本月12日", "上月28日".
WEEK_WORDS = {"上周": -1, "上星期": -1, "上个星期": -1, "本周": 0, "这周": 0, "本星期": 0}
MONTH_WORDS = {"上月": -1, "上个月": -1, "本月": 0, "这个月": 0}
# Movement words that make a date the day of a trip ("12月19日区长到…"), besides VISIT_VERBS.
TRIP_MOVES = ("前往", "莅临", "率队", "带队", "实地", "深入", "检查", "赴", "到")
# A date read as a start point or deadline is background: "3月5日以来", "截至12月15日".
# "9月29日电", "3月11日讯": the dispatch day of a dateline, not the day of what the text reports.
DATE_BACKGROUND_AFTER = (
    "开始实施",
    "以来",
    "之前",
    "以前",
    "之后",
    "为止",
    "截止",
    "前后",
    "起",
    "前",
    "后",
    "止",
    "讯",
    "电",
)
# Words before a day that say something happened on it: "于3月2日至4日期间走访…".
ON_DAY_WORDS = ("在", "于")
DATE_BACKGROUND_BEFORE = ("截止到", "截至", "截止", "预计", "计划", "将于", "定于", "自", "从")

# --- Visits (newskg/extract/visits.py; the constructions are catalogued in docs/visits.md) ---
# Verbs that name a visit by themselves: "走访了A", "察看B", "来到C".
VISIT_DIRECT_VERBS = (
    *(v for v in VISIT_VERBS if v != "检查指导"),
    "走入",
    "督查",
    "检查",
    "抽查",
    "观摩",
    "巡查",
    "暗访",
    "踏勘",
    "莅临",
    "深入到",
    "深入",
)
# Verbs of movement that name a visit only with a purpose ("到A调研") or inside a trip.
MOVE_VERBS = ("前往", "赶赴", "奔赴", "抵达", "赴", "到", "来")
FRAMING_VERBS = ("莅临", "深入到", "来到", "走进")  # movement verbs whose object is the visited place
PURPOSE_VERBS = (
    "调研",
    "参访",
    "学习借鉴",
    "巡查",
    "巡河",
    "巡视",
    "暗访",
    "考察",
    "检查",
    "督导",
    "督查",
    "慰问",
    "看望",
    "观摩",
    "视察",
    "调度",
    "指导",
    "参观",
    "走访",
    "察看",
    "查看",
    "巡查",
    "暗访",
    "了解",
    "調研",
    "視察",
)
# 达到, 受到, 看到, 落到实处 ... are no movement
NOT_MOVE_BEFORE = "达受得看感想提做遇直收找回报迟等听见谈说学办考拿落送用伸转传放摆搬推迁返"
# 了解到, 认识到, 注意到, 体会到, 延伸到, 辐射到, 提升到, 推广到: a reach, no movement (whole words:
# 特意到 and 集体到 are movements).
REACH_BEFORE_MOVE = (
    "了解",
    "认识",
    "意识",
    "注意",
    "体会",
    "感受",
    "延伸",
    "辐射",
    "提升",
    "推广",
    "增加",
    "降低",
    "扩大",
)
# Words before a movement in its clause that make it someone else's errand: "要求各乡镇干部到A村开展…".
ERRAND_WORDS = ("要求", "组织", "安排", "督促", "号召", "鼓励", "引导", "动员")
# An invitation before a movement: the guests' visit, to come ("期待各位客商来白沙县参观考察").
INVITATION_WORDS = ("期待", "欢迎", "诚邀", "邀请", "希望")
# 到位, 到期, 到底, 到来, 到岗到人 ...
NOT_MOVE_AFTER = ("位", "期", "底", "时", "了", "点", "今", "来", "岗", "人", "处", "目前", "现在")
# "来" moves ("来我县调研", "前来考察", "来宜城考察") except in 原来, 以来, 带来, 来自, 来说 ...
NOT_COME_BEFORE = "原以未起出带将后本近向从一回过下上进到由外历素看想用说此归迎再如年月日天"
NOT_COME_AFTER = ("自", "说", "看", "源", "信", "电", "讲", "临", "往", "讯", "稿", "件", "的", "了", "越", "年")
# Words before a visit verb that make it a plan, not a visit: "将到唐山考察", "拟赴…调研".
FUTURE_WORDS = ("将于", "将要", "即将", "将", "拟", "计划", "准备", "打算", "定于")
# 深入 before these is "thoroughly", no movement: "深入贯彻…战略", "深入推进…".
NOT_DEEP_AFTER = (
    "贯彻", "推进", "推动", "学习", "开展", "实施", "落实", "研究", "分析", "交流", "了解", "思考", "挖掘",
    "探讨", "探索", "宣传", "整治", "排查", "剖析", "领会", "理解", "参与", "融合", "人心", "人民", "群众",
)  # fmt: skip
# Words right before a movement that deny or forbid it: "非必要不前往", "避免前往", "暂停赴…".
NEGATION_WORDS = ("不", "勿", "避免", "禁止", "严禁", "暂停", "取消", "无需")
# Words right before a movement that make it a led trip, with or without a purpose: "带队到我县", "率团赴…".
MOVE_LEAD_WORDS = ("带队", "率队", "率团", "一行")
# Verbs of a purpose that take the visited place as their object right after a visit verb ("考察对接恒通集团"),
# and end the place otherwise ("到我县对接协作工作").
JOINT_OBJECT_VERBS = ("对接", "洽谈")
# "到A开展/进行…巡河": a purpose carried out there, its verb a few words on.
CARRY_OUT_VERBS = ("开展", "进行")
# Words that end the target region after a visit verb: its purpose or manner.
TARGET_STOP_WORDS = (
    *PURPOSE_VERBS,
    *JOINT_OBJECT_VERBS,
    "进行",
    "开展",
    "实地",
    "现场办公",
    "现场",
    "就",
    "围绕",
    "听取",
    "详细",
    "看",
    "召开",
    "出席",
    "参加",
    "并",
    "时",
    "期间",
    "以来",
)
# A closing noun types every item of the list before it: "A、B和C等企业".
LIST_CLOSING_NOUNS = (
    "企业",
    "公司",
    "单位",
    "项目",
    "园区",
    "产业园",
    "村",
    "社区",
    "地",
    "处",
    "乡镇",
    "镇",
    "学校",
    "中小学",
    "医院",
    "场所",
    "点位",
    "基地",
    "景区",
    "站点",
    "网点",
    "门店",
    "工地",
    "部门",
    "机构",
)
CLOSING_ORG_NOUNS = ("企业", "公司", "单位", "学校", "医院", "部门", "机构", "门店", "网点")
# Closing nouns that say nothing of the type ("A、B等地"): an item without a typing suffix is a firm's name.
CLOSING_ANY_NOUNS = ("地", "处", "场所", "点位")  # the rest type their items as places
SITE_PART_MODIFIERS = ("项目", "施工", "建设", "生产", "总装")
SITE_PARTS = (
    "现场",
    "车间",
    "工地",
    "一线",
    "生产线",
    "办公地点",
    "厂区",
    "项目点",
    "建设点",
    "项目",
)  # "A生产车间" is a visit to A
VILLAGE_LABEL_WORDS = ("示范", "乡村", "振兴", "协作", "美丽", "文明", "建设")
# Sectors listed before 等企业 ("深入矿产、食品、农业等企业"): kinds of firm, no firm of their own.
SECTOR_WORDS = (
    "矿产", "矿业", "食品", "农业", "医药", "生物医药", "化工", "纺织", "服装", "建材", "机械", "电子", "物流",
    "能源", "新能源", "材料", "新材料", "冶金", "钢铁", "家具", "制造", "装备制造", "商贸", "旅游", "文旅",
    "金融", "餐饮", "零售", "汽车", "建筑", "造纸", "电商", "光伏", "中医药", "养殖", "种植", "加工", "环保",
    "医疗", "教育", "文化", "科技", "信息", "软件", "通信", "交通", "运输", "仓储", "印刷", "包装", "陶瓷",
)  # fmt: skip
# Stages of work in a firm ("察看了组装、检测等环节"): no place.
WORK_WORDS = ("组装", "装配", "检测", "研发", "销售", "安装", "维修", "调试")
# Heads of list items that name no particular place: "各企业", "困难群众", "深入交流".
VISIT_GENERIC_HEADS = (
    "各",
    "外地",  # "赴外地考察学习": somewhere else, no place named
    "异地",
    "外省",
    "每个",
    "每一",
    "有关",
    "相关",
    "部分",
    "重点",
    "困难",
    "基层",
    "一线",
    "该",
    "其",
    "辖区",
    "全区",
    "全市",
    "全县",
    "全镇",
    "农村",
    "当地",
    "多家",
    "多个",
    "企业",
    "公司",
    "项目",
    "乡镇",
    "村",
    "社区",
    "群众",
    "党员",
    "生产",
    "工作",
    "情况",
    "现场",
    "车间",
    "周边",
    "沿线",
    "市场",
    "一些",
    "几家",
    "这",
    "那",
    "此",
    "交流",
    "学习",
    "了解",
    "研究",
    "推进",
    "指导",
    "座谈",
    "对接",
    "实施",
    "贯彻",
    "落实",
    "服务",
    "调查",
    "摸底",
    "挖掘",
    "思考",
    "推动",
    "实际",
    "一步",
)
NOT_NAME_ENDINGS = ("年", "月", "日", "时")  # "在2024年,": a time, not a place
# Endings of list items that name no visited place: a person's home, a topic, a state of affairs.
NOT_TARGET_ENDINGS = (
    "家中",
    "家里",
    "身边",
    "情况",
    "问题",
    "方面",
    "领域",
    "形势",
    "精神",
    "要求",
    "部署",
    "实处",
    "体制",
    "机制",
    "模式",
    "制度",
    "理念",
    "思路",
    "路子",
    "经验",
    "做法",
    "举措",
    "措施",
    "政策",
    "成果",
    "成效",
    "水平",
    "能力",
    "万户",
    "工作",
    "场地",
    "设施",
    "设备",
    "环境",
)
# Words that make a list item a clause, not a name: "模式等方面走出一条新路子", "为项目建设解决困难".
CLAUSE_WORDS = (
    "等方面",
    "一条",
    "走出",
    "推动",
    "推进",
    "加快",
    "实现",
    "提升",
    "进一步",
    "解决",
    "做好",
    "发挥",
    "确保",
    "当天",
    "连夜",
    "闭幕",
    "开幕",
    "召开",
    "会议",
)
# Particles that end no person name: "在郭梅的陪同下" holds the name 郭梅.
NOT_PERSON_ENDINGS = ("的", "之", "和", "与", "及", "等", "在")
# Suffixes of visited sites that the name rules leave untyped.
SITE_PLACE_SUFFIXES = (
    "园",
    "城",
    "景区",
    "小镇",
    "馆",
    "站",
    "港",
    "工程",
    "农场",
    "牧场",
    "码头",
    "水库",
    "大桥",
    "遗址",
    "片区",
    "新区",
    "苑",
    "街",
    "桥",
    "住宅区",
)
# "会展中心周边的美丽田园": a phrase of where before the name of a site.
LOCATIVE_DE = ("周边的", "附近的", "旁边的", "一侧的", "对面的", "境内的", "辖区内的")
# A branch in brackets after a firm's name is part of it: "某某超市(新城旗舰店)", "某某银行(城东支行)".
BRANCH_SUFFIXES = ("店", "分公司", "分厂", "支行", "分行", "校区", "院区", "分院", "分部", "项目部")
# A unit named after a verb ("调度室", "检查站", "教育督导室", "调研基地"): the verb is part of a name there.
UNITS_AFTER_VERB = ("室", "站", "所", "处", "科", "办", "基地", "中心")
# "项目施工现场", "建设工地": the site of the work is part of a listed name, not where the list stops.
SITE_AT_WORK = ("现场", "工地")
WORK_BEFORE_SITE = ("施工", "建设")
SITE_ORG_SUFFIXES = ("合作社", "中心", "工作站", "服务站", "超市", "市场", "养老院", "敬老院")
# The paper's own place or body: "我区", "我县", "我公司" (see newskg/extract/home.py).
HOME_PLACE_WORDS = ("我区", "我市", "我县", "我镇", "我乡", "我街道", "我村", "我省", "我旗", "我州", "我盟")
HOME_WORDS = (*HOME_PLACE_WORDS, "我院", "我校", "我公司", "我厂", "我集团")
DELEGATION_NOUNS = (
    "考察团",
    "调研组",
    "督导组",
    "代表团",
    "参访团",
    "观摩团",
    "检查组",
    "调研团",
    "访问团",
    "慰问组",
    "慰问团",
    "督查组",
    "巡查组",
    "视察组",
    "考察组",
    "指导组",
    "巡视组",
    "暗访组",
    "评估组",
    "验收组",
    "工作组",
    "交流团",  # "考察交流团", "学习交流团"
    "学习团",
)
# Words before a group noun that do not say whose group it is: "县考察团", "党政代表团", "第三巡查组"
# are generic; "江城市党政代表团", "省政协调研组" are named.
DELEGATION_MODIFIERS = (
    "安全生产",
    "企业家",
    "党政",
    "经贸",
    "政府",
    "联合",
    "专项",
    "工作",
    "考察",
    "调研",
    "代表",
    "检查",
    "合作",
    "学习",
    "交流",
    "观摩",
    "商务",
    "招商",
    "督导",
    "督查",
    "巡查",
    "综合",
    "专题",
    "参观",
    "慰问",
    "我们",
)
DELEGATION_NOT_AFTER = ("队", "员", "长")  # "调研团队", "考察团员": no group noun
# Where a group's name ends on its left: a leader verb, a particle, a preposition.
DELEGATION_LEFT_STOPS = (
    "考察中",
    "调研中",
    "期间",
    "给",
    "把",
    "被",
    "使",
    "跟",
    "率领",
    "率队",
    "带领",
    "带队",
    "组织",
    "率",
    "携",
    "由",
    "的",
    "、",
    "和",
    "与",
    "及",
    "对",
    "在",
    "赴",
    "到",
    "了",
    "见",
    "是",
    "同",
    "向",
    "为",
    "随",
    "请",
    "让",
)
# Subjects that continue the trip of the last named visitor.
GROUP_SUBJECTS = (*PRONOUNS, "一行人", "一行", *DELEGATION_NOUNS)
TRIP_OPENERS = (
    "首先",
    "随后",
    "接着",
    "紧接着",
    "然后",
    "之后",
    "最后",
    "其后",
    "此后",
    "又",
    "还",
    "每到一处",
    "离开",
)
LEADER_VERBS = ("率领", "率队", "率", "带领", "带队", "携")
LEADER_NOT_AFTER = ("先", "手")  # 率先 (first), 携手 (together): no one leads
SEPARATELY = "分别"  # "甲、乙分别到X、Y": each to one, in order; "分别率队": each on a trip of their own
GROUP_AFTER_NAME = ("一行", "等")  # "甲一行", "甲等县领导": the group the named one leads
TEAM_WORDS = ("团队", "队伍", "一行")  # "A医院的调研团队来到B": an organization's team, the organization visits
# Clauses that report a meeting, not a visit.
NOT_VISIT_WORDS = (
    "会见",
    "会谈",
    "出席",
    "签约",
    "签署",
    "发布会",
    "座谈会",
    "主持召开",
    "主持",
    "致辞",
    "讲话",
    "会议",
    "通报",
    "举行",
)
WITH_VERBS = ("陪同", "陪伴")  # "在X的陪同下": X comes along
HOST_VERBS = ("会见", "接待", "迎接", "会谈")
GUEST_NOUNS = ("客商", "客人", "嘉宾", "来宾", "企业家", "投资者", "朋友", "代表团", "考察团", "一行", "人员")
ALWAYS_COMPANION_VERBS = ("陪同", "随同")  # whoever does these is a companion, even a visitor's equal
LEAD_UNDER_VERBS = ("率领", "带领", "带队", "率队")  # "在X的带领下": X leads
LEAD_AS_WORDS = ("组长", "团长", "领队", "带队")  # "以X为组长的督查组": X leads
HOST_OBJECT_BEFORE = "向为给对"  # "向甲介绍": 甲 is told, the host is the one before
# Companions and receivers: they come along or host, they do not visit.
COMPANION_WORDS = (*COMPANION_VERBS, "一同", "接待", "介绍", "汇报", "讲解")
# Verbs of looking: after a stop ("在A,查看了B"), what they look at is a part of A, no place of its own.
LOOK_VERBS = ("察看", "查看", "观看", "参观", "检查", "抽查", "视察", "看望", "慰问")
STOP_ACTIVITY_VERBS = ("观看", "察看", "查看", "参观", "了解", "听取", "考察", "调研", "详细", "认真", "实地", "仔细")
STOP_NOT_PLACE_ENDS = ("上", "中", "下", "时", "后", "期间", "会", "里", "方面", "过程", "前", "之际", "以来")
ARRIVAL_VERBS = (*MOVE_VERBS, "莅临", "深入")  # their purpose, when one follows, is the relation's verb

# --- Regexes derived from the lists ------------------------------------------

# A title ending where a name starts: "区委" + "常务副" + "书记" (longest words first).
TITLE_END_RE = re.compile(
    "(?P<prefix>" + _alt(GOV_PREFIXES, longest_first=True) + ")?"
    "(?P<mod>" + _alt(TITLE_MODIFIERS) + ")?"
    "(?P<word>" + _alt(TITLE_WORDS, longest_first=True) + ")$"
)
# A title that opens a person span: "区委书记孟景伟".
# The post words of a title, for "孙书记" (family name + post): longest first.
TITLE_WORD_RE = re.compile(_alt((w for w in TITLE_WORDS if w not in WEAK_TITLES), longest_first=True))
TITLE_START_RE = re.compile(
    "^(?:" + _alt(GOV_PREFIXES, longest_first=True) + ")?"
    "(?:" + _alt(TITLE_MODIFIERS) + ")?"
    "(?:" + _alt(TITLE_WORDS, longest_first=True) + ")"
)
REPORTER_RE = re.compile(
    "(?:"
    + _alt(BYLINE_OPENERS)
    + r")?[(（]\s*((?:(?:"
    + _alt(BYLINE_ROLES)
    + r")[\s:：]*[\u4e00-\u9fa5·\s、,，]+)+)[)）]"
)
GENERIC_ORG_RE = re.compile(
    "^(?:" + _alt(GENERIC_ORG_HEADS) + ")|^(?:(?:" + _alt(FIRM_UNIT_KINDS) + ")中心|" + _alt(FIRM_UNITS) + ")$"
)
# Two-character verbs at a span edge.
# A name right after a title, the model having missed it: a family name, one or two more characters,
# then punctuation or a word that follows names.
NAME_AFTER_TITLE_RE = re.compile(
    "(?:(?:"
    + _alt((w for w in TITLE_WORDS if w not in WEAK_TITLES), longest_first=True)
    + "))((?:["
    + SURNAMES[0]
    + "]|"
    + _alt(SURNAMES[1:])
    + r")[\u4e00-\u9fa5]{1,3}?)(?=[,，、。;；:：(（]|"
    + _alt(NAME_FOLLOWERS, longest_first=True)
    + ")"
)
NAME_BEFORE_TITLE_RE = re.compile(
    "((?:[" + SURNAMES[0] + "]|" + _alt(SURNAMES[1:]) + r")[\u4e00-\u9fa5]{1,2}?)(?:" + _alt(TITLES_AFTER_NAME) + ")"
)
SURNAME_START_RE = re.compile("(?:[" + SURNAMES[0] + "]|" + _alt(SURNAMES[1:]) + ")")
VERB_EDGE_RE = re.compile(_alt((*(v for v in VISIT_VERBS if len(v) == 2), *NAME_ADJACENT_VERBS, *COMPANION_VERBS)))
# A village or community named at the head of a longer phrase ("桃源村" in "桃源村美丽乡村建设");
# "乡村" (the countryside) is no village name.
VILLAGE_HEAD_RE = re.compile(
    r"(?:[\u4e00-\u9fa5]{2,4}?(?:县|镇|乡|街道))?[\u4e00-\u9fa5]{1,3}?(?<!乡)(?:村|社区)(?=[\u4e00-\u9fa5])"
)  # "白马铺镇王畔村…": the town it is in may come first
# Words of a label after a village's name ("关良村东西部协作乡村振兴示范村"): the village is the target.
VILLAGE_LABEL_RE = re.compile(_alt(VILLAGE_LABEL_WORDS))
# A development zone written right after a place the model cut short ("江城" + "经济开发区").
NEW_AREA_SUFFIX = "新区"  # a district of its own (滨海新区), written after a name the model may take alone
ZONE_AFTER_RE = re.compile(_alt(ZONE_SUFFIXES, longest_first=True))
# A short name and an industry word right after it: a firm the model cut and took for a place ("兵谷" + "科技").
FIRM_AFTER_RE = re.compile(
    r"[\u4e00-\u9fa5]{2,4}?(?:" + _alt(FIRM_ENDINGS, longest_first=True) + r")(?![\u4e00-\u9fa5])"
)
NOT_PLACE_AFTER_RE = re.compile(_alt(NOT_PLACE_AFTER, longest_first=True))
FIRM_ENDING_RE = re.compile("[\u4e00-\u9fa5A-Za-z]{2,}(?:" + _alt(FIRM_ENDINGS, longest_first=True) + ")$")
GENERIC_SITE_RE = re.compile(
    r"(?:[一二三四五六七八九十\d]+楼)?(?:"
    + _alt(GENERIC_SITE_MODIFIERS)
    + ")?(?:"
    + _alt(GENERIC_SITES, longest_first=True)
    + ")"
)
PLACE_OBJECT_VERB_RE = re.compile(_alt(PLACE_OBJECT_VERBS))
COUNT_HEAD_RE = re.compile(r"(?:\d+|[" + NUMERAL_CHARS + "]+)余?(?:" + _alt(COUNT_UNITS) + ")")
# A legal form right after an organization span (longest first).
LEGAL_FORM_AFTER_RE = re.compile("(?:股份)?(?:" + _alt(LEGAL_FORMS, longest_first=True) + ")")
# The legal form ending a name, with a group word before it ("集团有限公司").
LEGAL_FORM_END_RE = re.compile("(?:集团)?(?:" + _alt(LEGAL_FORMS, longest_first=True) + ")$")
INDUSTRY_END_RE = re.compile("(?:" + _alt(INDUSTRY_WORDS) + ")+$")
ADMIN_SUFFIX_RE = re.compile("(?:" + _alt(ADMIN_SUFFIXES) + ")")
ADMIN_SUFFIX_END_RE = re.compile("(?:" + _alt(ADMIN_SUFFIXES) + ")$")
# Places written before an organization's name: "北京市", "通州区".
PLACE_PREFIX_RE = re.compile(
    r"^(?:(?:"
    + _alt(PROVINCES)
    + ")(?:"
    + _alt(PROVINCE_SUFFIXES)
    + r")?|[\u4e00-\u9fa5]{2,3}(?:"
    + _alt(PLACE_PREFIX_SUFFIXES)
    + "))+"
)
# Common words that end like an area name (城市, 社区, 新区): no county, city or district of their own.
AREA_WORD_ENDINGS = (
    "城市", "都市", "超市", "门市", "上市", "股市", "夜市", "集市", "市区", "县区", "社区", "园区", "小区",
    "景区", "城区", "街区", "新区", "片区", "辖区", "山区", "灾区", "矿区", "校区", "厂区", "港区", "湾区",
    "库区", "牧区", "林区", "垦区", "老区", "郊区", "地区", "专区", "省市", "市县", "范区", "贸区", "税区",
    "验区", "作区", "能区", "聚区", "业区", "济区", "发区",
)  # fmt: skip
# A place span of a district, county or town and a village or community in it ("南湖新区长檀社区").
VILLAGE_IN_AREA_RE = re.compile(r"^([\u4e00-\u9fa5]{2,10}?(?:区|县|镇|乡|街道))([\u4e00-\u9fa5]{2,6}(?:村|社区))$")
# The last verb or preposition before a bracketed firm name ("来到中船(天津)…"): where its name begins.
PAREN_LEFT_STOP_RE = re.compile(r".*(?:在|到|进|入|访|往|赴|察|研|观)")
# The areas an organization's name or a title opens with: "四平市铁西区人民政府" -> 四平市, 铁西区.
LEADING_AREA_RE = re.compile(r"[\u4e00-\u9fa5]{2,3}?(?:省|市|县|区)")
# "台湖镇光机电一体化产业基地": an area name, then the rest of the place's name.
PART_OF_PREFIX_RE = re.compile(r"^(.{2,8}?(?:" + _alt(AREA_SUFFIXES) + r"))(.{2,})$")
VISIT_RE = re.compile(_alt(VISIT_VERBS))
COMPANION_RE = re.compile(_alt(COMPANION_VERBS))
VISIT_NOUN_USE_RE = re.compile(_alt(VISIT_NOUN_USES))
VISIT_NOUN_BEFORE_RE = re.compile("(?:" + _alt(VISIT_NOUN_BEFORE) + ")$")
MEMBER_RE = re.compile(_alt(MEMBER_NOUNS))
FIRM_ANAPHOR_RE = re.compile("^了?(" + _alt(FIRM_ANAPHORS) + ")")
PRONOUN_RE = re.compile("(" + _alt(PRONOUNS) + ")(?:" + _alt(PRONOUN_FOLLOWERS) + ")?$")
PARTNER_RE = re.compile(_alt(PARTNER_VERBS))
PARTNER_LINK_RE = re.compile(r"^\s*(?:" + _alt(PARTNER_LINKS) + r")\s*$")
LOCATED_RE = re.compile(r"^\s*(?:" + _alt(LOCATED_VERBS) + r")\s*$")
# The place a location verb names, up to the punctuation after it: "位于漷县镇。".
LOCATED_PLACE_RE = re.compile(
    "(?:" + _alt(LOCATED_VERBS) + ")([\u4e00-\u9fa5]{1,8}?(?:" + _alt(ADMIN_SUFFIXES) + "))(?![\u4e00-\u9fa5])"
)
# Where a whole address ("浙江省温州市") is cut into one place per level (NER training data).
ADDRESS_CUT_RE = re.compile(r"(?<=..)(?:" + _alt((*AREA_SUFFIXES, "自治区")) + r")(?=.{2,})")
# Visits (newskg/extract/visits.py).
TRIGGER_RE = re.compile(_alt((*VISIT_DIRECT_VERBS, *MOVE_VERBS), longest_first=True))
PURPOSE_RE = re.compile(_alt(PURPOSE_VERBS))
NOT_MOVE_AFTER_RE = re.compile(r"[\d" + NUMERAL_CHARS + "零〇]|" + _alt(NOT_MOVE_AFTER))
FUTURE_BEFORE_RE = re.compile(_alt(FUTURE_WORDS, longest_first=True))
NEGATION_BEFORE_RE = re.compile("(?:" + _alt(NEGATION_WORDS, longest_first=True) + ")$")
MOVE_LEAD_BEFORE_RE = re.compile(
    "(?:" + _alt(MOVE_LEAD_WORDS) + r")(?:[\d" + NUMERAL_CHARS + r"]+人)?[,，]?\s*(?:专程|专门|再次|首次)?$"
)
TARGET_STOP_RE = re.compile(_alt(TARGET_STOP_WORDS, longest_first=True))
# "…等企业的一线职工": the people of the listed places, whom a 慰问 visits there.
LIST_PEOPLE_NOUNS = (*MEMBER_NOUNS, "工人", "建设者", "群众", "家属")
LIST_CLOSING_RE = re.compile(
    r"(?:等|[的这]?(?:[\d" + NUMERAL_CHARS + r"]+|多)(?:" + _alt(COUNT_UNITS) + r"))[\u4e00-\u9fa5]{0,6}?"
    "(" + _alt(LIST_CLOSING_NOUNS, longest_first=True) + ")"
    r"(?:的[\u4e00-\u9fa5]{0,4}?(?:" + _alt(LIST_PEOPLE_NOUNS, longest_first=True) + "))?$"
)
LIST_CLOSING_NOUN_RE = re.compile(_alt(LIST_CLOSING_NOUNS, longest_first=True))
# "A、B等项目建设": the work after a list's closing noun, no part of the list.
LIST_TAIL_WORK_RE = re.compile("(" + _alt(LIST_CLOSING_NOUNS, longest_first=True) + ")(?:建设|施工)$")
# "会展中心周边的", "位于新区的": where the name that follows is; the name alone is the stop.
LOCATIVE_DE_RE = re.compile(".*(?:" + _alt(LOCATIVE_DE) + "|(?:" + _alt(LOCATED_BEFORE_DE) + ")[^、,，的]{1,12}的)")
LIST_WORD_JOINER_RE = re.compile(_alt(w for w in LIST_JOINERS if w != "、"))  # 和/与/及 inside a list item
SITE_PART_RE = re.compile(
    "(?:的)?(?:(?:" + _alt(SITE_PART_MODIFIERS) + ")*(?:" + _alt(SITE_PARTS, longest_first=True) + "))+$"
)
SECTOR_RE = re.compile("(?:" + _alt((*SECTOR_WORDS, *WORK_WORDS), longest_first=True) + ")+")
VISIT_GENERIC_RE = re.compile("^(?:" + _alt(VISIT_GENERIC_HEADS, longest_first=True) + ")")
HOME_RE = re.compile(_alt(HOME_WORDS, longest_first=True))
GROUP_SUBJECT_RE = re.compile(_alt(GROUP_SUBJECTS, longest_first=True))
DELEGATION_NOUN_RE = re.compile(_alt(DELEGATION_NOUNS, longest_first=True))
DELEGATION_MODIFIER_RE = re.compile(
    r"(?:[" + "".join(ADMIN_LEVELS) + "]|第[" + NUMERAL_CHARS + r"\d]+|" + _alt(DELEGATION_MODIFIERS) + ")+"
)
DELEGATION_LEFT_STOP_RE = re.compile("(?:" + _alt(DELEGATION_LEFT_STOPS) + ")$")
# Departments named without their body ("组织部", "县委办"): generic, like the bodies named by a level alone.
GENERIC_DEPARTMENTS = (
    "组织部",
    "统战部",
    "宣传部",
    "政法委",
    "办公室",
    "委办",
    "府办",
    "人武部",
    "财经委",
    "总工会",
    "管委会",
    "工委",
    "董事局",
    "董事会",
)
# Government bodies named by a level alone ("市委", "县政府"): no visitor, no target.
BARE_BODY_RE = re.compile("[" + "".join(ADMIN_LEVELS) + "]?(?:" + _alt(GOV_BODIES) + "|党工委|党组)")
GENERIC_BODY_RE = re.compile(
    "[" + "".join(ADMIN_LEVELS) + "]?(?:" + _alt((*GOV_BODIES, "党工委", "党组", *GENERIC_DEPARTMENTS)) + ")"
)
# A party committee named by its place ("武强县委书记"): inside a title, the employer, not an entity of the text.
PARTY_COMMITTEE_END_RE = re.compile("(?:" + "|".join(lv + "委" for lv in ADMIN_LEVELS) + ")$")
TOWN_SUFFIXES = ("镇", "乡")  # a town names its own park and offices; only a firm is cut from it
# What a town-level division's name ends with and news often leaves off (宋庄镇 -> 宋庄), longest first.
TOWN_NAME_SUFFIXES = ("街道办事处", "街道", "苏木", "镇", "乡")
# --- Jurisdictions of officials ----------------------------------------------

# The level a title's level word stands for ("县委书记": a county's), as newskg.names.gazetteer.Level values;
# longest first where one word holds another (自治区 before 区).
TITLE_LEVEL_WORDS = {
    "自治区": "province",
    "省": "province",
    "地区": "city",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
    "区": "county",
    "旗": "county",
    "街道": "town",
    "苏木": "town",
    "镇": "town",
    "乡": "town",
    "村": "village",
}
# The bodies of a division written after its level word or name ("县人大常委会主任"), longest first;
# the values name the body's kind (newskg.geo.jurisdiction.Body).
JURISDICTION_BODIES = {
    "人大常委会": "people's congress",
    "人大": "people's congress",
    "政协": "CPPCC",
    "纪委监委": "discipline commission",
    "纪委": "discipline commission",
    "监委": "discipline commission",
    "党工委": "party committee",
    "党委": "party committee",
    "人民政府": "government",
    "政府": "government",
    "委": "party committee",
}
GOVERNMENT_HEAD = "长"  # 县长, 副市长: the head of the division's government
LEADERS_WORD = "领导"  # 县领导: the division's leaders, no body named
# A department of a division ("市工业和信息化委员会", "县委宣传部"), named before the post.
DEPARTMENT_SUFFIXES = ("委员会", "办公室", "工会", "局", "厅", "委", "办", "部")
# What news writes before a government title that is no part of it ("政府县长").
TITLE_NOISE_PREFIXES = ("政府", "中共")
# Title modifiers that are no rank of the post they stand before ("相关负责人", "党组书记").
NON_RANK_MODIFIERS = ("相关", "党组", "党委")
# A zone's bodies after a bare 区 ("区工委书记", "区党工委副书记"): a development zone's, no division's.
ZONE_BODIES = ("党工委", "工委", "管委会")
# Words that say where a visit's stop lies: "到宋庄镇走访了甲公司".
STOP_AREA_BEFORE = ("来到", "深入", "走进", "前往", "赶赴", "到", "赴", "在")

# A park or a town written before a firm in one span ("经济开发区辽宁利筑新材有限公司", "镇皇香牌养殖基地").
AREA_BEFORE_FIRM_RE = re.compile(
    r"^(.{2,20}?(?:" + _alt(PARK_SUFFIXES, longest_first=True) + r"|镇|乡))(?:内)?([\u4e00-\u9fa5A-Za-z(（].{3,})$"
)
PARTY_SUFFIX_RE = re.compile("(?:党工委|党委|纪委|" + "|".join(lv + "委" for lv in ADMIN_LEVELS) + ")$")
TRIP_OPENER_RE = re.compile("^(?:" + _alt(TRIP_OPENERS, longest_first=True) + ")")
LEADER_RE = re.compile("(?:" + _alt(LEADER_VERBS, longest_first=True) + ")(?!" + _alt(LEADER_NOT_AFTER) + ")")
# "在甲、乙的带领下": the leaders, over commas within the sentence.
LEAD_AS_WORD_RE = re.compile("副?(?:" + _alt(LEAD_AS_WORDS) + ")")  # "督导组组长甲": the group's head
# "由甲、乙等组成的某某调研组": the people make up the group, which is the subject.
COMPOSED_RE = re.compile(r"由(?:(?!由)[^。；;]){2,120}?组成的")
LEAD_AS_RE = re.compile(r"以((?:(?!以)[^。；;]){2,60}?)为(?:" + _alt(LEAD_AS_WORDS) + ")的")
LEAD_UNDER_RE = re.compile(r"在((?:(?!在)[^。；;]){2,150}?)(?:的)?(?:" + _alt(LEAD_UNDER_VERBS) + ")下")
NOT_VISIT_RE = re.compile(_alt(NOT_VISIT_WORDS, longest_first=True))
WITH_RE = re.compile(r"在((?:(?!在)[^。；;]){2,150}?)(?:的)?(?:" + _alt(WITH_VERBS) + ")下")
COMPANION_WORD_RE = re.compile(_alt(COMPANION_WORDS))
COMPANION_BEFORE_VERB_RE = re.compile("(?:" + _alt((*COMPANION_VERBS, "一同")) + ")$")  # "陪同调研": not the visitor
# "甲会见考察团并一同考察": who receives a group is its host.
HOST_VERB_RE = re.compile(_alt(HOST_VERBS))
# "对来我县考察的客商表示欢迎": a visit inside a phrase naming the guests, not the subject's visit.
GUEST_PHRASE_RE = re.compile("的(?:各位|广大)?(?:" + _alt(GUEST_NOUNS, longest_first=True) + ")")
# "在A、B等企业,…" opening a sentence (after a short time word: "上午,在A,…"): a stop of the trip.
STOP_AT_RE = re.compile(r"\s*(?:[^,，。;；在]{1,10}[,，])?在([^,，。;；]{2,60}?)[,，]")
# "甲一行在A观看…", "甲在A县检查…": a stop inside a clause, after its subject (before an activity or a
# purpose verb; what the stop names must still pass as a target name).
AT_STOP_RE = re.compile(
    r"在([^,，。;；在]{2,24}?)(?:" + _alt(dict.fromkeys((*STOP_ACTIVITY_VERBS, *PURPOSE_VERBS))) + ")"
)
# "对A、B进行(了)实地调研": the places between 对 and the verb are visited.
CARRY_OUT_RE = re.compile(_alt(CARRY_OUT_VERBS))
OBJECT_VISIT_RE = re.compile(r"对([^。；;，,]{2,200}?)(?:进行|开展)了?[^。；;，,]{0,12}?(" + _alt(PURPOSE_VERBS) + ")")
ORG_TEAM_RE = re.compile(r"的?[\u4e00-\u9fa5]{0,4}?(?:" + _alt(TEAM_WORDS) + ")")
CLAUSE_WORD_RE = re.compile(_alt(CLAUSE_WORDS, longest_first=True))
# A slogan built of two levels ("强乡强镇", "富县强市"): no place.
SLOGAN_PLACE_RE = re.compile("(.)[" + "".join(ADMIN_LEVELS) + "村]" + ".[" + "".join(ADMIN_LEVELS) + "村]")
PRONOUN_SUBJECT_RE = re.compile("(?<!其)(?:" + _alt(PRONOUNS, longest_first=True) + ")")

# --- The home an article's text implies (newskg.geo.home) -----------------------

# A home word and the level word of the division it stands for ("我县": a county).
HOME_LEVEL_WORDS = {"我省": "省", "我市": "市", "我州": "州", "我盟": "盟", "我县": "县", "我区": "区", "我旗": "旗"}
# What a newsroom's name ends with: a publisher's, and local newsrooms' ("宁陕融媒", "川汇视窗", "蓝山分站").
NEWSROOM_SUFFIXES = (*PUBLISHER_SUFFIXES, "时报", "融媒", "视窗", "分站", "新闻中心", "平台")
# Written before a newsroom an article was taken from ("摘自吕梁日报"), or after one that wrote it ("宁夏日报记者").
NEWSROOM_BEFORE = ("摘自", "转自", "来源:", "来源：")
NEWSROOM_AFTER = ("记者", "通讯员", "讯", "电", "消息")
# National newsrooms whose names begin with a division's short name (光明区): they say nothing of a home.
NATIONAL_NEWSROOMS = ("光明日报", "光明网", "新华社", "新华网", "人民日报", "人民网")
# Verbs that bring visitors to the home ("来我旗考察"): the places of their sentence are the visitors'.
VISIT_HOME_VERBS = ("来到", "莅临", "走进", "来", "到", "赴")
# Names of one division each that are also everyday words ("党和政府", "乡村振兴", "工业集中区", "安居乐业"):
# never evidence of a division on their own.
COMMON_WORD_DIVISION_NAMES = (
    "合作", "振兴", "和政", "中区", "富民", "公安", "通道", "延长", "东风", "解放", "来宾", "港口", "民和",
    "资兴", "工农", "安康", "光明", "太平", "安定", "平安", "长寿", "和县", "兴县", "代县", "矿区", "红旗",
    "前进", "东方", "友好", "富裕", "兴隆", "爱民", "安居", "同心", "共和", "乐业", "平原", "山城", "南部",
    "大方", "沿河", "兴业", "中方", "天长", "平和", "武功", "长治", "海港", "临江", "金山", "龙门", "石门",
    "万全",
)  # fmt: skip
# A banner (旗) of Inner Mongolia, and the sides that several banners' names end with (科尔沁右翼前旗, 乌拉特前旗),
# which news writes alone ("前旗") where the region is known.
BANNER_WORD = "旗"
BANNER_SIDES = ("前旗", "中旗", "后旗", "左旗", "右旗")
