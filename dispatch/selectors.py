"""Reads for 旬调度 and 督办单: who sees which notice, what a dispatch sheet lists, suggestions.

Rules (also shown in the help on the notices page):

- A dispatch sheet lists, as of its 旬's first day: tasks and list items due within the 旬,
  tasks overdue and tasks lagging (progress.selectors rules, judged on the month containing
  the 旬), red-light indicators (dashboard.selectors), campaigns whose month report is still
  outstanding, open notices, and every follow-up item decided at an earlier sheet's meeting
  that was still open when the 旬 began — so a follow-up is carried from sheet to sheet
  until it is closed.
- Escalation: a notice not closed by its deadline goes up one level (蓝 → 橙 → 红) the first
  time the job finds it overdue, and one more level every ESCALATION_DAYS days it stays
  overdue; an approved extension moves the deadline and so restarts the count.
- Suggestions: open tasks overdue by at least SUGGEST_OVERDUE_DAYS days and red-light
  indicators, each without an open notice.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership
from accounts.selectors import Access, scope_tasks
from reporting.choices import PeriodKind, ReportStatus
from reporting.models import Period
from tasks.choices import TaskStatus
from tasks.models import Target, Task

from .choices import (
    LEVEL_ORDER,
    OPEN_STATUSES,
    ExtensionStatus,
    FollowUpStatus,
    NoticeLevel,
    NoticeStatus,
)
from .models import DispatchSheet, ExtensionRequest, FollowUp, Notice, NoticeEvent

ESCALATION_DAYS = 7
SUGGEST_OVERDUE_DAYS = 15
FINISHED = (TaskStatus.COMPLETED, TaskStatus.CLOSED)

SIGN, REPLY, RETURN, CLOSE, URGE, EXTEND, DECIDE = (
    "sign",
    "reply",
    "return",
    "close",
    "urge",
    "extend",
    "decide",
)
ACTION_LABELS = {
    SIGN: "签收",
    REPLY: "反馈",
    RETURN: "退回",
    CLOSE: "办结",
    URGE: "催办",
    EXTEND: "申请延期",
    DECIDE: "审批延期",
}
REVIEWER_ACTIONS = {RETURN, CLOSE, URGE, DECIDE}
UNIT_ACTIONS = {SIGN, REPLY, EXTEND}
STATES = {
    SIGN: {NoticeStatus.ISSUED},
    REPLY: {NoticeStatus.SIGNED, NoticeStatus.RETURNED},
    RETURN: {NoticeStatus.REPLIED},
    CLOSE: {NoticeStatus.REPLIED},
    URGE: set(OPEN_STATUSES),
    EXTEND: set(OPEN_STATUSES),
    DECIDE: set(OPEN_STATUSES),
}


# --- notices ----------------------------------------------------------------------------------


def notices_visible(access: Access) -> QuerySet[Notice]:
    """Notices a user may read: all for 总专班/admin/leaders, else their unit's and campaigns'."""
    notices = Notice.objects.all()
    if access.sees_everything:
        return notices
    return notices.filter(
        Q(department_id__in=access.department_ids) | Q(campaign_id__in=access.campaign_ids)
    )


def notice_list(access: Access) -> QuerySet[Notice]:
    """Visible notices with what the list, the export and the API show, in fixed queries."""
    pending = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING)
    return (
        notices_visible(access)
        .select_related("task", "target", "campaign", "department", "issued_by")
        .prefetch_related(Prefetch("extensions", queryset=pending, to_attr="pending_extensions"))
        .order_by("-issued_at", "-pk")
    )


def notice_detail(access: Access) -> QuerySet[Notice]:
    """Visible notices with their timeline, evidence and extension requests."""
    return notice_list(access).prefetch_related(
        Prefetch(
            "events",
            queryset=NoticeEvent.objects.select_related("actor").prefetch_related("evidence"),
        ),
        Prefetch("extensions", queryset=ExtensionRequest.objects.select_related("requested_by")),
    )


def notice_pending_extension(notice: Notice) -> ExtensionRequest | None:
    """The notice's undecided extension request, if any."""
    cached = getattr(notice, "pending_extensions", None)
    if cached is not None:
        return cached[0] if cached else None
    return notice.extensions.filter(status=ExtensionStatus.PENDING).first()


def notice_may(access: Access, notice: Notice, action: str) -> bool:
    """Whether the user's role lets them take `action` on `notice` (its state aside)."""
    if access.is_read_only:
        return False
    if action in REVIEWER_ACTIONS:
        return access.is_office or access.is_admin
    return action in UNIT_ACTIONS and notice.department_id in access.department_ids


def notice_state_allows(notice: Notice, action: str) -> bool:
    """Whether `notice`'s status (and pending extension) allows `action`."""
    if notice.status not in STATES[action]:
        return False
    pending = notice_pending_extension(notice)
    if action == DECIDE:
        return pending is not None
    if action == EXTEND:
        return pending is None
    return True


def notice_allowed_actions(access: Access, notice: Notice) -> list[str]:
    """The steps the user may take on the notice now."""
    return [
        action
        for action in ACTION_LABELS
        if notice_may(access, notice, action) and notice_state_allows(notice, action)
    ]


def notice_is_overdue(notice: Notice, today: date | None = None) -> bool:
    """Open and past its deadline."""
    today = today or timezone.localdate()
    return notice.status != NoticeStatus.CLOSED and notice.deadline < today


def escalation_due(notice: Notice, today: date) -> bool:
    """The escalation rule (module docstring): overdue, below red, and not escalated lately."""
    if not notice_is_overdue(notice, today) or notice.level == NoticeLevel.RED:
        return False
    last = notice.escalated_on
    return last is None or last <= max(notice.deadline, today - timedelta(days=ESCALATION_DAYS))


def level_above(level: str) -> str:
    """The next level up, red staying red."""
    index = LEVEL_ORDER.index(NoticeLevel(level))
    return LEVEL_ORDER[min(index + 1, len(LEVEL_ORDER) - 1)]


def notices_to_escalate(today: date) -> QuerySet[Notice]:
    """Open overdue notices below red; escalation_due decides each one."""
    return (
        Notice.objects.filter(status__in=OPEN_STATUSES, deadline__lt=today)
        .exclude(level=NoticeLevel.RED)
        .select_related("campaign", "department")
        .order_by("pk")
    )


def open_notice_counts(campaign_ids: list[int]) -> dict[int, int]:
    """Open notices per campaign (for the dashboard's 督办 column)."""
    counts: dict[int, int] = {}
    rows = Notice.objects.filter(campaign_id__in=campaign_ids, status__in=OPEN_STATUSES)
    for campaign_id in rows.values_list("campaign_id", flat=True):
        counts[campaign_id] = counts.get(campaign_id, 0) + 1
    return counts


# --- recipients -------------------------------------------------------------------------------


def department_staff(department_id: int) -> list:
    """Active staff of a department."""
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.DEPARTMENT, department_id=department_id, user__is_active=True
        ).select_related("user")
    ]


def office_staff() -> list:
    """Active 总专班 users."""
    return [
        m.user
        for m in Membership.objects.filter(role=Role.OFFICE, user__is_active=True).select_related(
            "user"
        )
    ]


def campaign_leaders(campaign_id: int | None) -> list:
    """Leaders linked to a campaign (its conveners)."""
    if campaign_id is None:
        return []
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.LEADER, campaign_id=campaign_id, user__is_active=True
        ).select_related("user")
    ]


# --- to-do ------------------------------------------------------------------------------------


def todo_notices(access: Access) -> QuerySet[Notice]:
    """Open notices the user's unit must act on (all open ones for 总专班), soonest deadline first."""
    notices = notice_list(access).filter(status__in=OPEN_STATUSES)
    if not (access.is_office or access.is_admin) and access.department_ids:
        notices = notices.filter(department_id__in=access.department_ids)
    return notices.order_by("deadline", "pk")


def follow_ups_visible(access: Access) -> QuerySet[FollowUp]:
    """Follow-up items a user may read: all for readers of everything, else their unit's."""
    items = FollowUp.objects.select_related("sheet__period", "department")
    if access.sees_everything:
        return items
    return items.filter(department_id__in=access.department_ids)


def todo_follow_ups(access: Access) -> QuerySet[FollowUp]:
    """Open follow-up items of the user's unit (all open ones for 总专班)."""
    return follow_ups_visible(access).filter(status=FollowUpStatus.OPEN).order_by("deadline", "pk")


def follow_up_may_close(access: Access, item: FollowUp) -> bool:
    """总专班, administrators and the responsible unit's staff close a follow-up item."""
    if access.is_read_only or item.status != FollowUpStatus.OPEN:
        return False
    return access.is_office or access.is_admin or item.department_id in access.department_ids


# --- dispatch sheets --------------------------------------------------------------------------


def sheets_visible(access: Access) -> QuerySet[DispatchSheet]:
    """Dispatch sheets: read by 总专班, administrators and leaders."""
    if not access.sees_everything:
        return DispatchSheet.objects.none()
    return DispatchSheet.objects.select_related("period", "created_by").order_by("-period__start")


def ten_day_periods() -> QuerySet[Period]:
    """The 旬 a sheet can be made for."""
    return Period.objects.filter(kind=PeriodKind.TEN_DAY).order_by("start")


def ten_day_period_for(day: date) -> Period | None:
    """The 旬 containing `day`."""
    return ten_day_periods().filter(start__lte=day, end__gte=day).first()


@dataclass
class SheetContent:
    """What a dispatch sheet lists (rules in the module docstring)."""

    as_of: date
    due: list[Task]
    overdue: list[Task]
    lagging: list
    red_targets: list[dict]
    reports_outstanding: list
    notices: list[Notice]
    follow_ups: list[FollowUp]
    decided: list[FollowUp]


def _month_for(day: date) -> Period | None:
    return Period.objects.filter(kind=PeriodKind.MONTH, start__lte=day, end__gte=day).first()


def _task_flag_rows(access: Access, month: Period | None, as_of: date) -> list:
    from progress.selectors import my_task_rows

    if month is None:
        return []
    return my_task_rows(access=access, period=month, tasks=Task.objects.all(), today=as_of)


def red_targets(as_of: date) -> list[dict]:
    """Indicators whose dashboard light is red in the month containing `as_of`."""
    from dashboard.choices import Light
    from dashboard.selectors import dashboard_scope, light_rule_get, target_rows

    scope = dashboard_scope(today=as_of)
    return [row for row in target_rows(scope, light_rule_get()) if row["light"] == Light.RED]


def _reports_outstanding(month: Period | None) -> list:
    from reporting.selectors import review_queue

    if month is None:
        return []
    done = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
    return [row for row in review_queue(period=month) if row.report_status not in done]


def carried_follow_ups(sheet: DispatchSheet) -> QuerySet[FollowUp]:
    """Follow-ups decided at earlier sheets' meetings and still open when this 旬 began."""
    start = sheet.period.start
    began = timezone.make_aware(datetime.combine(start, time.min))
    return (
        FollowUp.objects.filter(sheet__period__start__lt=start)
        .filter(Q(status=FollowUpStatus.OPEN) | Q(closed_at__gte=began))
        .select_related("sheet__period", "department")
        .order_by("deadline", "pk")
    )


def sheet_content(access: Access, sheet: DispatchSheet) -> SheetContent:
    """Everything a dispatch sheet lists, in a fixed number of queries."""
    period = sheet.period
    as_of = period.start
    month = _month_for(as_of)
    rows = _task_flag_rows(access, month, as_of)
    open_rows = [row for row in rows if row.status not in FINISHED]
    return SheetContent(
        as_of=as_of,
        due=[
            row.task
            for row in open_rows
            if row.task.deadline and period.start <= row.task.deadline <= period.end
        ],
        overdue=[row.task for row in open_rows if row.flags.overdue],
        lagging=[row for row in open_rows if row.flags.lagging],
        red_targets=red_targets(as_of),
        reports_outstanding=_reports_outstanding(month),
        notices=list(
            notice_list(access).filter(status__in=OPEN_STATUSES).order_by("deadline", "pk")
        ),
        follow_ups=list(carried_follow_ups(sheet)),
        decided=list(sheet.follow_ups.select_related("department").order_by("deadline", "pk")),
    )


# --- suggestions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A notice the platform proposes: its subject, why, the units and the level."""

    kind: str  # "task" or "target"
    subject_id: int
    title: str
    reason: str
    level: str
    department_ids: tuple[int, ...]
    department_names: str


def _lateness_level(days: int) -> str:
    if days >= 60:
        return NoticeLevel.RED
    if days >= 30:
        return NoticeLevel.ORANGE
    return NoticeLevel.BLUE


def notice_suggestions(
    *, today: date | None = None, overdue_days: int = SUGGEST_OVERDUE_DAYS
) -> list[Suggestion]:
    """Long-overdue tasks and red-light indicators that have no open notice yet."""
    today = today or timezone.localdate()
    open_notices = Notice.objects.filter(status__in=OPEN_STATUSES)
    tasks = (
        Task.objects.filter(deadline__lte=today - timedelta(days=overdue_days))
        .exclude(status__in=FINISHED)
        .exclude(pk__in=open_notices.filter(task__isnull=False).values("task_id"))
        .select_related("campaign")
        .prefetch_related("lead_departments")
        .order_by("deadline", "pk")
    )
    suggestions = []
    for task in tasks:
        late = (today - task.deadline).days
        departments = list(task.lead_departments.all())
        suggestions.append(
            Suggestion(
                kind="task",
                subject_id=task.pk,
                title=f"{task.number}. {task.title}",
                reason=f"已逾期{late}天（完成时限{task.deadline:%Y-%m-%d}）",
                level=_lateness_level(late),
                department_ids=tuple(d.pk for d in departments),
                department_names="、".join(d.name for d in departments),
            )
        )
    noticed = set(open_notices.filter(target__isnull=False).values_list("target_id", flat=True))
    red = [row for row in red_targets(today) if row["id"] not in noticed]
    targets = Target.objects.select_related("campaign", "task").prefetch_related(
        "campaign__lead_departments", "task__lead_departments"
    )
    for target in targets.filter(pk__in=[row["id"] for row in red]).order_by("pk"):
        owner = target.task or target.campaign
        departments = list(owner.lead_departments.all()) if owner else []
        suggestions.append(
            Suggestion(
                kind="target",
                subject_id=target.pk,
                title=target.name,
                reason="指标亮红灯",
                level=NoticeLevel.ORANGE,
                department_ids=tuple(d.pk for d in departments),
                department_names="、".join(d.name for d in departments),
            )
        )
    return suggestions


def notice_subject_campaign_id(*, task: Task | None, target: Target | None) -> int | None:
    """The campaign a notice's subject belongs to."""
    if task is not None:
        return task.campaign_id
    if target is not None:
        return target.campaign_id or (target.task.campaign_id if target.task_id else None)
    return None


def subject_tasks(access: Access) -> QuerySet[Task]:
    """Tasks a user may make the subject of a notice."""
    return scope_tasks(Task.objects.all(), access)
