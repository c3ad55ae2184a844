"""Reads for task progress: who reports what, what they see, and the overdue/lagging flags.

Flags (also explained on the "我的任务" page):

- 时序进度 (time share) of a period = days of the year elapsed at the period's end ÷ days in
  that year, in percent (2025-03-31 → 90/365 = 24.7%).
- A task is **overdue** when its deadline is before the judging day (today, or the period's end
  when that is earlier) and its status is neither 已完成 nor 已办结.
- A task is **lagging** when its percent is below 时序进度 minus a tolerance (default 10
  points), or when one of its quantitative targets is behind: for absolute targets, the
  cumulative value ÷ target value (in percent) below 时序进度 minus the tolerance; for growth,
  rate, share and point targets, the cumulative value below the target value; for targets
  qualified 以下/不超过, the cumulative value above the target value. Exactly on the line is
  not lagging, a missing value is not judged, and 已完成/已办结 tasks are never lagging.
- Lagging is judged from the period's consolidated entry (the lead department's or the task
  force's, the most recently saved); a period without one is 未填报, not lagging. Overdue uses
  that entry's status, or the task's current status when the period has no entry.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.selectors import Access
from campaigns.models import Department
from reporting.choices import PeriodKind
from reporting.models import Period
from tasks.choices import Qualifier, TargetKind, TaskStatus
from tasks.models import Target, Task
from tasks.selectors import department_tasks_condition

from .models import TaskProgress

LAGGING_TOLERANCE = 10  # percentage points below 时序进度 before a task counts as lagging
REPORTING_PERIOD_KINDS = (PeriodKind.MONTH, PeriodKind.TEN_DAY)
FINISHED = (TaskStatus.COMPLETED, TaskStatus.CLOSED)
AT_MOST = (Qualifier.BELOW, Qualifier.NOT_ABOVE)


@dataclass(frozen=True)
class ReportingUnit:
    """The unit a user reports for on one task: a department, or the task force (None)."""

    department: Department | None
    consolidated: bool

    @property
    def department_id(self) -> int | None:
        return self.department.pk if self.department else None

    @property
    def label(self) -> str:
        if self.department is None:
            return "专班"
        return f"{self.department.name}（{'牵头单位' if self.consolidated else '责任单位'}）"

    def owns(self, progress: TaskProgress) -> bool:
        return progress.department_id == self.department_id


@dataclass(frozen=True)
class TaskFlags:
    """A task's overdue and lagging flags for one period, with the reasons in Chinese."""

    time_share: Fraction
    overdue: bool
    lagging: bool
    reasons: tuple[str, ...] = ()


@dataclass
class MyTaskRow:
    """One line of "我的任务": a task, the user's unit on it, this period's entries and flags."""

    task: Task
    unit: ReportingUnit | None
    own_entry: TaskProgress | None
    consolidated_entry: TaskProgress | None
    flags: TaskFlags
    status: str = field(init=False)
    percent: int = field(init=False)

    def __post_init__(self) -> None:
        source = self.consolidated_entry or self.task
        self.status, self.percent = source.status, source.percent

    @property
    def reported(self) -> bool:
        """已填报: the user's unit (or, for readers, the consolidating unit) has an entry."""
        return (self.own_entry if self.unit else self.consolidated_entry) is not None

    @property
    def status_label(self) -> str:
        return TaskStatus(self.status).label


def reporting_periods() -> QuerySet[Period]:
    """Periods progress is reported for: months and 旬."""
    return Period.objects.filter(kind__in=REPORTING_PERIOD_KINDS).order_by("start", "kind")


def period_default(today: date | None = None) -> Period | None:
    """The month containing today, when it exists."""
    today = today or timezone.localdate()
    return (
        reporting_periods().filter(kind=PeriodKind.MONTH, start__lte=today, end__gte=today).first()
    )


def _lead_ids(task: Task) -> set[int]:
    return {d.pk for d in task.lead_departments.all()}


def reporting_unit(access: Access, task: Task) -> ReportingUnit | None:
    """Who the user reports for on `task` (their lead department first), or None if nobody."""
    if access.is_read_only:
        return None
    for departments, consolidated in ((task.lead_departments, True), (task.co_departments, False)):
        mine = sorted(
            (d for d in departments.all() if d.pk in access.department_ids), key=lambda d: d.pk
        )
        if mine:
            return ReportingUnit(department=mine[0], consolidated=consolidated)
    if access.is_admin or access.is_office or task.campaign_id in access.campaign_ids:
        return ReportingUnit(department=None, consolidated=True)
    return None


def is_consolidated(progress: TaskProgress, lead_ids: Iterable[int]) -> bool:
    """The task force's and the lead departments' entries are the task's consolidated state."""
    return progress.department_id is None or progress.department_id in set(lead_ids)


def progress_tasks(access: Access) -> QuerySet[Task]:
    """Tasks the user reports on (or, for readers of everything, every task)."""
    tasks = Task.objects.all()
    if access.sees_everything:
        return tasks
    return tasks.filter(
        Q(campaign_id__in=access.campaign_ids) | department_tasks_condition(access.department_ids)
    )


def progress_visible(access: Access) -> QuerySet[TaskProgress]:
    """Entries a user may read: their own unit's, their campaigns', and every unit's on the tasks
    their department leads (协办单位填报情况)."""
    entries = TaskProgress.objects.all()
    if access.sees_everything:
        return entries
    led = Task.objects.filter(department_tasks_condition(access.department_ids, co=False))
    return entries.filter(
        Q(task__campaign_id__in=access.campaign_ids)
        | Q(department_id__in=access.department_ids)
        | Q(task_id__in=led.values("pk"))
    )


def progress_list(access: Access) -> QuerySet[TaskProgress]:
    """Visible entries with everything the list and the API show, in a fixed number of queries."""
    return (
        progress_visible(access)
        .select_related("task__campaign", "period", "department", "updated_by")
        .prefetch_related("values__target", "evidence")
        .order_by("-period__start", "task__order", "department_id", "pk")
    )


def task_with_units() -> QuerySet[Task]:
    """Tasks with campaign, units and targets, ready to decide who reports and to judge flags."""
    return Task.objects.select_related("campaign", "section", "parent").prefetch_related(
        "lead_departments",
        "co_departments",
        Prefetch("targets", queryset=Target.objects.order_by("order", "pk")),
    )


def time_share(day: date) -> Fraction:
    """时序进度: the share of `day`'s year elapsed at the end of `day`, in percent."""
    first = date(day.year, 1, 1)
    days_in_year = (date(day.year + 1, 1, 1) - first).days
    return Fraction((day - first).days + 1, days_in_year) * 100


def _target_behind(target: Target, cumulative: Decimal, threshold: Fraction) -> str:
    """Why a target's cumulative value is behind, or "" when it is not."""
    value = Fraction(target.value)
    reached = Fraction(cumulative)
    if target.qualifier in AT_MOST:
        return f"{target.name}累计{cumulative.normalize()}超过目标" if reached > value else ""
    if target.kind == TargetKind.ABSOLUTE:
        if value <= 0 or reached / value * 100 >= threshold:
            return ""
        return f"{target.name}完成{float(reached / value * 100):.1f}%，低于时序进度"
    return f"{target.name}累计{cumulative.normalize()}低于目标" if reached < value else ""


def task_flags(
    *,
    task: Task,
    period: Period,
    consolidated: TaskProgress | None,
    today: date | None = None,
    tolerance: int = LAGGING_TOLERANCE,
) -> TaskFlags:
    """Overdue and lagging flags of a task in a period (rules in this module's docstring)."""
    today = today or timezone.localdate()
    share = time_share(period.end)
    if (consolidated or task).status in FINISHED:
        return TaskFlags(time_share=share, overdue=False, lagging=False)
    overdue = task.deadline is not None and task.deadline < min(today, period.end)
    if consolidated is None:
        return TaskFlags(time_share=share, overdue=overdue, lagging=False)
    threshold = share - tolerance
    reasons: list[str] = []
    if consolidated.percent < threshold:
        reasons.append(f"完成进度{consolidated.percent}%低于时序进度{float(share):.1f}%")
    targets = {t.pk: t for t in task.targets.all()}
    for value in consolidated.values.all():
        target = targets.get(value.target_id)
        if target is not None and value.cumulative is not None:
            reason = _target_behind(target, value.cumulative, threshold)
            if reason:
                reasons.append(reason)
    return TaskFlags(
        time_share=share, overdue=overdue, lagging=bool(reasons), reasons=tuple(reasons)
    )


def consolidated_entry(task: Task, entries: Iterable[TaskProgress]) -> TaskProgress | None:
    """The most recently saved consolidated entry among one task's entries of a period."""
    leads = _lead_ids(task)
    candidates = [e for e in entries if is_consolidated(e, leads)]
    return max(candidates, key=lambda e: e.updated_at, default=None)


def my_task_rows(
    *,
    access: Access,
    period: Period,
    tasks: QuerySet[Task],
    status: str = "",
    reported: bool | None = None,
    flag: str = "",
    today: date | None = None,
) -> list[MyTaskRow]:
    """ "我的任务" for a period: `tasks` (already scoped and filtered) with entries and flags."""
    entries = TaskProgress.objects.filter(period=period).prefetch_related("values")
    tasks = (
        task_with_units()
        .filter(pk__in=tasks.values("pk"))
        .prefetch_related(Prefetch("progress", queryset=entries, to_attr="period_entries"))
    )
    rows = []
    for task in tasks.order_by("campaign__number", "order", "pk"):
        unit = reporting_unit(access, task)
        own = next((e for e in task.period_entries if unit and unit.owns(e)), None)
        consolidated = consolidated_entry(task, task.period_entries)
        flags = task_flags(task=task, period=period, consolidated=consolidated, today=today)
        row = MyTaskRow(
            task=task, unit=unit, own_entry=own, consolidated_entry=consolidated, flags=flags
        )
        if status and row.status != status or flag and not getattr(flags, flag):
            continue
        if reported is None or row.reported == reported:
            rows.append(row)
    return rows


def task_period_entries(access: Access, task: Task, period: Period) -> list[TaskProgress]:
    """Every visible entry of one task in one period, consolidated ones first."""
    entries = list(
        progress_list(access).filter(task=task, period=period).order_by("department__order", "pk")
    )
    leads = _lead_ids(task)
    return sorted(entries, key=lambda e: not is_consolidated(e, leads))


def task_history(access: Access, task: Task, exclude_period: Period) -> QuerySet[TaskProgress]:
    """A task's visible entries over the other periods, newest first."""
    return (
        progress_list(access)
        .filter(task=task)
        .exclude(period=exclude_period)
        .order_by("-period__end", "period__kind", "department_id")
    )
