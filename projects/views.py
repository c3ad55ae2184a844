from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import access_for
from audit.selectors import history_for
from core.exports import xlsx_response

from . import imports, selectors, services
from .filtersets import ProjectFilterSet
from .forms import (
    ProjectForm,
    ProjectImportForm,
    ProjectUpdateForm,
    ProjectUpdateImportForm,
    SummaryForm,
)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _filtered(request):
    access = access_for(request.user)
    return access, ProjectFilterSet(request.GET or None, selectors.projects_visible(access))


@login_required
@require_GET
def project_list(request):
    """The project register within the user's reach, filtered."""
    access, filterset = _filtered(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "access": access,
            "export_links": [
                ("project-export", "导出项目库"),
                ("project-update-export", "导出本期进展"),
            ],
        },
    )


@login_required
@require_GET
def project_export(request):
    """The filtered register as a workbook that imports back unchanged."""
    _, filterset = _filtered(request)
    return xlsx_response(
        filename="重大项目库.xlsx",
        sheet_title=imports.REGISTER_SHEET,
        headers=imports.REGISTER_HEADERS,
        rows=(imports.register_row(project) for project in filterset.qs),
    )


def _period(request, name: str = "period"):
    form = SummaryForm({"period": request.GET.get(name) or None})
    chosen = form.cleaned_data["period"] if form.is_valid() else None
    return form, chosen or selectors.fortnight_for(timezone.localdate())


@login_required
@require_GET
def project_update_export(request):
    """One fortnight's updates of the filtered projects, in the update import's format."""
    _, filterset = _filtered(request)
    _, period = _period(request)
    if period is None:
        messages.error(request, "尚未生成本年度的双周调度期。")
        return redirect("project-list")
    updates = {
        u.project_id: u
        for u in selectors.updates_visible(access_for(request.user)).filter(period=period)
    }
    return xlsx_response(
        filename=f"重大项目进展-{period.label}.xlsx",
        sheet_title=imports.UPDATE_SHEET,
        headers=imports.UPDATE_HEADERS,
        rows=(imports.update_row(p, updates.get(p.pk)) for p in filterset.qs),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    """Add a project to the register (总专班)."""
    services.require_coordinator(request.user)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"已新增项目“{project.name}”。")
            return redirect("project-detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    """Change a project's register entry (总专班)."""
    access = access_for(request.user)
    project = get_object_or_404(selectors.projects_visible(access), pk=pk)
    services.require_coordinator(request.user)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_edit(user=request.user, project=project, data=form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "项目信息已保存。")
            return redirect("project-detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def project_detail(request, pk: int):
    """A project's register entry, its fortnightly updates and the form to file one."""
    access = access_for(request.user)
    project = get_object_or_404(selectors.projects_visible(access), pk=pk)
    current = selectors.fortnight_for(timezone.localdate())
    form = ProjectUpdateForm(request.POST or None, initial={"period": current})
    if request.method == "POST":
        services.require_writer(request.user, project)
        if form.is_valid():
            data = dict(form.cleaned_data)
            period = data.pop("period")
            try:
                services.project_update_file(
                    user=request.user, project=project, period=period, data=data
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, f"已填报{period.label}进展。")
                return redirect("project-detail", pk=project.pk)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "updates": selectors.project_updates(project),
            "form": form,
            "can_file": not access.is_read_only,
            "can_edit": access.is_coordinator,
            "history": history_for(project),
        },
    )


@login_required
@require_GET
def project_summary(request):
    """开工率, 资金支付率, 实物完成率 and investment progress by region, campaign and category."""
    access, filterset = _filtered(request)
    form, period = _period(request)
    summary = selectors.project_summary(filterset.qs, period)
    return render(
        request,
        "projects/project_summary.html",
        {
            "filter": filterset,
            "period_form": form,
            "summary": summary,
            "groups": [
                (label, summary.groups.get(key, [])) for key, label in selectors.GROUPINGS.items()
            ],
            "definitions": selectors.RATE_DEFINITIONS,
            "access": access,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request):
    """Upload the register workbook (总专班) or a fortnight's update workbook."""
    access = access_for(request.user)
    register_form = ProjectImportForm(prefix="register")
    update_form = ProjectUpdateImportForm(
        prefix="updates", initial={"period": selectors.fortnight_for(timezone.localdate())}
    )
    if request.method == "POST":
        if "register" in request.POST:
            services.require_coordinator(request.user)
            register_form = ProjectImportForm(request.POST, request.FILES, prefix="register")
            form, run = (
                register_form,
                lambda d: services.project_import(user=request.user, upload=d["file"]),
            )
        else:
            services.require_writer(request.user)
            update_form = ProjectUpdateImportForm(request.POST, request.FILES, prefix="updates")
            form, run = (
                update_form,
                lambda d: services.project_update_import(
                    user=request.user, upload=d["file"], period=d["period"]
                ),
            )
        if form.is_valid():
            try:
                result = run(form.cleaned_data)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(
                    request, f"导入成功：新增 {result.created} 条，更新 {result.updated} 条。"
                )
                return redirect("project-import")
    return render(
        request,
        "projects/project_import.html",
        {"register_form": register_form, "update_form": update_form, "access": access},
    )
