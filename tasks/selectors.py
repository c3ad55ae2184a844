"""Reads for tasks, the three lists and targets."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.selectors import Access, scope_campaigns, scope_tasks
from campaigns.models import Campaign, Plan, Region

from .choices import ListKind, TargetScope, TaskStatus
from .models import Target, Task

DONE_STATUSES = (TaskStatus.COMPLETED, TaskStatus.CLOSED)

TASK_EXPORT_HEADERS = [
    "编号",
    "清单",
    "标题",
    "内容",
    "牵头领导",
    "牵头单位",
    "责任单位",
    "责任人",
    "完成时限",
    "状态",
    "完成进度（%）",
    "是否逾期",
]
TASK_EXPORT_WIDTHS = [10, 10, 36, 60, 12, 24, 30, 12, 12, 10, 12, 10]


def department_tasks_condition(department_ids, *, lead: bool = True, co: bool = True) -> Q:
    """Tasks the departments lead and/or share, as semi-joins: one join across both relations
    multiplies rows (and a DISTINCT over them is slow), two subqueries do not."""
    condition = Q(pk__in=[])
    throughs = [Task.lead_departments.through] * lead + [Task.co_departments.through] * co
    for through in throughs:
        rows = through.objects.filter(department_id__in=department_ids)
        condition |= Q(pk__in=rows.values("task_id"))
    return condition


def overdue_condition() -> Q:
    """Past its deadline (today, Asia/Shanghai) and neither completed nor closed."""
    return Q(deadline__lt=timezone.localdate()) & ~Q(status__in=DONE_STATUSES)


def task_list() -> QuerySet[Task]:
    """Tasks with everything a list shows, in a fixed number of queries."""
    return (
        Task.objects.select_related("plan", "campaign", "section", "parent")
        .prefetch_related("lead_departments", "co_departments")
        .annotate(
            is_overdue=Case(
                When(overdue_condition(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("plan_id", "campaign__number", "order", "number", "pk")
    )


def scoped_tasks(access: Access) -> QuerySet[Task]:
    """The tasks a user may see, ready to list."""
    return scope_tasks(task_list(), access)


def list_items(*, campaign: Campaign, list_kind: str, access: Access) -> QuerySet[Task]:
    """One of a campaign's three lists, as far as the user may see it."""
    return scoped_tasks(access).filter(campaign=campaign, list_kind=list_kind)


def list_counts(*, campaign: Campaign, access: Access) -> dict[str, int]:
    """How many items of each list the user sees, for the list tabs."""
    rows = (
        scope_tasks(Task.objects.filter(campaign=campaign), access)
        .values("list_kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {kind: 0 for kind in ListKind.values}
    counts.update({row["list_kind"]: row["count"] for row in rows})
    return counts


def task_display_number(task: Task) -> str:
    """The number as the plan writes it: （一）3, （一）3-1, （二）2.（1） for a sub-task, 7 by hand."""
    section = f"（{task.section.number}）" if task.section_id and task.section.number else ""
    number = f"{task.parent.number}.（{task.number}）" if task.parent_id else task.number
    return section + number


def task_export_rows(tasks: Iterable[Task]) -> Iterator[list]:
    """One spreadsheet row per task, in TASK_EXPORT_HEADERS order."""
    for task in tasks:
        yield [
            task_display_number(task),
            task.get_list_kind_display(),
            task.title,
            task.text,
            task.lead_leader,
            "、".join(d.name for d in task.lead_departments.all()),
            "、".join(d.name for d in task.co_departments.all()),
            task.responsible_person,
            task.deadline,
            task.get_status_display(),
            task.percent,
            "是" if task.is_overdue else "否",
        ]


def target_list() -> QuerySet[Target]:
    """Targets with their owner and regional breakdown."""
    return (
        Target.objects.select_related("plan", "campaign", "task")
        .prefetch_related("regional_targets__region")
        .order_by("plan_id", "scope", "campaign__number", "task__order", "order")
    )


def scoped_targets(access: Access) -> QuerySet[Target]:
    """Targets a user may see: the plan's, their campaigns' goals and their tasks' targets."""
    targets = target_list()
    if access.sees_everything:
        return targets
    tasks = scope_tasks(Task.objects.all(), access).values("pk")
    campaigns = scope_campaigns(Campaign.objects.all(), access).values("pk")
    return targets.filter(
        Q(scope=TargetScope.PLAN)
        | Q(scope=TargetScope.CAMPAIGN, campaign__in=campaigns)
        | Q(task__in=tasks)
    )


@dataclass(frozen=True)
class RegionTaskGroup:
    """A campaign's tasks and list items, list by list, each marked when it involves a region."""

    key: int  # the campaign's id; 0 for tasks outside any campaign
    name: str
    lists: list[tuple[str, list[tuple[Task, str, bool]]]]  # (list, [(task, number, ticked)])
    total: int
    checked: int


def plan_latest() -> Plan | None:
    """The plan pages open on: the first one loaded for the latest year."""
    return Plan.objects.order_by("-year", "pk").first()


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    """A plan's tasks and list items in document order, with what their numbers need."""
    return (
        Task.objects.filter(plan=plan)
        .select_related("campaign", "section", "parent")
        .order_by("campaign__number", "order", "pk")
    )


def region_task_ids(*, region: Region, plan: Plan) -> set[int]:
    """Ids of the plan's tasks and list items that involve the region."""
    rows = Task.regions.through.objects.filter(region=region, task__plan=plan)
    return set(rows.values_list("task_id", flat=True))


def region_task_groups(tasks: Iterable[Task], checked_ids: set[int]) -> list[RegionTaskGroup]:
    """Tasks grouped by campaign, then by list (任务、项目、政策清单), for the region's checklist."""
    by_campaign: dict[int, tuple[str, dict[str, list]]] = {}
    for task in tasks:
        key = task.campaign_id or 0
        name = task.campaign.name if task.campaign_id else "未分攻坚"
        lists = by_campaign.setdefault(key, (name, {kind: [] for kind in ListKind.values}))[1]
        lists[task.list_kind].append((task, task_display_number(task), task.pk in checked_ids))
    return [
        RegionTaskGroup(
            key=key,
            name=name,
            lists=[(ListKind(kind).label, rows) for kind, rows in lists.items() if rows],
            total=sum(len(rows) for rows in lists.values()),
            checked=sum(ticked for rows in lists.values() for *_, ticked in rows),
        )
        for key, (name, lists) in by_campaign.items()
    ]
