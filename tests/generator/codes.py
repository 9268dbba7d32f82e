"""Reference data of the generator: places, organisations, functional and economic codes.

The codes and names are real ones of the national classifications (支出功能分类科目 and
部门经济分类科目); the places are real localities of several provinces. Only their
combinations and every figure are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

# (region, level): level decides which organisation words fit (省 / 市 / 区县).
REGIONS: tuple[tuple[str, str], ...] = (
    ("浙江省杭州市西湖区", "district"),
    ("四川省成都市", "city"),
    ("河南省", "province"),
    ("广东省深圳市南山区", "district"),
    ("江苏省南京市鼓楼区", "district"),
    ("湖北省武汉市", "city"),
    ("山东省青岛市", "city"),
    ("陕西省西安市雁塔区", "district"),
    ("福建省厦门市思明区", "district"),
    ("湖南省长沙市", "city"),
    ("云南省", "province"),
    ("江苏省", "province"),
    ("山西省吕梁市孝义市", "district"),
)

# organisation word per level, and the 类 its own work is classified under
ORGANISATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "province": (
        ("教育厅", "education"),
        ("财政厅", "finance"),
        ("卫生健康委员会", "health"),
        ("高级人民法院", "court"),
        ("人民政府办公厅", "office"),
    ),
    "city": (
        ("教育局", "education"),
        ("财政局", "finance"),
        ("卫生健康委员会", "health"),
        ("中级人民法院", "court"),
        ("人民政府办公厅", "office"),
    ),
    "district": (
        ("教育局", "education"),
        ("财政局", "finance"),
        ("卫生健康局", "health"),
        ("人民法院", "court"),
        ("人民政府办公室", "office"),
    ),
}

# universities of the central template (中央部门: under 教育部): city part + kind
UNIVERSITY_PLACES: tuple[tuple[str, str], ...] = (
    ("西湖", "浙江省杭州市"),
    ("蜀都", "四川省成都市"),
    ("中原", "河南省郑州市"),
    ("南山", "广东省深圳市"),
    ("金陵", "江苏省南京市"),
    ("江汉", "湖北省武汉市"),
    ("长安", "陕西省西安市"),
)
UNIVERSITY_KINDS: tuple[str, ...] = ("大学", "师范大学", "理工大学", "农业大学", "医科大学")

FUNCTIONAL_NAMES: dict[str, str] = {
    "201": "一般公共服务支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行",
    "2010302": "一般行政管理事务",
    "2010350": "事业运行",
    "2010399": "其他政府办公厅（室）及相关机构事务支出",
    "20106": "财政事务",
    "2010601": "行政运行",
    "2010602": "一般行政管理事务",
    "2010607": "信息化建设",
    "2010650": "事业运行",
    "204": "公共安全支出",
    "20405": "法院",
    "2040501": "行政运行",
    "2040502": "一般行政管理事务",
    "2040504": "案件审判",
    "2040550": "事业运行",
    "205": "教育支出",
    "20501": "教育管理事务",
    "2050101": "行政运行",
    "2050102": "一般行政管理事务",
    "20502": "普通教育",
    "2050201": "学前教育",
    "2050202": "小学教育",
    "2050203": "初中教育",
    "2050204": "高中教育",
    "2050205": "高等教育",
    "20508": "进修及培训",
    "2050803": "培训支出",
    "206": "科学技术支出",
    "20602": "基础研究",
    "2060201": "机构运行",
    "2060203": "自然科学基金",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "210": "卫生健康支出",
    "21001": "卫生健康管理事务",
    "2100101": "行政运行",
    "2100102": "一般行政管理事务",
    "21004": "公共卫生",
    "2100401": "疾病预防控制机构",
    "2100409": "重大公共卫生服务",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "212": "城乡社区支出",
    "21201": "城乡社区管理事务",
    "2120101": "行政运行",
    "2120199": "其他城乡社区管理事务支出",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "2210202": "提租补贴",
    "2210203": "购房补贴",
    "229": "其他支出",
    "22960": "彩票公益金安排的支出",
    "2296002": "用于社会福利的彩票公益金支出",
    "2296004": "用于教育事业的彩票公益金支出",
}

# the 款 a department's own work is spent under, by kind of organisation
OWN_SECTIONS: dict[str, tuple[str, ...]] = {
    "education": ("20501", "20502"),
    "finance": ("20106",),
    "health": ("21001", "21004"),
    "court": ("20405",),
    "office": ("20103",),
    "university": ("20502", "20508", "20602"),
}
COMMON_SECTIONS: tuple[str, ...] = ("20805", "21011", "22102")
OPTIONAL_SECTIONS: tuple[str, ...] = ("21201",)
GOV_FUND_SECTION = "22960"

# The 类 lines of the summary tables, in print order, with their ordinals (2024 list).
CLASS_LINES: tuple[tuple[str, str], ...] = (
    ("201", "一、一般公共服务支出"),
    ("202", "二、外交支出"),
    ("203", "三、国防支出"),
    ("204", "四、公共安全支出"),
    ("205", "五、教育支出"),
    ("206", "六、科学技术支出"),
    ("207", "七、文化旅游体育与传媒支出"),
    ("208", "八、社会保障和就业支出"),
    ("210", "九、卫生健康支出"),
    ("211", "十、节能环保支出"),
    ("212", "十一、城乡社区支出"),
    ("213", "十二、农林水支出"),
    ("214", "十三、交通运输支出"),
    ("215", "十四、资源勘探工业信息等支出"),
    ("216", "十五、商业服务业等支出"),
    ("217", "十六、金融支出"),
    ("219", "十七、援助其他地区支出"),
    ("220", "十八、自然资源海洋气象等支出"),
    ("221", "十九、住房保障支出"),
    ("222", "二十、粮油物资储备支出"),
    ("223", "二十一、国有资本经营预算支出"),
    ("224", "二十二、灾害防治及应急管理支出"),
    ("229", "二十三、其他支出"),
)


@dataclass(frozen=True)
class EconomicGroup:
    """An economic 类 and the 款 under it that a basic-expenditure table prints."""

    code: str
    name: str
    children: tuple[tuple[str, str], ...]


PERSONNEL: tuple[EconomicGroup, ...] = (
    EconomicGroup(
        "301",
        "工资福利支出",
        (
            ("30101", "基本工资"),
            ("30102", "津贴补贴"),
            ("30103", "奖金"),
            ("30107", "绩效工资"),
            ("30108", "机关事业单位基本养老保险缴费"),
            ("30109", "职业年金缴费"),
            ("30110", "职工基本医疗保险缴费"),
            ("30112", "其他社会保障缴费"),
            ("30113", "住房公积金"),
            ("30199", "其他工资福利支出"),
        ),
    ),
    EconomicGroup(
        "303",
        "对个人和家庭的补助",
        (
            ("30301", "离休费"),
            ("30302", "退休费"),
            ("30304", "抚恤金"),
            ("30305", "生活补助"),
            ("30399", "其他对个人和家庭的补助"),
        ),
    ),
)
PUBLIC: tuple[EconomicGroup, ...] = (
    EconomicGroup(
        "302",
        "商品和服务支出",
        (
            ("30201", "办公费"),
            ("30202", "印刷费"),
            ("30205", "水费"),
            ("30206", "电费"),
            ("30207", "邮电费"),
            ("30211", "差旅费"),
            ("30213", "维修（护）费"),
            ("30215", "会议费"),
            ("30216", "培训费"),
            ("30217", "公务接待费"),
            ("30228", "工会经费"),
            ("30229", "福利费"),
            ("30231", "公务用车运行维护费"),
            ("30239", "其他交通费用"),
            ("30299", "其他商品和服务支出"),
        ),
    ),
    EconomicGroup(
        "310",
        "资本性支出",
        (
            ("31002", "办公设备购置"),
            ("31003", "专用设备购置"),
            ("31007", "信息网络及软件购置更新"),
        ),
    ),
)

# The same groups as the edition before 2018 names them (pipelines/catalog/
# economic_classification.toml): 住房公积金 under 303, no 30110-30113, 310 其他资本性支出.
PERSONNEL_BEFORE_2018: tuple[EconomicGroup, ...] = (
    EconomicGroup(
        "301",
        "工资福利支出",
        (
            ("30101", "基本工资"),
            ("30102", "津贴补贴"),
            ("30103", "奖金"),
            ("30104", "社会保障缴费"),
            ("30106", "伙食补助费"),
            ("30107", "绩效工资"),
            ("30108", "机关事业单位基本养老保险缴费"),
            ("30109", "职业年金缴费"),
            ("30199", "其他工资福利支出"),
        ),
    ),
    EconomicGroup(
        "303",
        "对个人和家庭的补助",
        (
            ("30301", "离休费"),
            ("30302", "退休费"),
            ("30304", "抚恤金"),
            ("30307", "医疗费"),
            ("30311", "住房公积金"),
            ("30312", "提租补贴"),
            ("30399", "其他对个人和家庭的补助支出"),
        ),
    ),
)
PUBLIC_BEFORE_2018: tuple[EconomicGroup, ...] = (
    PUBLIC[0],
    EconomicGroup("310", "其他资本性支出", PUBLIC[1].children),
)


def economic_groups(
    fiscal_year: int,
) -> tuple[tuple[EconomicGroup, ...], tuple[EconomicGroup, ...]]:
    """(personnel, public) groups of the economic edition in force in ``fiscal_year``."""
    if fiscal_year < 2018:
        return PERSONNEL_BEFORE_2018, PUBLIC_BEFORE_2018
    return PERSONNEL, PUBLIC


CHINESE_ORDINALS = (
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
)
