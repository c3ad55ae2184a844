"""Pages of the three lists (项目/任务/政策清单) and of one task."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import Access, access_for, scope_campaigns
from audit.selectors import history_for
from campaigns.models import Campaign
from core.exports import xlsx_response
from core.forms import add_service_errors

from . import selectors, services
from .choices import ListKind, TaskStatus
from .filtersets import TASK_ORDERING_CHOICES, TaskFilterSet
from .forms import TaskForm, TaskNoteForm, TaskSplitForm
from .models import Task

LIST_PAGE_SIZE = 50


def _list_kind(kind: str) -> ListKind:
    if kind not in ListKind.values:
        raise Http404("没有这个清单。")
    return ListKind(kind)


def _visible_campaign(access: Access, pk: int) -> Campaign:
    return get_object_or_404(
        scope_campaigns(Campaign.objects.select_related("plan"), access), pk=pk
    )


def _visible_task(access: Access, pk: int) -> Task:
    return get_object_or_404(selectors.scoped_tasks(access), pk=pk)


def _require_editor(access: Access, campaign_id: int | None) -> None:
    if not access.edits_campaign(campaign_id):
        raise PermissionDenied("您没有修改该攻坚清单的权限。")


def _filtered_list(request, pk: int, kind: str) -> tuple[Campaign, ListKind, TaskFilterSet]:
    access = access_for(request.user)
    campaign = _visible_campaign(access, pk)
    list_kind = _list_kind(kind)
    items = selectors.list_items(campaign=campaign, list_kind=list_kind, access=access)
    return campaign, list_kind, TaskFilterSet(request.GET, queryset=items)


@login_required
def list_items(request, pk: int, kind: str):
    """One of a campaign's three lists, filtered, sorted and paginated."""
    campaign, list_kind, filterset = _filtered_list(request, pk, kind)
    access = access_for(request.user)
    page = Paginator(filterset.qs, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    for task in page:
        task.display_number = selectors.task_display_number(task)
    counts = selectors.list_counts(campaign=campaign, access=access)
    return render(
        request,
        "tasks/list.html",
        {
            "campaign": campaign,
            "list_kind": list_kind,
            "tabs": [(kind, label, counts[kind]) for kind, label in ListKind.choices],
            "filter": filterset,
            "page": page,
            "statuses": TaskStatus.choices,
            "orderings": TASK_ORDERING_CHOICES,
            "can_edit": access.edits_campaign(campaign.pk),
        },
    )


@login_required
def list_export(request, pk: int, kind: str):
    """The list as an .xlsx file, with the page's filters and sort order applied."""
    campaign, list_kind, filterset = _filtered_list(request, pk, kind)
    if not filterset.is_valid():  # the list page names the bad filter; never export unfiltered
        return redirect(
            f"{reverse('list-items', args=[campaign.pk, list_kind])}?{request.GET.urlencode()}"
        )
    today = timezone.localdate()
    return xlsx_response(
        filename=f"{campaign.name}-{list_kind.label}-{today:%Y%m%d}.xlsx",
        sheet_title=list_kind.label,
        headers=selectors.TASK_EXPORT_HEADERS,
        widths=selectors.TASK_EXPORT_WIDTHS,
        rows=selectors.task_export_rows(filterset.qs.iterator(chunk_size=1000)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_item_create(request, pk: int, kind: str):
    """Add an item to one of a campaign's lists."""
    access = access_for(request.user)
    campaign = _visible_campaign(access, pk)
    list_kind = _list_kind(kind)
    _require_editor(access, campaign.pk)
    form = TaskForm(request.POST or None, initial={"list_kind": list_kind})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(user=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已新增事项 {task.number}。")
            return redirect("list-items", pk=campaign.pk, kind=task.list_kind)
    return render(
        request,
        "tasks/task_form.html",
        {"form": form, "campaign": campaign, "list_kind": list_kind, "task": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    """Edit an item's title, text, units, leader, person, deadline and progress."""
    access = access_for(request.user)
    task = _visible_task(access, pk)
    _require_editor(access, task.campaign_id)
    form = TaskForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(user=request.user, task=task, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已保存修改。")
            return redirect("task-detail", pk=task.pk)
    return render(
        request,
        "tasks/task_form.html",
        {
            "form": form,
            "campaign": task.campaign,
            "list_kind": ListKind(task.list_kind),
            "task": task,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_split(request, pk: int):
    """Split an item into two or more items; the original is closed."""
    access = access_for(request.user)
    task = _visible_task(access, pk)
    _require_editor(access, task.campaign_id)
    form = TaskSplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            parts = services.task_split(
                user=request.user, task=task, parts=form.cleaned_data["parts"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            numbers = "、".join(part.number for part in parts)
            messages.success(request, f"已拆分为 {numbers}，原事项已办结。")
            return redirect("list-items", pk=task.campaign_id, kind=task.list_kind)
    return render(request, "tasks/task_split.html", {"form": form, "task": task})


def _transition(request, pk: int, service, done: str):
    access = access_for(request.user)
    task = _visible_task(access, pk)
    _require_editor(access, task.campaign_id)
    form = TaskNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(form.errors["note"]))
        return redirect("task-detail", pk=task.pk)
    try:
        service(user=request.user, task=task, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("task-detail", pk=task.pk)


@login_required
@require_POST
def task_close(request, pk: int):
    """Close an item (已办结)."""
    return _transition(request, pk, services.task_close, "事项已办结。")


@login_required
@require_POST
def task_reopen(request, pk: int):
    """Reopen a closed item."""
    return _transition(request, pk, services.task_reopen, "事项已重新打开。")


@login_required
def task_detail(request, pk: int):
    """One task: its full text, units, targets, sub-tasks and history."""
    access = access_for(request.user)
    task = get_object_or_404(
        selectors.scoped_tasks(access)
        .select_related("split_from")
        .prefetch_related("targets", "children", "split_into"),
        pk=pk,
    )
    return render(
        request,
        "tasks/task_detail.html",
        {
            "task": task,
            "display_number": selectors.task_display_number(task),
            "history": history_for(task),
            "can_edit": access.edits_campaign(task.campaign_id),
            "is_closed": task.status == TaskStatus.CLOSED,
            "note_form": TaskNoteForm(),
        },
    )
