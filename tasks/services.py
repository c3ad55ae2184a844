"""Writes to the three lists (项目/任务/政策清单): add, edit, split, close and reopen items."""

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.permissions import require_coordinator
from accounts.selectors import access_for
from audit.choices import AuditAction
from audit.services import audit_record, audit_update, snapshot
from campaigns.models import Campaign, Department, Plan, Region

from .choices import ListKind, TaskStatus
from .models import Task
from .selectors import task_display_number

# Fields an editor may change; ownership and workflow fields (campaign, status…) are not here.
EDITABLE_FIELDS = (
    "number",
    "title",
    "text",
    "list_kind",
    "lead_leader",
    "responsible_person",
    "deadline",
    "percent",
)
DEPARTMENT_FIELDS = ("lead_departments", "co_departments")
AUDITED_FIELDS = (*EDITABLE_FIELDS, *DEPARTMENT_FIELDS, "status", "closed_at")
NUMBER_MAX_LENGTH = Task._meta.get_field("number").max_length


def _require_editor(user, campaign_id: int | None) -> None:
    """Only the campaign's task force, 总专班 and administrators change its lists."""
    if not access_for(user).edits_campaign(campaign_id):
        raise PermissionDenied("您没有修改该攻坚清单的权限。")


def _locked(task: Task) -> Task:
    """The task's row, locked until the transaction ends, so concurrent writes take turns."""
    return Task.objects.select_for_update().get(pk=task.pk)


def _siblings(
    *, campaign_id: int | None, list_kind: str, section_id: int | None, parent_id: int | None
) -> QuerySet[Task]:
    """The items whose numbers must differ from one placed here.

    Plan tasks follow the model constraints (per section, per parent); an item added by hand must
    also differ from the plan's numbers in its list, so nobody sees two items numbered 5.
    """
    if parent_id is not None:
        return Task.objects.filter(parent_id=parent_id)
    if section_id is not None:
        return Task.objects.filter(section_id=section_id, parent__isnull=True)
    return Task.objects.filter(campaign_id=campaign_id, list_kind=list_kind, parent__isnull=True)


def _next_number(campaign: Campaign, list_kind: str) -> str:
    """One more than the highest plain number among the list's top-level items."""
    numbers = Task.objects.filter(
        campaign=campaign, list_kind=list_kind, parent__isnull=True
    ).values_list("number", flat=True)
    return str(max((int(n) for n in numbers if n.isdigit()), default=0) + 1)


def _check_values(values: Mapping[str, Any]) -> None:
    """Field rules with messages that name the field (forms and serializers check them too)."""
    errors = {}
    if "title" in values and not (values["title"] or "").strip():
        errors["title"] = "请填写标题。"
    if "text" in values and not (values["text"] or "").strip():
        errors["text"] = "请填写事项内容。"
    if "number" in values and not re.fullmatch(
        r"[0-9A-Za-z（）()\-.]{1,10}", values["number"] or ""
    ):
        errors["number"] = "编号须为 1 到 10 位数字、字母或“-”。"
    if "list_kind" in values and values["list_kind"] not in ListKind.values:
        errors["list_kind"] = "请选择任务清单、项目清单或政策清单。"
    if "deadline" in values and not isinstance(values["deadline"], date | None):
        errors["deadline"] = "完成时限不是有效日期。"
    percent = values.get("percent", 0)
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["percent"] = "完成进度须为 0 到 100 之间的整数。"
    if errors:
        raise ValidationError(errors)


def _check_number_free(task: Task) -> None:
    siblings = _siblings(
        campaign_id=task.campaign_id,
        list_kind=task.list_kind,
        section_id=task.section_id,
        parent_id=task.parent_id,
    )
    if siblings.filter(number=task.number).exclude(pk=task.pk).exists():
        raise ValidationError({"number": f"编号“{task.number}”在该清单中已被使用，请换一个。"})


def _save(task: Task) -> None:
    task.full_clean(validate_unique=False, validate_constraints=False)
    task.save()


@transaction.atomic
def task_create(
    *,
    user,
    campaign: Campaign,
    list_kind: str,
    title: str,
    text: str = "",
    number: str = "",
    lead_leader: str = "",
    responsible_person: str = "",
    deadline: date | None = None,
    percent: int = 0,
    lead_departments: Iterable[Department] = (),
    co_departments: Iterable[Department] = (),
) -> Task:
    """Add an item to one of a campaign's three lists, numbered next in that list unless typed."""
    _require_editor(user, campaign.pk)
    values = {
        "title": title,
        "list_kind": list_kind,
        "deadline": deadline,
        "percent": percent,
        **({"number": number} if number else {}),
    }
    _check_values(values)
    # Locking the campaign serialises numbering: two people adding at once get 5 and 6, not 5 twice.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    last_order = Task.objects.filter(campaign=campaign).aggregate(last=Max("order"))["last"]
    task = Task(
        plan_id=campaign.plan_id,
        campaign=campaign,
        number=number or _next_number(campaign, list_kind),
        order=(last_order or 0) + 1,
        title=title.strip(),
        text=text.strip() or title.strip(),
        list_kind=list_kind,
        lead_leader=lead_leader.strip(),
        responsible_person=responsible_person.strip(),
        deadline=deadline,
        percent=percent,
        created_by=user,
    )
    _check_number_free(task)
    _save(task)
    task.lead_departments.set(lead_departments)
    task.co_departments.set(co_departments)
    after = snapshot(task, AUDITED_FIELDS)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=task,
        changes={name: [None, value] for name, value in after.items()},
        summary=f"新增{task.get_list_kind_display()}事项",
    )
    return task


@transaction.atomic
def task_update(*, user, task: Task, data: Mapping[str, Any]) -> Task:
    """Change an item's editable fields (those present in `data`); the plan fixes its own tasks."""
    _require_editor(user, task.campaign_id)
    unknown = set(data) - {*EDITABLE_FIELDS, *DEPARTMENT_FIELDS}
    if unknown:
        raise ValidationError({name: "该字段不能修改。" for name in sorted(unknown)})
    _check_values(data)
    task = _locked(task)
    from_plan = task.section_id is not None
    if from_plan and "list_kind" in data and data["list_kind"] != task.list_kind:
        raise ValidationError({"list_kind": "由方案导入的任务只能留在任务清单。"})
    if from_plan and "number" in data and data["number"] != task.number:
        raise ValidationError({"number": "由方案导入的任务编号以方案为准，不能修改。"})
    before = snapshot(task, AUDITED_FIELDS)
    for name in EDITABLE_FIELDS:
        if name in data:
            value = data[name]
            setattr(task, name, value.strip() if isinstance(value, str) else value)
    _check_number_free(task)
    _save(task)
    for name in DEPARTMENT_FIELDS:
        if name in data:
            getattr(task, name).set(data[name])
    audit_update(actor=user, obj=task, before=before, summary="修改清单事项")
    return task


def _split_numbers(task: Task, count: int) -> list[str]:
    """`count` free numbers "<n>-1", "<n>-2"… next to the task (skipping any already taken)."""
    taken = set(
        _siblings(
            campaign_id=task.campaign_id,
            list_kind=task.list_kind,
            section_id=task.section_id,
            parent_id=task.parent_id,
        ).values_list("number", flat=True)
    )
    numbers, suffix = [], 1
    while len(numbers) < count:
        candidate = f"{task.number}-{suffix}"
        if candidate not in taken:
            numbers.append(candidate)
        suffix += 1
    if any(len(n) > NUMBER_MAX_LENGTH for n in numbers):
        raise ValidationError({"parts": "编号已过长，不能再拆分该事项。"})
    return numbers


@transaction.atomic
def task_split(*, user, task: Task, parts: Sequence[Mapping[str, Any]]) -> list[Task]:
    """Split an item into two or more items that keep its units and deadline; close the original."""
    _require_editor(user, task.campaign_id)
    if len(parts) < 2:
        raise ValidationError({"parts": "拆分至少需要两项。"})
    errors = [
        f"第{index}项：请填写标题。"
        for index, part in enumerate(parts, start=1)
        if not (part.get("title") or "").strip()
    ]
    if errors:
        raise ValidationError({"parts": errors})
    task = _locked(task)
    if task.status == TaskStatus.CLOSED:
        raise ValidationError({"status": "该事项已办结，不能拆分。"})
    lead, co = list(task.lead_departments.all()), list(task.co_departments.all())
    created = []
    for number, part in zip(_split_numbers(task, len(parts)), parts, strict=True):
        title = part["title"].strip()
        item = Task(
            plan_id=task.plan_id,
            campaign_id=task.campaign_id,
            section_id=task.section_id,
            parent_id=task.parent_id,
            number=number,
            order=task.order,
            title=title,
            text=(part.get("text") or "").strip() or title,
            unit_clause=task.unit_clause,
            list_kind=task.list_kind,
            collective_units=task.collective_units,
            lead_leader=task.lead_leader,
            responsible_person=task.responsible_person,
            deadline=task.deadline,
            status=task.status,
            percent=task.percent,
            split_from=task,
            created_by=user,
        )
        _save(item)
        item.lead_departments.set(lead)
        item.co_departments.set(co)
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=item,
            changes={name: [None, v] for name, v in snapshot(item, AUDITED_FIELDS).items()},
            summary=f"由事项 {task.number} 拆分而来",
        )
        created.append(item)
    _transition(
        user=user,
        task=task,
        status=TaskStatus.CLOSED,
        closed_at=timezone.now(),
        summary="拆分为 " + "、".join(item.number for item in created) + "，原事项办结",
    )
    return created


def _transition(*, user, task: Task, status: str, closed_at, summary: str) -> Task:
    before = snapshot(task, ("status", "closed_at"))
    task.status, task.closed_at = status, closed_at
    _save(task)
    after = snapshot(task, ("status", "closed_at"))
    audit_record(
        actor=user,
        action=AuditAction.TRANSITION,
        obj=task,
        changes={name: [before[name], after[name]] for name in before},
        summary=summary,
    )
    return task


@transaction.atomic
def task_close(*, user, task: Task, note: str = "") -> Task:
    """Close an item (已办结), keeping when it was closed and why."""
    _require_editor(user, task.campaign_id)
    task = _locked(task)
    if task.status == TaskStatus.CLOSED:
        raise ValidationError({"status": "该事项已办结，无需重复办结。"})
    summary = f"办结：{note.strip()}" if note.strip() else "办结"
    return _transition(
        user=user, task=task, status=TaskStatus.CLOSED, closed_at=timezone.now(), summary=summary
    )


@transaction.atomic
def task_reopen(*, user, task: Task, note: str = "") -> Task:
    """Reopen a closed item: back to 推进中 (未启动 when no progress was recorded)."""
    _require_editor(user, task.campaign_id)
    task = _locked(task)
    if task.status != TaskStatus.CLOSED:
        raise ValidationError({"status": "该事项未办结，不能重新打开。"})
    status = TaskStatus.IN_PROGRESS if task.percent else TaskStatus.NOT_STARTED
    summary = f"重新打开：{note.strip()}" if note.strip() else "重新打开"
    return _transition(user=user, task=task, status=status, closed_at=None, summary=summary)


def _task_label(task: Task) -> str:
    campaign = f"{task.campaign.name} " if task.campaign_id else ""
    return f"{campaign}{task_display_number(task)} {task.title}"


def _named(ids: Sequence[int], limit: int = 20) -> str:
    """Task ids for a message, shortened when there are many."""
    names = [str(pk) for pk in ids]
    more = f" 等 {len(names)} 项" if len(names) > limit else ""
    return "、".join(names[:limit]) + more


@transaction.atomic
def region_tasks_set(
    *, region: Region, plan: Plan, task_ids: Iterable[int], user
) -> tuple[list[Task], list[Task]]:
    """总专班 sets which of a plan's tasks and list items involve a region; returns (added, removed)."""
    require_coordinator(user, "只有总专班可以设定涉及县市区的任务。")
    wanted = set(task_ids)
    found = dict(Task.objects.filter(pk__in=wanted).values_list("pk", "plan_id"))
    unknown = sorted(wanted - set(found))
    if unknown:
        raise ValidationError({"tasks": f"以下事项不存在：{_named(unknown)}。"})
    foreign = sorted(pk for pk, plan_id in found.items() if plan_id != plan.pk)
    if foreign:
        raise ValidationError({"tasks": f"以下事项不属于《{plan.title}》：{_named(foreign)}。"})
    # Locking the region serialises two coordinators saving the same region's list at once.
    Region.objects.select_for_update().get(pk=region.pk)
    through = Task.regions.through
    rows = through.objects.filter(region=region, task__plan=plan)
    current = set(rows.values_list("task_id", flat=True))
    added_ids, removed_ids = wanted - current, current - wanted
    if not added_ids and not removed_ids:
        return [], []
    through.objects.bulk_create(
        [through(task_id=pk, region_id=region.pk) for pk in added_ids], ignore_conflicts=True
    )
    rows.filter(task_id__in=removed_ids).delete()
    changed = list(
        Task.objects.filter(pk__in=added_ids | removed_ids)
        .select_related("campaign", "section", "parent")
        .order_by("campaign__number", "order", "pk")
    )
    added = [task for task in changed if task.pk in added_ids]
    removed = [task for task in changed if task.pk in removed_ids]
    changes = {}
    if added:
        changes["新增涉及事项"] = [None, "；".join(_task_label(t) for t in added)]
    if removed:
        changes["取消涉及事项"] = ["；".join(_task_label(t) for t in removed), None]
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=region,
        changes=changes,
        summary=f"设定涉及的任务和清单事项：新增 {len(added)} 项，取消 {len(removed)} 项",
    )
    return added, removed
