from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import access_for
from audit.selectors import history_for
from core.exports import xlsx_response
from progress.views import evidence_response

from . import exports, selectors, services
from .filtersets import NoticeFilterSet
from .forms import (
    CloseForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FollowUpCloseForm,
    FollowUpForm,
    MeetingForm,
    NoticeIssueForm,
    ReasonForm,
    ReplyForm,
    SheetCreateForm,
    SuggestionIssueForm,
    UrgeForm,
)
from .models import NoticeEvidence

ACTION_FORMS = {
    selectors.SIGN: None,
    selectors.REPLY: ReplyForm,
    selectors.RETURN: ReasonForm,
    selectors.CLOSE: CloseForm,
    selectors.URGE: UrgeForm,
    selectors.EXTEND: ExtensionForm,
    selectors.DECIDE: ExtensionDecisionForm,
}


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


def _service_errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _coordinator(request):
    access = access_for(request.user)
    if not (access.is_office or access.is_admin):
        raise PermissionDenied("只有总专班可以执行该操作。")
    return access


def _sheet_reader(request):
    access = access_for(request.user)
    if not access.sees_everything:
        raise Http404("没有可查看的旬调度单。")
    return access


# --- dispatch sheets --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sheet_list(request):
    """The 旬 dispatch sheets; 总专班 opens the sheet of a 旬."""
    access = _sheet_reader(request)
    form = SheetCreateForm(request.POST or None)
    if request.method == "POST":
        _coordinator(request)
        if form.is_valid():
            try:
                sheet = services.sheet_create(
                    actor=request.user, period=form.cleaned_data["period"]
                )
            except ValidationError as exc:
                _service_errors(request, exc)
            else:
                messages.success(request, f"已生成{sheet.period.label}调度单。")
                return redirect("dispatch-sheet-detail", pk=sheet.pk)
        else:
            _form_errors(request, form)
        return redirect("dispatch-sheet-list")
    current = selectors.ten_day_period_for(timezone.localdate())
    page = Paginator(selectors.sheets_visible(access), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "dispatch/sheet_list.html",
        {
            "page": page,
            "access": access,
            "form": SheetCreateForm(initial={"period": current}) if current else form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_detail(request, pk: int):
    """A dispatch sheet: what it lists, the meeting record and the decisions taken."""
    access = _sheet_reader(request)
    sheet = get_object_or_404(selectors.sheets_visible(access), pk=pk)
    coordinator = access.is_office or access.is_admin
    meeting_form = MeetingForm(
        request.POST or None,
        initial={name: getattr(sheet, name) for name in services.MEETING_FIELDS},
    )
    if request.method == "POST":
        _coordinator(request)
        if meeting_form.is_valid():
            try:
                services.sheet_update(actor=request.user, sheet=sheet, **meeting_form.cleaned_data)
            except ValidationError as exc:
                _service_errors(request, exc)
            else:
                messages.success(request, "会议记录已保存。")
                return redirect("dispatch-sheet-detail", pk=sheet.pk)
    return render(
        request,
        "dispatch/sheet_detail.html",
        {
            "sheet": sheet,
            "content": selectors.sheet_content(access, sheet),
            "coordinator": coordinator,
            "meeting_form": meeting_form,
            "follow_up_form": FollowUpForm(),
            "close_form": FollowUpCloseForm(),
            "history": history_for(sheet),
        },
    )


@login_required
def sheet_export(request, pk: int):
    """The dispatch sheet as an .xlsx."""
    access = _sheet_reader(request)
    sheet = get_object_or_404(selectors.sheets_visible(access), pk=pk)
    return xlsx_response(
        filename=f"{sheet.period.label}调度单.xlsx",
        sheet_title="旬调度单",
        headers=exports.SHEET_HEADERS,
        rows=exports.sheet_rows(selectors.sheet_content(access, sheet)),
    )


@login_required
@require_POST
def follow_up_create(request, pk: int):
    """总专班 records a meeting decision as a follow-up item."""
    access = _sheet_reader(request)
    sheet = get_object_or_404(selectors.sheets_visible(access), pk=pk)
    _coordinator(request)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_create(actor=request.user, sheet=sheet, **form.cleaned_data)
        except ValidationError as exc:
            _service_errors(request, exc)
        else:
            messages.success(request, "议定事项已登记，并已通知责任单位。")
    else:
        _form_errors(request, form)
    return redirect("dispatch-sheet-detail", pk=sheet.pk)


@login_required
@require_POST
def follow_up_close(request, pk: int):
    """总专班 or the responsible unit closes a follow-up item."""
    access = access_for(request.user)
    item = get_object_or_404(selectors.follow_ups_visible(access), pk=pk)
    if not selectors.follow_up_may_close(access, item):
        raise PermissionDenied("您无权办结该议定事项。")
    form = FollowUpCloseForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_close(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            _service_errors(request, exc)
        else:
            messages.success(request, "议定事项已办结。")
    else:
        _form_errors(request, form)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/dispatch/") else "dispatch-todo")


@login_required
def todo(request):
    """My unit's open notices and follow-up items, soonest deadline first."""
    access = access_for(request.user)
    return render(
        request,
        "dispatch/todo.html",
        {
            "notices": selectors.todo_notices(access)[:200],
            "follow_ups": [
                (item, selectors.follow_up_may_close(access, item))
                for item in selectors.todo_follow_ups(access)[:200]
            ],
            "close_form": FollowUpCloseForm(),
            "today": timezone.localdate(),
        },
    )


# --- notices ----------------------------------------------------------------------------------


@login_required
def notice_list(request):
    """The notices a user may read, filtered."""
    access = access_for(request.user)
    filterset = NoticeFilterSet(request.GET, queryset=selectors.notice_list(access))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dispatch/notice_list.html",
        {
            "filter": filterset,
            "page": page,
            "coordinator": access.is_office or access.is_admin,
            "today": timezone.localdate(),
        },
    )


@login_required
def notice_export(request):
    """The filtered notices as an .xlsx."""
    access = access_for(request.user)
    filterset = NoticeFilterSet(request.GET, queryset=selectors.notice_list(access))
    return xlsx_response(
        filename="督办单.xlsx",
        sheet_title="督办单",
        headers=exports.NOTICE_HEADERS,
        rows=exports.notice_rows(filterset.qs.iterator(chunk_size=500), timezone.localdate()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_issue(request):
    """总专班 issues a notice about a task, list item or indicator to one or more units."""
    _coordinator(request)
    initial = {
        key: request.GET[key] for key in ("task", "target") if request.GET.get(key, "").isdigit()
    }
    form = NoticeIssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.notice_issue(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"已下发督办单{len(issued)}份。")
            if len(issued) == 1:
                return redirect("dispatch-notice-detail", pk=issued[0].pk)
            return redirect("dispatch-notice-list")
    return render(request, "dispatch/notice_issue.html", {"form": form})


@login_required
def notice_suggestions(request):
    """Long-overdue tasks and red-light indicators without an open notice; one click issues."""
    _coordinator(request)
    return render(
        request,
        "dispatch/notice_suggestions.html",
        {
            "suggestions": selectors.notice_suggestions(),
            "overdue_days": selectors.SUGGEST_OVERDUE_DAYS,
        },
    )


@login_required
@require_POST
def notice_suggestion_issue(request):
    """Issue one suggested notice."""
    _coordinator(request)
    form = SuggestionIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请求无效，请刷新页面后重试。")
        return redirect("dispatch-notice-suggestions")
    try:
        issued = services.notice_issue_suggested(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _service_errors(request, exc)
    else:
        messages.success(request, f"已下发督办单{len(issued)}份：{issued[0].title}。")
    return redirect("dispatch-notice-suggestions")


@login_required
def notice_detail(request, pk: int):
    """A notice: its requirement, timeline, evidence, the steps open to the user, and history."""
    access = access_for(request.user)
    notice = get_object_or_404(selectors.notice_detail(access), pk=pk)
    actions = selectors.notice_allowed_actions(access, notice)
    return render(
        request,
        "dispatch/notice_detail.html",
        {
            "notice": notice,
            "actions": actions,
            "forms": {
                action: form()
                for action, form in ACTION_FORMS.items()
                if form and action in actions
            },
            "pending": selectors.notice_pending_extension(notice),
            "overdue": selectors.notice_is_overdue(notice),
            "history": history_for(notice),
        },
    )


@login_required
@require_POST
def notice_action(request, pk: int, action: str):
    """One step on a notice: 签收, 反馈, 退回, 办结, 催办, 申请延期, 审批延期."""
    if action not in ACTION_FORMS:
        raise Http404("未知的操作。")
    access = access_for(request.user)
    notice = get_object_or_404(selectors.notices_visible(access), pk=pk)
    if not selectors.notice_may(access, notice, action):
        raise PermissionDenied(f"您无权{selectors.ACTION_LABELS[action]}该督办单。")
    form_class = ACTION_FORMS[action]
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        _form_errors(request, form)
        return redirect("dispatch-notice-detail", pk=notice.pk)
    data = form.cleaned_data if form is not None else {}
    service = {
        selectors.SIGN: services.notice_sign,
        selectors.REPLY: services.notice_reply,
        selectors.RETURN: services.notice_return,
        selectors.CLOSE: services.notice_close,
        selectors.URGE: services.notice_urge,
        selectors.EXTEND: services.extension_request,
        selectors.DECIDE: services.extension_decide,
    }[action]
    try:
        service(actor=request.user, notice=notice, **data)
    except ValidationError as exc:
        _service_errors(request, exc)
    else:
        messages.success(request, f"已{selectors.ACTION_LABELS[action]}。")
    return redirect("dispatch-notice-detail", pk=notice.pk)


@login_required
def notice_evidence(request, pk: int):
    """A notice reply's evidence file, for users who may read the notice."""
    visible = selectors.notices_visible(access_for(request.user))
    evidence = get_object_or_404(NoticeEvidence.objects.filter(event__notice__in=visible), pk=pk)
    return evidence_response(evidence)
