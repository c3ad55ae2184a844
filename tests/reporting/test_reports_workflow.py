"""The monthly report's services: pre-fill, workflow, lateness, locking, regeneration, audit."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from audit.selectors import history_for
from campaigns.models import Department
from progress.models import TaskProgress
from reporting.models import ProvincialRank, ReportEvent
from reporting.services import (
    ReportStateError,
    ReportVersionConflict,
    period_set_deadline,
    report_get_or_create,
    report_regenerate,
    report_transition,
    report_update,
)
from tests.factories import DepartmentFactory
from tests.reporting.test_reports_support import build_cast, campaign_task, month

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def cast(db):
    return build_cast()


def _progress(task, period, user, department=None, **values):
    return TaskProgress.objects.create(
        task=task, period=period, department=department, updated_by=user, **values
    )


def _open(cast, number=3, user="staff"):
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(number), user=cast[user])
    return report


def test_report_is_prefilled_from_the_months_task_progress(cast):
    staff, march = cast["staff"], month(3)
    parking = campaign_task(cast.campaign, "建设智慧停车平台", order=2)
    consumption = campaign_task(cast.campaign, "开展消费季活动", order=1)
    shared = campaign_task(cast.campaign, "培育夜间经济", order=3)
    silent = campaign_task(cast.campaign, "本月无进展的任务", order=4)
    _progress(
        parking, march, staff, percent=40, done="完成选址", problems="资金缺口", next_steps="招标"
    )
    _progress(consumption, march, staff, percent=80, done="举办两场活动", next_steps="总结")
    commerce = Department.objects.get(name="市商务局")
    culture = DepartmentFactory(name="市文旅局")
    _progress(shared, march, staff, department=commerce, percent=50, done="摸排商圈")
    _progress(shared, march, staff, department=culture, percent=30, done="策划演出")
    _progress(silent, month(2), staff, percent=10, done="二月的事")
    other = campaign_task(cast.other_campaign, "别的攻坚的任务", order=1)
    _progress(other, march, staff, percent=90, done="不属于本攻坚")

    report = _open(cast)

    assert report.progress.splitlines() == [
        "（1）开展消费季活动：举办两场活动（进度 80%）",
        "（2）建设智慧停车平台：完成选址（进度 40%）",
        "（3）培育夜间经济：市商务局：摸排商圈；市文旅局：策划演出（进度 40%）",
    ]
    assert report.problems == "（1）建设智慧停车平台：资金缺口"
    assert report.next_plans.splitlines() == [
        "（1）开展消费季活动：总结",
        "（2）建设智慧停车平台：招标",
    ]
    assert report.practices == ""
    assert report.deadline == date(2025, 3, 25)


def test_the_task_forces_own_row_wins_over_its_units_rows(cast):
    staff, march = cast["staff"], month(3)
    task = campaign_task(cast.campaign, "推进项目", order=1)
    _progress(task, march, staff, department=DepartmentFactory(), percent=10, done="部门口径")
    _progress(task, march, staff, percent=60, done="专班汇总口径")
    assert _open(cast).progress == "（1）推进项目：专班汇总口径（进度 60%）"


def test_rank_table_starts_from_last_months_indicators_with_their_rank_as_previous(cast):
    february = _open(cast, number=2)
    report_update(
        report=february,
        user=cast["staff"],
        version=february.version,
        fields={},
        ranks=[
            {"indicator": "社会消费品零售总额增速", "rank": 5, "previous_rank": 6, "note": "x"},
            {"indicator": "限上单位数", "rank": 9},
        ],
    )
    march = _open(cast, number=3)
    rows = list(march.ranks.values_list("indicator", "rank", "previous_rank", "note"))
    assert rows == [("社会消费品零售总额增速", 5, 5, ""), ("限上单位数", 9, 9, "")]


def test_opening_a_month_twice_returns_the_same_report(cast):
    first, created = report_get_or_create(
        campaign=cast.campaign, period=month(3), user=cast["staff"]
    )
    again, created_again = report_get_or_create(
        campaign=cast.campaign, period=month(3), user=cast["liaison"]
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)


def test_a_report_cannot_be_opened_on_a_ten_day_period(cast):
    from reporting.models import Period

    ten_day = Period.objects.filter(kind="ten_day").first()
    with pytest.raises(ValidationError) as error:
        report_get_or_create(campaign=cast.campaign, period=ten_day, user=cast["staff"])
    assert "月度" in error.value.message_dict["period"][0]


@pytest.mark.parametrize("persona", ["leader", "other_staff", "dept_user", "county_user"])
def test_only_the_campaigns_editors_open_a_report(cast, persona):
    with pytest.raises(PermissionDenied):
        report_get_or_create(campaign=cast.campaign, period=month(3), user=cast[persona])


def test_whole_workflow_from_draft_to_accepted_and_reopened(cast):
    report = _open(cast)
    report = report_update(
        report=report, user=cast["staff"], version=1, fields={"practices": "以赛促销"}
    )
    report = report_transition(report=report, user=cast["liaison"], action="submit")
    assert (report.status, report.practices) == ("submitted", "以赛促销")
    report = report_transition(
        report=report, user=cast["office"], action="return", reason="请补充典型做法的成效数据"
    )
    assert (report.status, report.return_reason) == ("returned", "请补充典型做法的成效数据")
    report = report_update(
        report=report,
        user=cast["staff"],
        version=report.version,
        fields={"practices": "以赛促销，带动消费1.2亿元"},
    )
    report = report_transition(report=report, user=cast["liaison"], action="submit")
    report = report_transition(report=report, user=cast["office"], action="accept")
    assert report.status == "accepted" and report.accepted_at is not None

    with pytest.raises(ReportStateError) as locked:
        report_update(report=report, user=cast["office"], version=report.version, fields={})
    assert "已采纳并锁定" in locked.value.messages[0]

    report = report_transition(
        report=report, user=cast["office"], action="reopen", reason="数据口径调整"
    )
    assert (report.status, report.accepted_at, report.return_reason) == (
        "returned",
        None,
        "数据口径调整",
    )
    actions = list(ReportEvent.objects.filter(report=report).values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "accept", "reopen"]
    transitions = AuditEntry.objects.filter(object_id=str(report.pk), action="transition")
    assert transitions.count() == 5
    assert transitions.first().actor == cast["office"]


@pytest.mark.parametrize(
    ("status_path", "action", "message"),
    [
        ([], "accept", "当前状态为“草稿”，不能采纳"),
        ([], "return", "当前状态为“草稿”，不能退回"),
        (["submit"], "submit", "当前状态为“已报送”，不能报送"),
        (["submit", "accept"], "return", "当前状态为“已采纳”，不能退回"),
        (["submit"], "reopen", "当前状态为“已报送”，不能重新打开"),
    ],
)
def test_illegal_transitions_are_refused_in_chinese(cast, status_path, action, message):
    report = _open(cast)
    for step in status_path:
        report = report_transition(report=report, user=cast["office"], action=step)
    with pytest.raises(ReportStateError) as error:
        report_transition(report=report, user=cast["office"], action=action, reason="原因")
    assert message in error.value.messages[0]


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_returning_or_reopening_needs_a_reason(cast, action):
    report = _open(cast)
    report = report_transition(report=report, user=cast["liaison"], action="submit")
    if action == "reopen":
        report = report_transition(report=report, user=cast["office"], action="accept")
    with pytest.raises(ValidationError) as error:
        report_transition(report=report, user=cast["office"], action=action, reason="   ")
    assert "原因" in error.value.message_dict["reason"][0]


@pytest.mark.parametrize(
    ("persona", "action"),
    [("staff", "submit"), ("leader", "submit"), ("liaison", "accept"), ("staff", "return")],
)
def test_steps_outside_a_users_role_are_forbidden(cast, persona, action):
    report = _open(cast)
    if action != "submit":
        report = report_transition(report=report, user=cast["liaison"], action="submit")
    with pytest.raises(PermissionDenied):
        report_transition(report=report, user=cast[persona], action=action, reason="原因")


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (datetime(2025, 3, 25, 23, 59, tzinfo=SHANGHAI), False),
        (datetime(2025, 3, 26, 0, 1, tzinfo=SHANGHAI), True),
    ],
)
def test_submitting_on_the_25th_is_on_time_and_the_26th_is_late(cast, moment, late):
    report = _open(cast)
    with time_machine.travel(moment, tick=False):
        report = report_transition(report=report, user=cast["liaison"], action="submit")
    assert report.submitted_late is late
    assert report.submitted_at == moment == report.last_submitted_at


def test_a_late_resubmission_keeps_the_on_time_first_submission(cast):
    report = _open(cast)
    with time_machine.travel(datetime(2025, 3, 20, 9, tzinfo=SHANGHAI), tick=False):
        report = report_transition(report=report, user=cast["liaison"], action="submit")
        report = report_transition(
            report=report, user=cast["office"], action="return", reason="补充"
        )
    resubmitted = datetime(2025, 3, 28, 9, tzinfo=SHANGHAI)
    with time_machine.travel(resubmitted, tick=False):
        report = report_transition(report=report, user=cast["liaison"], action="submit")
    assert report.submitted_late is False
    assert report.submitted_at < report.last_submitted_at == resubmitted


def test_moving_a_months_deadline_moves_unsubmitted_reports_and_changes_lateness(cast):
    report = _open(cast)
    other, _ = report_get_or_create(
        campaign=cast.other_campaign, period=month(3), user=cast["other_staff"]
    )
    with time_machine.travel(datetime(2025, 3, 10, tzinfo=SHANGHAI), tick=False):
        other = report_transition(report=other, user=cast["office"], action="submit")
    period_set_deadline(period=month(3), deadline=date(2025, 3, 31), user=cast["office"])
    report.refresh_from_db()
    other.refresh_from_db()
    assert (report.deadline, other.deadline) == (date(2025, 3, 31), date(2025, 3, 25))
    assert month(3).deadline == date(2025, 3, 31)
    with time_machine.travel(datetime(2025, 3, 28, tzinfo=SHANGHAI), tick=False):
        report = report_transition(report=report, user=cast["liaison"], action="submit")
    assert report.submitted_late is False
    assert history_for(month(3)).first().changes[0]["after"] == "2025-03-31"


def test_only_the_general_task_force_moves_deadlines_and_never_before_the_month(cast):
    with pytest.raises(PermissionDenied):
        period_set_deadline(period=month(3), deadline=date(2025, 3, 28), user=cast["liaison"])
    with pytest.raises(ValidationError) as error:
        period_set_deadline(period=month(3), deadline=date(2025, 2, 28), user=cast["office"])
    assert "不能早于" in error.value.message_dict["deadline"][0]


def test_a_stale_version_is_a_conflict_and_the_saved_text_survives(cast):
    report = _open(cast)
    report_update(report=report, user=cast["staff"], version=1, fields={"practices": "先到者"})
    with pytest.raises(ReportVersionConflict) as conflict:
        report_update(
            report=report, user=cast["liaison"], version=1, fields={"practices": "后到者"}
        )
    assert conflict.value.current.practices == "先到者"
    assert conflict.value.current.version == 2
    assert "已被他人修改" in str(conflict.value)


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ([{"indicator": "增速", "rank": 0}], "第1行 全省排名：必须是 1 到 14 之间的整数。"),
        ([{"indicator": "增速", "rank": 15}], "第1行 全省排名：必须是 1 到 14 之间的整数。"),
        ([{"indicator": "增速", "rank": "第三"}], "第1行 全省排名：必须是 1 到 14 之间的整数。"),
        (
            [{"indicator": "增速", "rank": 3, "previous_rank": 20}],
            "第1行 上月排名：必须是 1 到 14 之间的整数。",
        ),
        ([{"indicator": "", "rank": 3}], "第1行 指标：不能为空。"),
        (
            [{"indicator": "增速", "rank": 3}, {"indicator": "增速", "rank": 4}],
            "第2行 指标：“增速”重复。",
        ),
    ],
)
def test_bad_rank_rows_are_refused_naming_row_and_field_and_nothing_is_written(
    cast, ranks, message
):
    report = _open(cast)
    with pytest.raises(ValidationError) as error:
        report_update(
            report=report, user=cast["staff"], version=1, fields={"practices": "新"}, ranks=ranks
        )
    assert message in error.value.message_dict["ranks"]
    report.refresh_from_db()
    assert (report.practices, report.version, report.ranks.count()) == ("", 1, 0)


def test_regenerating_refreshes_prefilled_parts_and_keeps_practices_and_this_months_ranks(cast):
    staff = cast["staff"]
    february = _open(cast, number=2)
    report_update(
        report=february,
        user=staff,
        version=1,
        fields={},
        ranks=[{"indicator": "增速", "rank": 6}, {"indicator": "投资", "rank": 8}],
    )
    march = _open(cast)
    march = report_update(
        report=march,
        user=staff,
        version=1,
        fields={"progress": "手工改写", "practices": "典型做法保留"},
        ranks=[
            {"indicator": "增速", "rank": 4, "previous_rank": None},
            {"indicator": "新指标", "rank": 2},
        ],
    )
    task = campaign_task(cast.campaign, "新任务", order=1)
    _progress(task, month(3), staff, percent=20, done="启动")

    march = report_regenerate(report=march, user=staff, version=march.version)

    assert march.progress == "（1）新任务：启动（进度 20%）"
    assert march.practices == "典型做法保留"
    rows = list(
        ProvincialRank.objects.filter(report=march).values_list(
            "indicator", "rank", "previous_rank"
        )
    )
    assert rows == [("增速", 4, 6), ("新指标", 2, None), ("投资", 8, 8)]
    assert march.version == 3
    assert history_for(march).first().summary == "从任务进展重新生成"


def test_edits_are_audited_with_before_and_after(cast):
    report = _open(cast)
    report_update(
        report=report,
        user=cast["staff"],
        version=1,
        fields={"problems": "要素保障不足"},
        ranks=[{"indicator": "增速", "rank": 3}],
    )
    entry = history_for(report).first()
    assert entry.actor == cast["staff"]
    changes = {c["label"]: (c["before"], c["after"]) for c in entry.changes}
    assert changes["存在问题"] == ("", "要素保障不足")
    assert changes["全省排名"] == ([], ["增速：第3名（上月—）"])
