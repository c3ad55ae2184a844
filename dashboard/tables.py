"""The dashboard's tables as header + rows, for the .xlsx exports (one per table on the page)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """An exportable table: its title, its headers and how to make its rows from the figures."""

    title: str
    headers: Callable[[dict], list[str]]
    rows: Callable[[dict], list[list]]


def _fixed(*headers: str) -> Callable[[dict], list[str]]:
    return lambda data: list(headers)


def _by_month(first: str) -> Callable[[dict], list[str]]:
    return lambda data: [first, *data["months"]]


def _target_rows(data: dict) -> list[list]:
    return [
        [
            row["name"],
            row["campaign"] or "总体目标",
            row["target"],
            row["latest_period"],
            row["monthly"],
            row["cumulative"],
            row["expected"],
            row["gap"],
            row["run_rate"],
            row["rank"],
            row["rank_change"],
            row["light_label"],
        ]
        for row in data["targets"]
    ]


def _campaign_rows(data: dict) -> list[list]:
    return [
        [
            row["name"],
            row["total"],
            *[entry["count"] for entry in row["by_status"]],
            row["overdue"],
            row["report_status"],
            row["report_delivery_label"],
            "—" if row["supervision_open"] is None else row["supervision_open"],
        ]
        for row in data["campaigns"]
    ]


def _matrix_rows(key: str) -> Callable[[dict], list[list]]:
    return lambda data: [
        [row["name"], *[cell["label"] for cell in row["cells"]]] for row in data[key]
    ]


def _series_rows(key: str) -> Callable[[dict], list[list]]:
    return lambda data: [
        [row["name"], *row[key]] for row in data["targets"] if row["scope"] == "plan"
    ]


def _ranking_rows(data: dict) -> list[list]:
    return [
        [
            row["period"],
            row["rank"],
            row["name"],
            row["target"],
            row["cumulative"],
            row["previous"],
            row["change"],
            row["rank_change"],
        ]
        for row in data["region_ranking"]
    ]


TABLES: dict[str, Table] = {
    "targets": Table(
        "目标完成情况",
        _fixed(
            "指标",
            "层级",
            "目标",
            "最新月份",
            "当月值",
            "累计值",
            "应达值",
            "差距",
            "后续每月需达",
            "全省排名",
            "排名变化",
            "红黄绿灯",
        ),
        _target_rows,
    ),
    "campaigns": Table(
        "攻坚概况",
        _fixed(
            "攻坚",
            "任务数",
            "未启动",
            "推进中",
            "滞后",
            "已完成",
            "已办结",
            "逾期",
            "本月月报",
            "报送情况",
            "督办未结",
        ),
        _campaign_rows,
    ),
    "reports": Table("月报报送情况", _by_month("攻坚"), _matrix_rows("report_matrix")),
    "regions": Table("县市区报送情况", _by_month("县市区"), _matrix_rows("region_matrix")),
    "departments": Table(
        "部门逾期任务",
        _fixed("牵头单位", "逾期任务数"),
        lambda data: [[row["name"], row["count"]] for row in data["departments"]],
    ),
    "ranking": Table(
        "县市区排名",
        _fixed("月份", "排名", "县市区", "分解目标", "累计", "上月累计", "变化", "排名变化"),
        _ranking_rows,
    ),
    "series": Table("总体目标累计完成", _by_month("指标"), _series_rows("series")),
    "ranks": Table("全省排名走势", _by_month("指标"), _series_rows("ranks")),
}
