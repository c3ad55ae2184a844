"""Rows of the dispatch exports (notices list, dispatch sheet), written by core.exports."""

from collections.abc import Iterable, Iterator
from datetime import date

from .models import Notice
from .selectors import SheetContent, notice_is_overdue

NOTICE_HEADERS = [
    "编号",
    "标题",
    "督办对象",
    "攻坚",
    "责任单位",
    "督办等级",
    "状态",
    "办理时限",
    "是否逾期",
    "交办时间",
    "签收时间",
    "反馈时间",
    "办结时间",
    "督办要求",
    "反馈内容",
]
SHEET_HEADERS = ["类别", "事项", "攻坚或责任单位", "时限", "说明"]


def notice_rows(notices: Iterable[Notice], today: date) -> Iterator[list]:
    """One row per notice."""
    for notice in notices:
        yield [
            notice.number,
            notice.title,
            str(notice.subject),
            notice.campaign.name if notice.campaign else "",
            notice.department.name,
            notice.get_level_display(),
            notice.get_status_display(),
            notice.deadline,
            "是" if notice_is_overdue(notice, today) else "否",
            notice.issued_at,
            notice.signed_at,
            notice.replied_at,
            notice.closed_at,
            notice.requirement,
            notice.reply,
        ]


def _campaign(task) -> str:
    return task.campaign.name if task.campaign else ""


def sheet_rows(content: SheetContent) -> Iterator[list]:
    """The sheet's sections, one row per item, its category in the first column."""
    for task in content.due:
        yield ["本旬到期", str(task), _campaign(task), task.deadline, task.get_status_display()]
    for task in content.overdue:
        yield ["已逾期", str(task), _campaign(task), task.deadline, task.get_status_display()]
    for row in content.lagging:
        yield [
            "进度滞后",
            str(row.task),
            _campaign(row.task),
            row.task.deadline,
            "；".join(row.flags.reasons),
        ]
    for target in content.red_targets:
        yield ["指标红灯", target["name"], target["campaign"], None, target["target"]]
    for row in content.reports_outstanding:
        yield [
            "月报未报送",
            f"{row.number}. {row.name}",
            row.name,
            row.report_deadline,
            row.report_status_label,
        ]
    for notice in content.notices:
        yield [
            "督办单未办结",
            f"{notice.number} {notice.title}",
            notice.department.name,
            notice.deadline,
            notice.get_status_display(),
        ]
    for item in content.follow_ups:
        yield [
            "上期议定事项",
            item.decision,
            item.department.name,
            item.deadline,
            item.get_status_display(),
        ]
    for item in content.decided:
        yield [
            "本次议定事项",
            item.decision,
            item.department.name,
            item.deadline,
            item.get_status_display(),
        ]
