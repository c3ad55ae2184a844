"""Tests for campaigns.plan_parser: the real 2025 plan, sample styles and bad input.

Pure tests (no database): run with ``pytest -p no:django``.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest

from campaigns.plan_parser import PlanParseError, parse_plan, read_plan_document

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plans"
REAL_PLAN = FIXTURES / "hengyang-2025-seven-campaigns-plan.txt"
SAMPLES = FIXTURES / "samples"


@pytest.fixture(scope="module")
def plan() -> dict:
    return parse_plan(read_plan_document(REAL_PLAN.read_bytes(), REAL_PLAN.name))


def sample(name: str) -> dict:
    return parse_plan((SAMPLES / name).read_text(encoding="utf-8"))


def find_task(
    result: dict, campaign: int | None, section: str | None, number: str, parent: str | None = None
) -> dict:
    matches = [
        t
        for t in result["tasks"]
        if (t["campaign"], t["section"], t["number"], t["parent"])
        == (campaign, section, number, parent)
    ]
    assert len(matches) == 1, (campaign, section, number, parent)
    return matches[0]


def units(task: dict) -> tuple[list[str], list[str], list[str]]:
    return task["lead_units"], task["co_units"], task["collective_units"]


def target_summary(target: dict) -> tuple[str, str, str, str, str, str, str]:
    return (
        target["metric"],
        target["value"],
        target["unit"],
        target["normalized_value"],
        target["normalized_unit"],
        target["qualifier"],
        target["kind"],
    )


# --------------------------------------------------------------------------- #
# The real plan: header, campaigns, targets
# --------------------------------------------------------------------------- #


def test_header(plan: dict) -> None:
    assert plan["title"] == "衡阳市实施“七大攻坚”总体方案"
    assert plan["document_number"] == "衡政办发〔2025〕3号"
    assert plan["issuer"] == "衡阳市人民政府办公室"
    assert plan["issue_date"] == "2025-02-28"
    assert plan["year"] == 2025
    assert plan["first_listed_leads"] is False


def test_result_is_json_serialisable(plan: dict) -> None:
    assert json.loads(json.dumps(plan, ensure_ascii=False)) == plan


def test_seven_campaigns_in_order(plan: dict) -> None:
    assert [(c["number"], c["name"]) for c in plan["campaigns"]] == [
        (1, "内需扩量提效攻坚"),
        (2, "产业育新培强攻坚"),
        (3, "科技创新赋能攻坚"),
        (4, "改革开放重点攻坚"),
        (5, "环境优化提升攻坚"),
        (6, "安全强基固本攻坚"),
        (7, "民生补短提质攻坚"),
    ]
    # Annex 1 has no title line of its own: the title comes from the 附件 list.
    assert plan["campaigns"][0]["annex_title"] == "内需扩量提效攻坚实施方案"
    assert plan["campaigns"][6]["annex_title"] == "民生补短提质攻坚实施方案"


def test_headline_targets(plan: dict) -> None:
    assert [
        (t["metric"], t["value"], t["unit"], t["qualifier"], t["kind"]) for t in plan["targets"]
    ] == [
        ("地区生产总值", "6", "%", "左右", "growth"),
        ("规模工业增加值", "8", "%", "左右", "growth"),
        ("固定资产投资", "7.5", "%", "左右", "growth"),
        ("社会消费品零售总额", "7.5", "%", "左右", "growth"),
        ("进出口总额", "7", "%", "左右", "growth"),
        ("地方一般公共预算收入", "3.5", "%", "左右", "growth"),
    ]
    assert plan["targets"][0]["text"] == "力争实现地区生产总值增长6%左右"


def test_goals_text_and_goal_targets(plan: dict) -> None:
    campaigns = {c["number"]: c for c in plan["campaigns"]}
    assert campaigns[1]["goals"].startswith("充分发挥消费的基础作用")
    assert [target_summary(t) for t in campaigns[1]["goal_targets"]] == [
        ("社会消费品零售总额", "7.5", "%", "7.5", "%", "左右", "growth"),
        ("固定资产投资", "7.5", "%", "7.5", "%", "左右", "growth"),
        ("民间投资占全部投资的比重", "70", "%", "70", "%", "以上", "share"),
    ]
    # "全市15条优势产业链年产值增长8.9%,达2100亿元": the count is part of the metric,
    # and the second clause borrows it.
    chain = [t for t in campaigns[2]["goal_targets"] if t["metric"] == "全市15条优势产业链年产值"]
    assert [target_summary(t) for t in chain] == [
        ("全市15条优势产业链年产值", "8.9", "%", "8.9", "%", "", "growth"),
        ("全市15条优势产业链年产值", "2100", "亿元", "210000000000", "元", "达到", "absolute"),
    ]
    assert [target_summary(t) for t in campaigns[5]["goal_targets"]] == [
        ("社会物流总费用占地区生产总值比重", "13.8", "%", "13.8", "%", "以下", "share"),
        ("政务服务一网通办率", "90", "%", "90", "%", "以上", "rate"),
    ]
    # Annex 6 states its goals in "(一)(二)(三)" paragraphs: goal text, not task sections.
    assert "(二)防范化解债务风险" in campaigns[6]["goals"]
    assert campaigns[6]["goal_targets"] == []
    assert campaigns[7]["goal_targets"] == []  # "十大重点民生实事" is not a figure


@pytest.mark.parametrize(
    ("number", "convener", "deputies", "office", "member_count"),
    [
        (
            1,
            "市政府分管副市长",
            ["市政府协管副秘书长", "市发展改革委主要负责人", "市商务局主要负责人"],
            "市发展改革委",
            25,
        ),
        (
            2,
            "市政府分管副市长",
            ["市政府协管副秘书长", "市工业和信息化局主要负责人"],
            "市工业和信息化局",
            28,
        ),
        (3, "市政府分管副市长", ["市政府协管副秘书长", "市科技局主要负责人"], "市科技局", 18),
        (
            4,
            "市政府分管副市长",
            ["市政府协管副秘书长", "市商务局主要负责人", "市发展改革委主要负责人"],
            "市商务局",
            40,
        ),
        (
            5,
            "市政府分管副市长",
            ["市政府协管副秘书长", "市发展改革委主要负责人", "市优化办主任"],
            "市发展改革委",
            24,
        ),
        (
            6,
            "市政府分管副市长",
            [
                "市政府协管副秘书长",
                "市应急管理局主要负责人",
                "市财政局主要负责人",
                "市住房和城乡建设局主要负责人",
            ],
            "市应急管理局",
            42,
        ),
        (
            7,
            "市政府分管副市长",
            [
                "市政府协管副秘书长",
                "市人力资源和社会保障局主要负责人",
                "市生态环境局主要负责人",
                "市农业农村局主要负责人",
            ],
            "市人力资源和社会保障局",
            25,
        ),
    ],
)
def test_task_force(
    plan: dict, number: int, convener: str, deputies: list[str], office: str, member_count: int
) -> None:
    campaign = plan["campaigns"][number - 1]
    assert campaign["convener"] == convener
    assert campaign["deputy_conveners"] == deputies
    assert campaign["office"] == office
    assert len(campaign["member_units"]) == member_count
    assert len(set(campaign["member_units"])) == member_count


def test_member_units_as_written(plan: dict) -> None:
    members = {c["number"]: c["member_units"] for c in plan["campaigns"]}
    assert members[1][:3] == ["市发展改革委", "市科技局", "市工业和信息化局"]
    assert members[1][-1] == "市数据局"  # trailing 等 stripped
    assert "市人力资源和社会保障局" in members[1]  # 和 inside a name is kept
    # Annex 7 lists its members before "为成员单位" instead of after "成员单位包括".
    assert members[7][0] == "市发展改革委"
    assert members[7][-1] == "国网衡阳供电公司"
    assert members[6][-1] == "省农信联社衡阳办事处"
    assert "人民银行衡阳市支行" in members[6]  # aliases are not canonicalised


# --------------------------------------------------------------------------- #
# The real plan: sections and tasks
# --------------------------------------------------------------------------- #


def test_task_counts_per_annex(plan: dict) -> None:
    counts = Counter(t["campaign"] for t in plan["tasks"])
    assert counts == {1: 14, 2: 15, 3: 11, 4: 32, 5: 18, 6: 19, 7: 54}


def test_task_counts_per_section(plan: dict) -> None:
    counts = Counter((t["campaign"], t["section"]) for t in plan["tasks"])
    expected = {
        1: [6, 5, 3],
        2: [6, 2, 3, 4],
        3: [2, 3, 4, 2],
        4: [3, 5, 4, 4, 4, 3, 3, 3, 3],
        5: [4, 4, 3, 4, 3],
        6: [10, 6, 3],
        7: [34, 10, 3, 3, 4],  # (一): 10 parent headings + 24 children
    }
    numerals = "一二三四五六七八九"
    for campaign, per_section in expected.items():
        for numeral, count in zip(numerals, per_section, strict=False):
            assert counts[(campaign, numeral)] == count, (campaign, numeral)
        assert sum(1 for c, _ in counts if c == campaign) == len(per_section)


def test_sections(plan: dict) -> None:
    assert [
        (s["number"], s["title"], s["order"]) for s in plan["sections"] if s["campaign"] == 1
    ] == [
        ("一", "大力提振消费", 1),
        ("二", "提高投资效益", 2),
        ("三", "实施重大战略", 3),
    ]
    assert len([s for s in plan["sections"] if s["campaign"] == 4]) == 9
    assert [s["title"] for s in plan["sections"] if s["campaign"] == 6] == [
        "强化本质安全和灾害应对能力",
        "防范化解债务和金融风险",
        "强化房地产项目全过程监管",
    ]
    assert all(s["campaign"] is not None for s in plan["sections"])


def test_task_numbers_unique_and_ordered(plan: dict) -> None:
    keys = [(t["campaign"], t["section"], t["parent"], t["number"]) for t in plan["tasks"]]
    assert len(keys) == len(set(keys))
    for campaign in range(1, 8):
        orders = [t["order"] for t in plan["tasks"] if t["campaign"] == campaign]
        assert orders == list(range(1, len(orders) + 1))
    assert all(t["number"].isdigit() for t in plan["tasks"])


def test_annex7_nesting(plan: dict) -> None:
    section = [t for t in plan["tasks"] if t["campaign"] == 7 and t["section"] == "一"]
    parents = [t for t in section if t["parent"] is None]
    assert [t["number"] for t in parents] == [str(n) for n in range(1, 11)]
    children: dict[str, list[str]] = {}
    for t in section:
        if t["parent"]:
            children.setdefault(t["parent"], []).append(t["number"])
    assert children == {
        "1": ["1", "2", "3"],
        "2": ["4", "5"],
        "3": ["6", "7", "8", "9", "10"],
        "4": ["11"],
        "5": ["12", "13"],
        "6": ["14", "15"],
        "7": ["16"],
        "8": ["17", "18"],
        "9": ["19", "20"],
        "10": ["21", "22", "23", "24"],
    }
    heading = find_task(plan, 7, "一", "1")
    assert heading["title"] == heading["text"] == "促进教育高质量发展"
    assert heading["unit_clause"] is None
    assert heading["flags"] == []  # a parent heading needs no units of its own
    child = find_task(plan, 7, "一", "1", parent="1")
    assert child["title"] == "更新义务教育学校设备"
    assert child["lead_units"] == ["市教育局"]


def test_task_title_and_text(plan: dict) -> None:
    first = find_task(plan, 1, "一", "1")
    assert first["title"] == "推动增收减负"
    assert first["text"].startswith("推动增收减负。突出就业优先导向")
    assert first["text"].endswith("市机关事务管理局等按职责分工负责)")
    assert first["unit_clause"] == (
        "市人力资源和社会保障局牵头,市发展改革委、市商务局、市财政局、市民政局、"
        "市国资委、市医保局、市机关事务管理局等按职责分工负责"
    )
    # A first sentence longer than 40 characters is cut at a clause boundary.
    long_title = find_task(plan, 7, "三", "1")["title"]
    assert long_title == "统筹抓好高校毕业生、农民工、退役军人、城镇就业困难人员等重点群体就业帮扶"
    assert all(len(t["title"]) <= 40 for t in plan["tasks"])


@pytest.mark.parametrize(
    ("key", "leads", "co", "collective"),
    [
        # Annex 1
        (
            (1, "一", "1"),
            ["市人力资源和社会保障局"],
            [
                "市发展改革委",
                "市商务局",
                "市财政局",
                "市民政局",
                "市国资委",
                "市医保局",
                "市机关事务管理局",
            ],
            [],
        ),
        (
            (1, "一", "6"),
            [],
            [
                "市市场监督管理局",
                "人民银行衡阳市分行",
                "市发展改革委",
                "市商务局",
                "国家金融监督管理总局衡阳监管分局",
            ],
            [],
        ),
        ((1, "二", "3"), ["市发展改革委", "市财政局"], [], []),
        (
            (1, "三", "1"),
            ["市发展改革委", "市商务局"],
            [
                "市工业和信息化局",
                "市科技局",
                "市生态环境局",
                "市交通运输局",
                "市水利局",
                "市农业农村局",
                "市文旅广体局",
                "市卫生健康委",
            ],
            [],
        ),
        # Annex 2
        (
            (2, "一", "2"),
            ["市工业和信息化局"],
            [
                "市发展改革委",
                "市文化旅游广电体育局",
                "市农业农村局",
                "市商务局",
                "市科技局",
                "市委军民融合办",
            ],
            [],
        ),
        ((2, "四", "2"), ["市发展改革委"], ["市能源局"], []),
        (
            (2, "四", "3"),
            ["市委组织部"],
            [
                "市发展改革委",
                "市科技局",
                "市工业和信息化局",
                "市教育局",
                "市人力资源社会保障局",
                "市财政局",
                "市总工会",
                "市人才办",
            ],
            [],
        ),
        # Annex 3
        (
            (3, "一", "1"),
            ["市科技局", "市农业农村局", "市卫生健康委"],
            ["南华大学", "市农业科学院"],
            [],
        ),
        ((3, "二", "2"), ["市科技局"], ["市财政局"], ["在衡高校"]),
        (
            (3, "三", "3"),  # "市税务局、等按职责分工负责": the empty item is dropped
            ["市科技局"],
            [
                "市政府办",
                "市发展改革委",
                "市工业和信息化局",
                "市财政局",
                "市市场监督管理局",
                "市税务局",
            ],
            [],
        ),
        (
            (3, "四", "2"),
            ["市科技局", "市商务局", "市教育局"],
            [
                "市委组织部",
                "市发展改革委",
                "市工业和信息化局",
                "市财政局",
                "市人力资源和社会保障局",
            ],
            ["在衡高校"],
        ),
        # Annex 4: no clause names a lead
        ((4, "二", "5"), [], ["市发展改革委"], []),
        ((4, "四", "1"), [], ["市教育局", "市人力资源和社会保障局"], ["在衡高校"]),
        (
            (4, "八", "3"),  # "…市生态环境局等相关部门按职责分工负责"
            [],
            [
                "市商务局",
                "市发展改革委",
                "市工业和信息化局",
                "市财政局",
                "市市场监督管理局",
                "衡阳海关",
                "市税务局",
                "市生态环境局",
            ],
            [],
        ),
        # Annex 5
        ((5, "一", "3"), ["市发展改革委", "市公共资源交易中心"], [], ["各行业主管部门"]),
        (
            (5, "一", "4"),
            ["市发展改革委"],
            ["市工商联", "人民银行衡阳市分行"],
            ["市促进民营经济发展壮大相关单位"],
        ),
        ((5, "二", "2"), ["市发展改革委", "市司法局"], [], []),
        (
            (5, "二", "3"),
            ["市司法局"],
            ["市市场监督管理局", "市财政局", "市中级人民法院", "市发展改革委"],
            ["市直各行政执法主管部门"],
        ),
        ((5, "四", "1"), ["市数据局"], [], []),
        ((5, "四", "3"), ["市数据局"], [], ["各行政审批职能部门"]),
        ((5, "五", "2"), ["市发展改革委", "市数据局"], [], ["各相关单位"]),
        # Annex 6
        (
            (6, "一", "1"),
            [
                "市应急管理局",
                "市消防救援支队",
                "市公安局",
                "市交通运输局",
                "市住房和城乡建设局",
                "市城市管理局",
                "市市场监督管理局",
                "市发展改革委",
                "市教育局",
                "市文旅广体局",
                "市委军民融合办",
                "市水利局",
                "市商务局",
                "市农业农村局",
            ],  # fmt: skip
            [],
            ["其他有关单位"],
        ),
        ((6, "一", "2"), ["市应安委办"], [], ["各负有监管职责行业部门"]),
        (
            (6, "一", "4"),
            ["市应安委办"],
            [
                "市应急管理局",
                "市人力资源和社会保障局",
                "市财政局",
                "市政府办",
                "国家金融监督管理总局衡阳监管分局",
            ],
            ["各负有监管职责行业部门"],
        ),
        (
            (6, "一", "8"),
            ["市应急管理局", "市水利局", "市自然资源和规划局", "市住房和城乡建设局", "市林业局"],
            ["市气象局", "市消防救援支队"],
            [],
        ),
        ((6, "一", "9"), ["市应急管理局", "市消防救援支队"], [], ["其他有关单位"]),
        ((6, "二", "4"), [], ["市财政局", "市审计局"], []),
        ((6, "三", "1"), ["市住房和城乡建设局"], [], ["其他相关部门"]),
        # Annex 7
        ((7, "一", "15", "6"), ["市交通运输局", "市邮政管理局"], [], []),
        ((7, "一", "16", "7"), ["市数据局", "市人力资源和社会保障局"], [], []),
        ((7, "一", "23", "10"), ["国网衡阳供电公司"], [], []),
        ((7, "二", "1"), ["市城市管理局"], [], []),
        ((7, "五", "4"), ["市生态环境局"], [], []),
    ],
)
def test_task_units(
    plan: dict,
    key: tuple,  # (campaign, section, number[, parent])
    leads: list[str],
    co: list[str],
    collective: list[str],
) -> None:
    task = find_task(plan, *key)
    assert units(task) == (leads, co, collective)
    assert ("未标明牵头单位" in task["flags"]) is (not leads)


def test_unit_lists_are_clean(plan: dict) -> None:
    for task in plan["tasks"]:
        leads, co, collective = units(task)
        assert not set(leads) & set(co), task["text"]
        for names in (leads, co, collective):
            assert len(names) == len(set(names))
            assert all(name and not name.endswith("等") for name in names)
        assert not any(name.startswith(("各", "其他")) for name in leads + co)
    collective = {name for t in plan["tasks"] for name in t["collective_units"]}
    assert not collective & set(plan["unit_names"])


def test_unit_names(plan: dict) -> None:
    names = plan["unit_names"]
    assert names == sorted(set(names))
    assert {"市发展改革委", "市人力资源和社会保障局", "国网衡阳供电公司", "市优化办主任"} & set(
        names
    ) == {
        "市发展改革委",
        "市人力资源和社会保障局",
        "国网衡阳供电公司",
    }
    # Both spellings appear in the plan; canonicalising them is the loader's job.
    assert {"市文旅广体局", "市文化旅游广电体育局"} <= set(names)


def test_flags(plan: dict) -> None:
    flags = Counter(flag for t in plan["tasks"] for flag in t["flags"])
    assert flags == {"未标明牵头单位": 51}
    per_campaign = Counter(t["campaign"] for t in plan["tasks"] if t["flags"])
    assert per_campaign == {1: 1, 3: 1, 4: 32, 5: 10, 6: 7}


# --------------------------------------------------------------------------- #
# The real plan: task targets
# --------------------------------------------------------------------------- #


def test_target_in_ten_thousands(plan: dict) -> None:
    task = find_task(plan, 7, "一", "4", parent="2")
    assert target_summary(task["targets"][0]) == (
        "新增城镇就业",
        "5.8",
        "万人",
        "58000",
        "人",
        "以上",
        "absolute",
    )
    assert task["targets"][0]["text"] == "新增城镇就业5.8万人以上"


def test_one_sentence_two_targets(plan: dict) -> None:
    task = find_task(plan, 7, "一", "12", parent="5")
    dibao = [t for t in task["targets"] if t["metric"] == "城乡低保标准"]
    assert [(t["value"], t["unit"], t["qualifier"], t["kind"]) for t in dibao] == [
        ("740", "元/月", "不低于", "absolute"),
        ("485", "元/月", "不低于", "absolute"),
    ]
    assert {t["text"] for t in dibao} == {"城乡低保标准分别提高到不低于740元/月和485元/月"}
    assert len(task["targets"]) == 5  # 低保 ×2, 两项补贴, 孤儿 ×2


def test_target_kinds_and_units(plan: dict) -> None:
    by_text = {t["text"]: t for task in plan["tasks"] for t in task["targets"]}
    assert target_summary(by_text["力争常住人口城镇化率提高0.9个百分点"]) == (
        "常住人口城镇化率", "0.9", "个百分点", "0.9", "百分点", "", "points",
    )  # fmt: skip
    assert target_summary(by_text["规模以上工业单位增加值能耗同比降低3%"])[-1] == "decrease"
    assert target_summary(by_text["新增蓄水能力672万方"])[3:5] == ("6720000", "方")
    assert target_summary(by_text["恢复和改善灌溉面积11.7万亩"])[3:5] == ("117000", "亩")
    assert target_summary(by_text["力争全年接待游客8000万人次"])[3:5] == ("80000000", "人次")
    assert target_summary(by_text["新发放创业担保贷款4亿元"])[3:5] == ("400000000", "元")
    assert target_summary(by_text["力争高新技术企业突破1200家"])[-2:] == ("超过", "absolute")
    assert target_summary(by_text["筛查率达到100%"])[-2:] == ("达到", "rate")
    pm = by_text["确保全市PM2.5平均浓度下降超1微克/立方米"]
    assert (pm["value"], pm["unit"], pm["qualifier"], pm["kind"]) == (
        "1",
        "微克/立方米",
        "超过",
        "decrease",
    )
    # "、" separates items only between figures.
    items = [target_summary(t)[:3] for t in find_task(plan, 2, "一", "1")["targets"]]
    assert ("新培育智能制造企业", "40", "家") in items
    assert ("智能制造产线(车间)", "120", "条") in items
    assert ("智能工位", "600", "个") in items


def test_no_targets_from_years_ordinals_phrases_or_ranges(plan: dict) -> None:
    # "4+4科创工程", "5-6个" (a range, skipped), "第四届", "十大", "10千伏", "2025年"…
    assert find_task(plan, 3, "一", "1")["targets"] == []
    assert find_task(plan, 4, "七", "1")["targets"] == []
    assert find_task(plan, 4, "二", "2")["targets"] == []  # "再延长30年"
    assert find_task(plan, 5, "二", "1")["targets"] == []  # "2025年度重点任务"
    grid = find_task(plan, 7, "一", "23", parent="10")
    assert [t["value"] for t in grid["targets"]] == ["19320", "3755"]
    assert find_task(plan, 4, "九", "3")["targets"] == []  # "240小时过境免签政策"
    values = {t["value"] for task in plan["tasks"] for t in task["targets"]}
    assert not values & {"2025", "2024", "13", "500", "631"}  # years, 第13条, 500强, “631”


def test_heading_restating_a_figure_yields_it_once(plan: dict) -> None:
    task = find_task(plan, 7, "二", "9")  # 完成…培训2万人次。…开展…培训2万人次以上
    assert [(t["value"], t["unit"], t["qualifier"]) for t in task["targets"]] == [
        ("2", "万人次", "以上")
    ]


# --------------------------------------------------------------------------- #
# Other document styles
# --------------------------------------------------------------------------- #


def test_separate_unit_lines() -> None:
    result = sample("separate-unit-lines.txt")
    assert result["title"] == "衡阳市2025年优化营商环境重点任务清单"
    assert (result["document_number"], result["issuer"], result["issue_date"]) == (None, None, None)
    assert result["year"] == 2025
    assert result["campaigns"] == []
    assert [(s["campaign"], s["number"], s["title"]) for s in result["sections"]] == [
        (None, "一", "提升政务服务效能"),
        (None, "二", "优化要素保障"),
    ]
    first = find_task(result, None, "一", "1")
    assert units(first) == (["市数据局"], ["市发展改革委", "市司法局"], ["各县市区"])
    assert (
        first["unit_clause"]
        == "牵头单位：市数据局\n责任单位：市发展改革委、市司法局等\n配合单位：各县市区"
    )
    assert first["text"].endswith("配合单位：各县市区")
    assert first["flags"] == []
    assert units(find_task(result, None, "一", "2")) == (["市市场监督管理局"], [], [])
    only_responsible = find_task(result, None, "二", "1")
    assert units(only_responsible) == ([], ["市自然资源和规划局", "市住房和城乡建设局"], [])
    assert only_responsible["flags"] == ["未标明牵头单位"]
    same_line = find_task(result, None, "二", "2")  # "…。牵头单位：X；配合单位：Y" on the task line
    assert units(same_line) == (["人民银行衡阳市分行"], ["市财政局"], [])
    assert same_line["title"] == "降低企业融资成本"


def test_first_listed_leads() -> None:
    result = sample("first-listed-leads.txt")
    assert result["first_listed_leads"] is True
    assert result["title"] == "衡阳市2025年稳外贸工作方案"
    assert result["document_number"] == "衡商发〔2025〕7号"
    assert (result["issuer"], result["issue_date"]) == ("衡阳市商务局", "2025-03-15")
    first = find_task(result, None, "一", "1")
    assert units(first) == (["市商务局"], ["市税务局"], ["各县市区"])
    assert first["flags"] == []
    labelled = find_task(result, None, "一", "2")
    assert units(labelled) == (["市财政局"], ["国家金融监督管理总局衡阳监管分局"], [])
    explicit = find_task(result, None, "二", "1")  # an explicit 牵头 wins
    assert units(explicit) == (["市贸促会"], ["市商务局"], [])


def test_fullwidth_campaign_document() -> None:
    result = sample("fullwidth-campaign.txt")
    assert result["document_number"] == "示政办发［2024］12号"
    assert result["year"] == 2024
    assert [target_summary(t) for t in result["targets"]] == [
        ("全县地区生产总值", "6.5", "%", "6.5", "%", "左右", "growth"),
        ("城镇新增就业", "1.2", "万人", "12000", "人", "不少于", "absolute"),
    ]
    first, second = result["campaigns"]
    assert (first["name"], first["annex_title"]) == ("项目建设攻坚", "项目建设攻坚实施方案")
    assert first["convener"] == "县政府常务副县长"
    assert first["deputy_conveners"] == ["县发展改革局主要负责人"]
    assert first["member_units"] == ["县发展改革局", "县财政局", "县自然资源局", "县行政审批服务局"]
    assert first["office"] == "县发展改革局"
    assert second["deputy_conveners"] == ["县农业农村局主要负责人", "县城市管理局主要负责人"]
    assert second["member_units"] == ["县农业农村局", "县城市管理局", "县生态环境分局"]
    assert second["goal_targets"][0]["kind"] == "rate"
    # "（…按职责分工负责。）": the full stop inside the brackets is not part of a name.
    assert units(find_task(result, 1, "一", "1")) == (
        ["县发展改革局"],
        ["县财政局", "县自然资源局"],
        [],
    )
    assert units(find_task(result, 1, "二", "1")) == (
        ["县行政审批服务局"],
        ["县发展改革局"],
        ["各乡镇"],
    )
    # Annex 2 has no "(一)" sections: its tasks have section None.
    assert [s["campaign"] for s in result["sections"]] == [1, 1]
    plain = find_task(result, 2, None, "2")
    assert units(plain) == ([], ["县城市管理局"], [])
    assert plain["flags"] == ["未标明牵头单位"]


def test_half_width_two_level_list() -> None:
    result = sample("two-level-list.txt")
    # "(一)" restarts under each "一、": sub-sections are qualified by their part.
    assert [(s["number"], s["title"]) for s in result["sections"]] == [
        ("一（一）", "基础教育"),
        ("一（二）", "职业教育"),
        ("二", "医疗"),
    ]
    first = find_task(result, None, "一（一）", "1")
    assert first["title"] == "新建幼儿园5所"
    assert units(first) == (["市教育局"], ["市财政局"], [])
    assert [target_summary(t) for t in first["targets"]] == [
        ("新建幼儿园", "5", "所", "5", "所", "", "absolute")
    ]
    assert units(find_task(result, None, "一（二）", "1")) == (
        [],
        ["市教育局", "市人力资源和社会保障局"],
        [],
    )
    assert units(find_task(result, None, "二", "1")) == (["市卫生健康委"], ["市医保局"], [])


def test_gbk_bytes_parse_like_utf8() -> None:
    text = (SAMPLES / "separate-unit-lines.txt").read_text(encoding="utf-8")
    for encoding in ("gbk", "gb18030", "utf-8-sig", "utf-16"):
        decoded = read_plan_document(text.encode(encoding), "任务清单.txt")
        assert decoded == text
    assert parse_plan(read_plan_document(text.encode("gbk"), "x.TXT")) == parse_plan(text)


def test_docx_paragraphs_and_table_cells(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("示范市2025年重点任务清单")
    document.add_paragraph("一、重点任务")
    document.add_paragraph("1.推进项目建设。新开工项目30个以上。（市发展改革委牵头，市财政局配合）")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "2.优化营商环境。"
    table.cell(0, 1).text = "牵头单位：市数据局"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "3.加强人才保障。（市委组织部牵头）"
    document.add_paragraph("二、保障措施")
    document.add_paragraph("1.加强组织领导。")  # safeguards are not tasks
    path = tmp_path / "plan.docx"
    document.save(path)

    text = read_plan_document(path.read_bytes(), path.name)
    assert text.splitlines()[3:6] == [
        "2.优化营商环境。",
        "牵头单位：市数据局",
        "3.加强人才保障。（市委组织部牵头）",
    ]
    result = parse_plan(text)
    assert result["title"] == "示范市2025年重点任务清单"
    assert [(t["number"], t["lead_units"], t["co_units"]) for t in result["tasks"]] == [
        ("1", ["市发展改革委"], ["市财政局"]),
        ("2", ["市数据局"], []),
        ("3", ["市委组织部"], []),
    ]
    assert result["tasks"][0]["targets"][0]["qualifier"] == "以上"


def test_continuation_paragraphs_and_numbering_flags() -> None:
    result = parse_plan(
        "一、重点任务\n"
        "1.推进项目建设。\n"
        "加快前期工作。（市发展改革委牵头）\n"
        "这一段不属于任何任务。\n"
        "2.强化要素保障。\n"
        "2.重复编号的任务。（市财政局牵头）\n"
        "5.跳号的任务。（市商务局牵头）\n"
    )
    tasks = result["tasks"]
    assert tasks[0]["text"] == "推进项目建设。\n加快前期工作。（市发展改革委牵头）"
    assert tasks[0]["lead_units"] == ["市发展改革委"]
    assert [t["flags"] for t in tasks] == [[], ["未找到责任单位"], ["编号重复"], ["编号不连续"]]
    assert tasks[1]["unit_clause"] is None


# --------------------------------------------------------------------------- #
# Bad input
# --------------------------------------------------------------------------- #


def _zip_without_word_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "plan.txt", "文件为空"),
        (b"", "plan.docx", "文件为空"),
        (b"  \n\n", "plan.txt", "文件为空"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "plan.txt",
            "无法识别文件内容：不是文本或 Word 文档",
        ),
        (b"\x80\x81\xfe\xff\xfd" * 20, "plan.txt", "无法识别文件内容：不是文本或 Word 文档"),
        (b"\x01\x02\x03\x04\x05\x06abc", "plan.txt", "无法识别文件内容：不是文本或 Word 文档"),
        ("一、任务\n1.测试。".encode(), "plan.docx", "不是有效的 .docx 文件（不是 zip 压缩包）"),
        (
            _zip_without_word_document(),
            "plan.docx",
            "不是有效的 .docx 文件（无法读取 Word 文档内容）",
        ),
        (b"%PDF-1.7", "plan.pdf", "仅支持 .txt 和 .docx 文件"),
        (b"data", "plan", "仅支持 .txt 和 .docx 文件"),
    ],
)
def test_read_rejects_bad_files(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(PlanParseError) as excinfo:
        read_plan_document(data, filename)
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "关于做好春节期间安全生产工作的通知\n各单位要高度重视，认真落实。",
        "一、总体目标\n地区生产总值增长6%左右。\n二、重点任务\n(一)扩大内需\n1.",
        "",
    ],
)
def test_text_without_tasks_is_rejected(text: str) -> None:
    with pytest.raises(PlanParseError, match="^未识别到任何编号任务"):
        parse_plan(text)
