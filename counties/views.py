from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import access_for
from audit.selectors import history_for
from core.exports import XLSX_CONTENT_TYPE, attachment_header, xlsx_response
from core.forms import add_service_errors
from reporting.selectors import month_period_for, month_periods
from tasks import selectors as task_selectors
from tasks import services as task_services

from . import selectors, services
from .choices import FINISHED_STATUSES
from .filtersets import BreakdownFilterSet, SubmissionFilterSet
from .forms import (
    RegionalTargetForm,
    RegionPeriodReviewForm,
    RegionTaskFilterForm,
    RegionTasksForm,
    WorkbookUploadForm,
)
from .workbook import build_workbook


def _region(request, region_id: int):
    """The region of the URL, if the user may see it (else 404), and the user's Access."""
    access = access_for(request.user)
    return get_object_or_404(selectors.region_list(access), pk=region_id), access


def _coordinator(request):
    access = access_for(request.user)
    if not access.sees_everything:
        raise Http404("没有可查看的内容。")
    return access


@login_required
def county_home(request):
    """The regions a user reaches; a county user goes straight to their own."""
    access = access_for(request.user)
    regions = list(selectors.region_list(access))
    if len(regions) == 1 and not access.sees_everything:
        return redirect("county-region", region_id=regions[0].pk)
    return render(request, "counties/home.html", {"regions": regions, "access": access})


@login_required
def region_detail(request, region_id: int):
    """A region's page: its month's workbook, upload, submissions, targets and tasks."""
    region, access = _region(request, region_id)
    period = None
    if request.GET.get("period", "").isdigit():
        period = month_periods().filter(pk=request.GET["period"]).first()
    period = period or month_period_for(timezone.localdate())
    submissions = SubmissionFilterSet(
        request.GET, queryset=selectors.submission_list(access).filter(region=region)
    )
    page = Paginator(submissions.qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "counties/region_detail.html",
        {
            "region": region,
            "period": period,
            "months": list(month_periods().filter(start__year=period.start.year)) if period else [],
            "entry": selectors.region_period_for(region, period) if period else None,
            "form": WorkbookUploadForm(initial={"period": period}),
            "may_submit": not access.is_read_only
            and selectors.region_may_submit(access, region.pk),
            "access": access,
            "page": page,
            "shares": selectors.region_targets(region),
            "tasks": selectors.region_tasks(region),
        },
    )


def workbook_response(region, period) -> HttpResponse:
    """The pre-filled workbook of a region and month, as a download."""
    content = build_workbook(
        region=region, period=period, **selectors.workbook_rows(region, period)
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(selectors.workbook_filename(region, period))
    return response


@login_required
@require_GET
def workbook_download(request, region_id: int, period_id: int):
    region, _ = _region(request, region_id)
    period = get_object_or_404(month_periods(), pk=period_id)
    return workbook_response(region, period)


@login_required
@require_POST
def submission_upload(request, region_id: int):
    """Store the uploaded workbook and show its processing page."""
    region, access = _region(request, region_id)
    form = WorkbookUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            submission = services.submission_create(
                region=region,
                period=form.cleaned_data["period"],
                upload=form.cleaned_data["file"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("county-submission", pk=submission.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    period = form.cleaned_data.get("period")
    url = reverse("county-region", args=[region.pk])
    return redirect(f"{url}?period={period.pk}" if period else url)


def _submission(request, pk: int):
    access = access_for(request.user)
    return get_object_or_404(selectors.submission_list(access), pk=pk), access


@login_required
def submission_detail(request, pk: int):
    """One upload: its progress, outcome, row errors and the month's earlier uploads."""
    submission, access = _submission(request, pk)
    earlier = selectors.submission_list(access).filter(
        region=submission.region_id, period=submission.period_id
    )
    return render(
        request,
        "counties/submission_detail.html",
        {
            "submission": submission,
            "finished": submission.status in FINISHED_STATUSES,
            "entry": selectors.region_period_for(submission.region, submission.period),
            "earlier": earlier,
            "history": history_for(submission),
            "access": access,
        },
    )


@login_required
@require_GET
def submission_status(request, pk: int):
    """The upload's progress, polled by the page while it is processed."""
    submission, _ = _submission(request, pk)
    return JsonResponse(
        {
            "status": submission.status,
            "label": submission.get_status_display(),
            "progress": submission.progress,
            "finished": submission.status in FINISHED_STATUSES,
        }
    )


@login_required
@require_GET
def submission_annotated(request, pk: int):
    """The rejected workbook with the bad cells highlighted and commented."""
    submission, _ = _submission(request, pk)
    if not submission.annotated:
        raise Http404("该报表没有标注错误的副本。")
    return FileResponse(
        submission.annotated.open("rb"),
        as_attachment=True,
        filename=f"{submission.region.name}-{submission.period.label}-错误标注.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_POST
def region_period_review(request, region_id: int, period_id: int):
    """总专班 accepts (locks) or reopens a region's month."""
    region, access = _region(request, region_id)
    period = get_object_or_404(month_periods(), pk=period_id)
    form = RegionPeriodReviewForm(request.POST)
    if not access.is_coordinator:
        raise PermissionDenied("只有总专班可以采纳或退回县市区报表。")
    if form.is_valid():
        try:
            services.region_period_review(
                region=region,
                period=period,
                accept=form.cleaned_data["decision"] == "accept",
                user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            accepted = form.cleaned_data["decision"] == "accept"
            messages.success(
                request, "已采纳并锁定。" if accepted else "已退回，县市区可重新上传。"
            )
    else:
        messages.error(request, "操作无效。")
    return redirect(f"{reverse('county-region', args=[region.pk])}?period={period.pk}")


@login_required
def submission_matrix(request):
    """总专班's regions × months grid, or its .xlsx export."""
    access = _coordinator(request)
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    months, rows = selectors.matrix(regions=selectors.region_list(access), year=year, today=today)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            filename=f"县市区报送情况-{year}.xlsx",
            sheet_title=f"{year}年县市区报送情况",
            headers=["县市区", *[month.label for month in months]],
            rows=(
                [region.name, *[f"{c.label}{'（逾期）' if c.late else ''}" for c in cells]]
                for region, cells in rows
            ),
        )
    return render(
        request,
        "counties/matrix.html",
        {"months": months, "rows": rows, "year": year, "access": access},
    )


@login_required
def breakdown(request):
    """目标分解: each target's regional shares and whether additive ones add up."""
    access = _coordinator(request)
    filterset = BreakdownFilterSet(request.GET, queryset=selectors.breakdown_targets())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            filename="目标分解.xlsx",
            sheet_title="目标分解",
            headers=[
                "指标",
                "层级",
                "类型",
                "市目标值",
                "单位",
                "县市区",
                "分解值",
                "分解合计",
                "核对",
            ],
            rows=(
                [
                    row.target.name,
                    row.target.get_scope_display(),
                    row.target.get_kind_display(),
                    row.target.value,
                    row.target.unit,
                    share.region.name,
                    share.value,
                    row.total,
                    "合计与市目标不符" if row.mismatch else "",
                ]
                for row in selectors.breakdown(filterset.qs)
                for share in row.shares
            ),
        )
    page = Paginator(filterset.qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "counties/breakdown.html",
        {
            "filter": filterset,
            "page": page,
            "rows": selectors.breakdown(filterset.qs.filter(pk__in=[t.pk for t in page])),
            "form": RegionalTargetForm(),
            "regions": selectors.region_list(access),
            "access": access,
        },
    )


@login_required
@require_POST
def breakdown_set(request):
    """总专班 sets one region's share of a target."""
    access = _coordinator(request)
    if not access.is_coordinator:
        raise PermissionDenied("只有总专班可以分解目标。")
    form = RegionalTargetForm(request.POST)
    if form.is_valid():
        try:
            services.regional_target_set(**form.cleaned_data, user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "分解目标已保存。")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("county-breakdown")
    return redirect(target)


def _saved_message(added: list, removed: list) -> str:
    if not added and not removed:
        return "没有变化。"
    return f"已保存：新增 {len(added)} 项，取消 {len(removed)} 项。"


@login_required
@require_http_methods(["GET", "POST"])
def region_tasks(request, region_id: int):
    """总专班 ticks the tasks and list items that involve a region; leaders read the list."""
    region, access = _region(request, region_id)
    if not access.sees_everything:
        raise Http404("没有可查看的内容。")
    if request.method == "POST" and not access.is_coordinator:
        raise PermissionDenied("只有总专班可以设定涉及县市区的任务。")
    filters = RegionTaskFilterForm(request.GET)
    plan = filters.plan
    checked_ids = task_selectors.region_task_ids(region=region, plan=plan) if plan else set()
    shown = list(filters.apply(task_selectors.plan_tasks(plan), checked_ids)) if plan else []
    if request.method == "POST":
        form = RegionTasksForm(request.POST, shown=shown, checked_ids=checked_ids)
        if plan is None:
            messages.error(request, "尚未导入方案，无法设定。")
        elif form.is_valid():
            try:
                added, removed = task_services.region_tasks_set(
                    region=region, plan=plan, task_ids=form.task_ids(), user=request.user
                )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _saved_message(added, removed))
                return redirect(request.get_full_path())
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    return render(
        request,
        "counties/region_tasks.html",
        {
            "region": region,
            "plan": plan,
            "filters": filters,
            "filtered": filters.narrowed,
            "groups": task_selectors.region_task_groups(shown, checked_ids),
            "checked_count": len(checked_ids),
            "may_edit": access.is_coordinator,
            "history": history_for(region),
            "access": access,
        },
    )
