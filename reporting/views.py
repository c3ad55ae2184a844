from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import access_for
from audit.selectors import history_for

from . import selectors, services
from .choices import ReportAction
from .filtersets import ReportFilterSet, ReviewFilterSet
from .forms import PeriodDeadlineForm, RankFormSet, RegenerateForm, ReportActionForm, ReportForm
from .models import CampaignReport

TEXT_LABELS = {
    name: CampaignReport._meta.get_field(name).verbose_name for name in services.REPORT_TEXT_FIELDS
}


def _reader_access(request):
    """The user's Access; reports are the task forces', so anyone else gets a 404."""
    access = access_for(request.user)
    if not selectors.reports_visible(access):
        raise Http404("没有可查看的月报。")
    return access


def _campaign_and_month(access, campaign_id: int, period_id: int):
    campaign = get_object_or_404(selectors.report_campaigns(access), pk=campaign_id)
    period = get_object_or_404(selectors.month_periods(), pk=period_id)
    return campaign, period


def _ranks_initial(report: CampaignReport) -> list[dict]:
    return [
        {"indicator": r.indicator, "rank": r.rank, "previous_rank": r.previous_rank, "note": r.note}
        for r in report.ranks.all()
    ]


@login_required
def report_list(request):
    """The reports a user may read, by month, and quick links to their campaigns' months."""
    access = _reader_access(request)
    filterset = ReportFilterSet(request.GET, queryset=selectors.report_list(access=access))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    own = (
        list(selectors.report_campaigns(access).filter(pk__in=access.campaign_ids))
        if access.campaign_ids
        else []
    )
    current = selectors.month_period_for(timezone.localdate()) if own else None
    months = (
        list(selectors.month_periods().filter(start__year=current.start.year)) if current else []
    )
    return render(
        request,
        "reporting/report_list.html",
        {
            "filter": filterset,
            "page": page,
            "own_campaigns": own,
            "months": months,
            "current_month": current,
            "access": access,
        },
    )


def _detail_context(request, access, report: CampaignReport, **extra) -> dict:
    return {
        "report": report,
        "campaign": report.campaign,
        "period": report.period,
        "editable": selectors.report_editable_by(access, report),
        "locked_message": selectors.report_locked_message(report),
        "actions": selectors.report_allowed_actions(access, report),
        "events": selectors.report_events(report),
        "rank_rows": [(r, selectors.rank_change_label(r)) for r in report.ranks.all()],
        "history": history_for(report),
        "action_form": ReportActionForm(),
        "today": timezone.localdate(),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, campaign_id: int, period_id: int):
    """A campaign's report of a month: read it, edit it (version-checked), and its history."""
    access = _reader_access(request)
    campaign, period = _campaign_and_month(access, campaign_id, period_id)
    report = selectors.report_for(campaign=campaign, period=period)
    if report is None:
        if not selectors.report_may_create(access, campaign.pk):
            if request.method == "POST":
                raise PermissionDenied("您无权创建该攻坚的月报。")
            return render(
                request,
                "reporting/report_missing.html",
                {"campaign": campaign, "period": period},
            )
        services.report_get_or_create(campaign=campaign, period=period, user=request.user)
        report = selectors.report_for(campaign=campaign, period=period)
    conflict = None
    if request.method == "POST":
        if not selectors.report_may(access, report, selectors.EDIT):
            raise PermissionDenied("您无权修改该月报。")
        form = ReportForm(request.POST)
        formset = RankFormSet(request.POST, prefix="ranks")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                services.report_update(
                    report=report,
                    user=request.user,
                    version=data["version"],
                    fields={name: data[name] for name in services.REPORT_TEXT_FIELDS},
                    ranks=formset.rows(),
                )
            except services.ReportVersionConflict as exc:
                # Keep the user's text; saving it again is then a deliberate overwrite.
                form = ReportForm({**request.POST.dict(), "version": exc.current.version})
                form.is_valid()
                report = conflict = selectors.report_for(campaign=campaign, period=period)
            except services.ReportStateError as exc:
                messages.error(request, "；".join(exc.messages))
                return redirect("report-detail", campaign_id=campaign.pk, period_id=period.pk)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, "月报已保存。")
                return redirect("report-detail", campaign_id=campaign.pk, period_id=period.pk)
    else:
        form = ReportForm(instance=report, initial={"version": report.version})
        formset = RankFormSet(prefix="ranks", initial=_ranks_initial(report))
    comparison = (
        [
            {
                "label": TEXT_LABELS[name],
                "saved": getattr(conflict, name),
                "mine": form.data.get(name, ""),
            }
            for name in services.REPORT_TEXT_FIELDS
        ]
        if conflict
        else []
    )
    return render(
        request,
        "reporting/report_detail.html",
        _detail_context(
            request,
            access,
            report,
            form=form,
            formset=formset,
            conflict=conflict,
            comparison=comparison,
        ),
        status=409 if conflict else 200,
    )


def _existing_report(request, campaign_id: int, period_id: int):
    access = _reader_access(request)
    campaign, period = _campaign_and_month(access, campaign_id, period_id)
    report = selectors.report_for(campaign=campaign, period=period)
    if report is None:
        raise Http404("该月月报尚未创建。")
    return access, report


@login_required
@require_POST
def report_action(request, campaign_id: int, period_id: int):
    """Submit, return, accept or reopen a report from its page."""
    access, report = _existing_report(request, campaign_id, period_id)
    form = ReportActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未知的操作。")
    else:
        action = form.cleaned_data["action"]
        if not selectors.report_may(access, report, action):
            raise PermissionDenied("您无权执行该操作。")
        try:
            services.report_transition(
                report=report, user=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"月报已{ReportAction(action).label}。")
    return redirect("report-detail", campaign_id=report.campaign_id, period_id=report.period_id)


@login_required
@require_POST
def report_regenerate(request, campaign_id: int, period_id: int):
    """Refresh the pre-filled parts of a report, after confirming when edited text would go."""
    access, report = _existing_report(request, campaign_id, period_id)
    if not selectors.report_may(access, report, selectors.EDIT):
        raise PermissionDenied("您无权修改该月报。")
    form = RegenerateForm(request.POST)
    detail = reverse("report-detail", args=[report.campaign_id, report.period_id])
    if not form.is_valid():
        messages.error(request, "请求无效，请刷新页面后重试。")
        return redirect(detail)
    prefill = selectors.report_prefill(campaign=report.campaign, period=report.period)
    overwritten = selectors.report_prefill_overwrites(report, prefill)
    if overwritten and not form.cleaned_data["confirm"]:
        return render(
            request,
            "reporting/report_regenerate_confirm.html",
            {
                "report": report,
                "version": form.cleaned_data["version"],
                "parts": [
                    {
                        "label": TEXT_LABELS[name],
                        "saved": getattr(report, name),
                        "new": getattr(prefill, name),
                    }
                    for name in overwritten
                ],
            },
        )
    try:
        services.report_regenerate(
            report=report, user=request.user, version=form.cleaned_data["version"]
        )
    except services.ReportVersionConflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, "已从任务进展重新生成工作推进情况、存在问题、下阶段打算和全省排名。"
        )
    return redirect(detail)


def _reviewer_access(request):
    """总专班, administrators and leaders see the review queue; anyone else gets a 404."""
    access = access_for(request.user)
    if not access.sees_everything:
        raise Http404("没有可查看的审核队列。")
    return access


@login_required
def report_review(request):
    """总专班's review queue: every campaign's report of one month, including missing ones."""
    access = _reviewer_access(request)
    filterset = ReviewFilterSet.for_current_month(
        request.GET, queryset=selectors.report_campaigns(access)
    )
    valid = filterset.is_valid()
    period = filterset.form.cleaned_data.get("period") if valid else None
    return render(
        request,
        "reporting/report_review.html",
        {
            "filter": filterset,
            "rows": list(filterset.qs) if valid else [],
            "period": period,
            "today": timezone.localdate(),
            "deadline_form": (
                PeriodDeadlineForm(initial={"period": period, "deadline": period.deadline})
                if period and access.reviews_reports
                else None
            ),
        },
    )


@login_required
@require_POST
def report_deadline(request):
    """总专班 changes a month's 报送截止 date from the review queue."""
    _reviewer_access(request)
    form = PeriodDeadlineForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}")
        return redirect("report-review")
    period = form.cleaned_data["period"]
    try:
        services.period_set_deadline(
            period=period, deadline=form.cleaned_data["deadline"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            f"{period.label}的报送截止日期已调整为 {form.cleaned_data['deadline']:%Y-%m-%d}。",
        )
    return redirect(f"{reverse('report-review')}?period={period.pk}")
