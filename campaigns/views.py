from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import require_coordinator
from accounts.selectors import access_for, scope_campaigns, scope_tasks
from dispatch.selectors import todo_follow_ups, todo_notices
from tasks.filtersets import TaskFilterSet

from . import selectors, services
from .choices import PlanImportStatus
from .filtersets import DepartmentFilterSet
from .forms import PlanImportForm, UnitMappingForm
from .models import Campaign, Department, PlanImport


def _task_tree(tasks) -> list[dict]:
    """Group a campaign's tasks by section, children under their parent when it is shown."""
    sections: dict[int, dict] = {}
    children: dict[int, list] = {}
    shown = {task.pk for task in tasks}
    for task in tasks:
        if task.parent_id in shown:
            children.setdefault(task.parent_id, []).append(task)
    for task in tasks:
        if task.parent_id in shown:
            continue
        entry = sections.setdefault(task.section_id, {"section": task.section, "tasks": []})
        entry["tasks"].append({"task": task, "children": children.get(task.pk, [])})
    return list(sections.values())


@login_required
def home(request):
    """The seven campaigns with their conveners, lead departments and task counts."""
    access = access_for(request.user)
    campaigns = list(scope_campaigns(selectors.campaign_list(), access))
    plan = campaigns[0].plan if campaigns else None
    return render(
        request,
        "campaigns/home.html",
        {
            "campaigns": campaigns,
            "plan": plan,
            "notices": list(todo_notices(access)[:5]),
            "follow_ups": list(todo_follow_ups(access)[:5]),
        },
    )


@login_required
def campaign_detail(request, pk: int):
    """A campaign's goals, task force and task tree."""
    access = access_for(request.user)
    campaigns = Campaign.objects.select_related("plan", "office_department").prefetch_related(
        "lead_departments", "member_departments"
    )
    campaign = get_object_or_404(scope_campaigns(campaigns, access), pk=pk)
    tasks = list(scope_tasks(selectors.campaign_detail_tasks(campaign), access))
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
    tasks = scope_tasks(selectors.department_tasks(department), access_for(request.user))
    filterset = TaskFilterSet(request.GET, queryset=tasks)
    tasks = list(filterset.qs)
    led = [t for t in tasks if department in t.lead_departments.all()]
    shared = [t for t in tasks if t not in led]
    return render(
        request,
        "campaigns/department_detail.html",
        {"department": department, "led": led, "shared": shared, "filter": filterset},
    )


IMPORT_COORDINATORS_ONLY = "只有总专班和系统管理员可以导入方案。"


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_upload(request):
    """Upload a plan document; it is parsed and shown for review before anything is written."""
    require_coordinator(request.user, IMPORT_COORDINATORS_ONLY)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            if upload.size > services.MAX_PLAN_DOCUMENT_BYTES:
                raise ValidationError("文件过大：不能超过 5 MB。")
            plan_import = services.plan_import_create(
                content=upload.read(), filename=upload.name, user=request.user
            )
        except ValidationError as exc:
            form.add_error("document", exc)
        else:
            return redirect("plan-import-detail", pk=plan_import.pk)
    recent = PlanImport.objects.select_related("created_by", "plan")[:10]
    return render(request, "campaigns/plan_import_upload.html", {"form": form, "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_detail(request, pk: int):
    """Preview a parsed plan, map unknown units, and confirm the import in one transaction."""
    require_coordinator(request.user, IMPORT_COORDINATORS_ONLY)
    plan_import = get_object_or_404(PlanImport.objects.select_related("plan", "created_by"), pk=pk)
    preview = selectors.plan_import_preview(plan_import)
    form = UnitMappingForm(request.POST or None, unresolved=preview["unresolved"])
    if request.method == "POST" and plan_import.status == PlanImportStatus.PREVIEW:
        if request.POST.get("action") == "discard":
            plan_import.status = PlanImportStatus.DISCARDED
            plan_import.save(update_fields=["status"])
            messages.info(request, "已放弃本次导入，未写入任何数据。")
            return redirect("plan-import")
        if form.is_valid():
            try:
                plan_import = services.plan_import_apply(
                    plan_import=plan_import, mappings=form.mappings(), user=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                summary = plan_import.summary
                messages.success(
                    request,
                    f"导入完成：新增任务 {summary['added']} 项，修改 {summary['changed']} 项，"
                    f"删除 {summary['removed']} 项。",
                )
                return redirect("plan-import-detail", pk=plan_import.pk)
    return render(
        request,
        "campaigns/plan_import_detail.html",
        {"plan_import": plan_import, "form": form, **preview},
    )
