"""Reads for plans, campaigns, departments and regions."""

from django.db.models import Count, Prefetch, QuerySet

from tasks.models import Target, Task
from tasks.selectors import department_tasks_condition

from .models import Campaign, Department, Plan, PlanImport, Region
from .services import department_index, department_suggestions, plan_diff, unresolved_unit_names


def plan_list() -> QuerySet[Plan]:
    """Plans with their campaign and task counts."""
    return Plan.objects.annotate(
        campaign_count=Count("campaigns", distinct=True), task_count=Count("tasks", distinct=True)
    )


def campaign_list() -> QuerySet[Campaign]:
    """Campaigns with their office, lead departments and task counts, ready to list."""
    return (
        Campaign.objects.select_related("plan", "office_department")
        .prefetch_related("lead_departments")
        .annotate(task_count=Count("tasks", distinct=True))
        .order_by("-plan__year", "plan_id", "number")
    )


def campaign_detail_tasks(campaign: Campaign) -> QuerySet[Task]:
    """A campaign's tasks in document order with their units, for the task tree."""
    return (
        Task.objects.filter(campaign=campaign)
        .select_related("section")
        .prefetch_related("lead_departments", "co_departments")
        .order_by("order")
    )


def campaign_targets(campaign: Campaign) -> QuerySet[Target]:
    """A campaign's own goals as targets."""
    return Target.objects.filter(campaign=campaign, task__isnull=True).order_by("order")


def department_list() -> QuerySet[Department]:
    """Departments with their aliases and how many tasks they lead and share."""
    return Department.objects.prefetch_related("aliases").annotate(
        led_count=Count("led_tasks", distinct=True),
        shared_count=Count("shared_tasks", distinct=True),
    )


def department_tasks(department: Department) -> QuerySet[Task]:
    """Tasks a department leads or shares, with campaign and units."""
    return (
        Task.objects.filter(department_tasks_condition([department.pk]))
        .select_related("campaign", "section")
        .prefetch_related(
            Prefetch("lead_departments", queryset=Department.objects.only("id", "name")),
            Prefetch("co_departments", queryset=Department.objects.only("id", "name")),
        )
        .order_by("plan_id", "campaign__number", "order")
    )


def region_list() -> QuerySet[Region]:
    """Regions in their official order."""
    return Region.objects.all()


def _parsed_tree(parsed: dict) -> list[dict]:
    """Campaign → section → task (→ children) from the parser's flat lists, for the preview."""
    campaigns = {c["number"]: {"campaign": c, "sections": {}} for c in parsed.get("campaigns", [])}
    loose = {"campaign": None, "sections": {}}
    titles = {
        (s.get("campaign"), s["number"]): s.get("title", "") for s in parsed.get("sections", [])
    }
    for task in parsed.get("tasks", []):
        group = campaigns.get(task.get("campaign"), loose)
        key = (task.get("campaign"), task.get("section"))
        section = group["sections"].setdefault(
            key, {"number": task.get("section") or "", "title": titles.get(key, ""), "tasks": []}
        )
        if task.get("parent"):
            parent = next(
                (t for t in reversed(section["tasks"]) if t["task"]["number"] == task["parent"]),
                None,
            )
            if parent is not None:
                parent["children"].append(task)
                continue
        section["tasks"].append({"task": task, "children": []})
    groups = [*campaigns.values()] + ([loose] if loose["sections"] else [])
    return [{**g, "sections": list(g["sections"].values())} for g in groups]


def plan_import_preview(plan_import: PlanImport) -> dict:
    """Everything the preview page shows: tree, unknown units with suggestions, flags and diff."""
    parsed = plan_import.parsed
    index = department_index()
    unresolved = [
        {"name": name, "suggestions": department_suggestions(name, index)}
        for name in unresolved_unit_names(parsed, index)
    ]
    tasks = parsed.get("tasks", [])
    flagged = [
        t
        for t in tasks
        if t.get("flags") or not (t["lead_units"] or t["co_units"] or t["collective_units"])
    ]
    number = parsed.get("document_number") or ""
    existing = Plan.objects.filter(document_number=number).first() if number else None
    diff = (
        plan_diff(plan=existing, data=parsed, index=index) if existing and not unresolved else None
    )
    return {
        "parsed": parsed,
        "tree": _parsed_tree(parsed),
        "unresolved": unresolved,
        "flagged": flagged,
        "existing": existing,
        "diff": diff,
        "task_count": len(tasks),
        "target_count": len(parsed.get("targets", []))
        + sum(len(c.get("goal_targets", [])) for c in parsed.get("campaigns", []))
        + sum(len(t.get("targets", [])) for t in tasks),
    }
