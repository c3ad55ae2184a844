from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from tasks.filtersets import TaskFilterSet

from . import selectors
from .filtersets import DepartmentFilterSet
from .models import Campaign, Department


def _task_tree(tasks) -> list[dict]:
    """Group a campaign's tasks by section, children under their parent."""
    sections: dict[int, dict] = {}
    children: dict[int, list] = {}
    for task in tasks:
        if task.parent_id:
            children.setdefault(task.parent_id, []).append(task)
    for task in tasks:
        if task.parent_id:
            continue
        entry = sections.setdefault(task.section_id, {"section": task.section, "tasks": []})
        entry["tasks"].append({"task": task, "children": children.get(task.pk, [])})
    return list(sections.values())


@login_required
def home(request):
    """The seven campaigns with their conveners, lead departments and task counts."""
    campaigns = list(selectors.campaign_list())
    plan = campaigns[0].plan if campaigns else None
    return render(request, "campaigns/home.html", {"campaigns": campaigns, "plan": plan})


@login_required
def campaign_detail(request, pk: int):
    """A campaign's goals, task force and task tree."""
    campaign = get_object_or_404(
        Campaign.objects.select_related("plan", "office_department").prefetch_related(
            "lead_departments", "member_departments"
        ),
        pk=pk,
    )
    tasks = list(selectors.campaign_detail_tasks(campaign))
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "targets": selectors.campaign_targets(campaign),
            "tree": _task_tree(tasks),
            "task_count": len(tasks),
        },
    )


@login_required
def department_list(request):
    """Every department with how many tasks it leads and shares."""
    filterset = DepartmentFilterSet(request.GET, queryset=selectors.department_list())
    departments = filterset.qs.order_by("order", "name")
    page = Paginator(departments, 100).get_page(request.GET.get("page"))
    return render(request, "campaigns/department_list.html", {"filter": filterset, "page": page})


@login_required
def department_detail(request, pk: int):
    """The tasks a department leads and the ones it shares."""
    department = get_object_or_404(Department.objects.prefetch_related("aliases"), pk=pk)
    filterset = TaskFilterSet(request.GET, queryset=selectors.department_tasks(department))
    tasks = list(filterset.qs)
    led = [t for t in tasks if department in t.lead_departments.all()]
    shared = [t for t in tasks if t not in led]
    return render(
        request,
        "campaigns/department_detail.html",
        {"department": department, "led": led, "shared": shared, "filter": filterset},
    )
