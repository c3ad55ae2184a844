import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import access_for
from audit.selectors import history_for
from core.forms import add_service_errors

from . import selectors, services
from .filtersets import MyTaskFilterSet
from .forms import TaskProgressForm
from .models import Evidence

HISTORY_ROWS = 50


@login_required
@require_GET
def my_tasks(request):
    """我的任务: the tasks the user reports on, this period's filing state and the flags."""
    filterset = MyTaskFilterSet(request.GET, access=access_for(request.user))
    period, rows = filterset.chosen_period(), filterset.rows()
    return render(
        request,
        "progress/my_tasks.html",
        {
            "filter": filterset,
            "period": period,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "summary": {
                "total": len(rows),
                "reported": sum(row.reported for row in rows),
                "unreported": sum(not row.reported for row in rows),
                "overdue": sum(row.flags.overdue for row in rows),
                "lagging": sum(row.flags.lagging for row in rows),
            },
            "time_share": selectors.time_share(period.end) if period else None,
            "tolerance": selectors.LAGGING_TOLERANCE,
        },
    )


def _initial(entry, task) -> dict:
    if entry is None:  # a first entry starts from the task's current state
        return {"version": 0, "status": task.status, "percent": task.percent}
    initial = {
        "status": entry.status,
        "percent": entry.percent,
        "done": entry.done,
        "problems": entry.problems,
        "next_steps": entry.next_steps,
        "version": entry.version,
    }
    for value in entry.values.all():
        initial[f"target_{value.target_id}_actual"] = value.actual
        initial[f"target_{value.target_id}_cumulative"] = value.cumulative
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def task_progress(request, task_id: int, period_id: int):
    """One task in one period: the unit's form, the other units' entries and the history."""
    access = access_for(request.user)
    task = get_object_or_404(
        selectors.task_with_units().filter(pk__in=selectors.progress_tasks(access).values("pk")),
        pk=task_id,
    )
    period = get_object_or_404(selectors.reporting_periods(), pk=period_id)
    unit = selectors.reporting_unit(access, task)
    if request.method == "POST" and unit is None:
        raise PermissionDenied("您无权填报该任务的进展。")
    entries = selectors.task_period_entries(access, task, period)
    own = next((e for e in entries if unit and unit.owns(e)), None)
    targets = list(task.targets.all())
    form, conflict = None, None
    if unit and request.method == "POST":
        form = TaskProgressForm(request.POST, request.FILES, targets=targets)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.progress_save(
                    actor=request.user,
                    access=access,
                    task=task,
                    period=period,
                    version=data["version"],
                    status=data["status"],
                    percent=data["percent"],
                    done=data["done"],
                    problems=data["problems"],
                    next_steps=data["next_steps"],
                    values=form.value_inputs(),
                    files=data["files"],
                )
            except services.ProgressConflict as exc:
                conflict = exc.current
                # The user's text stays in the form; the version moves on so that sending it
                # again is a deliberate overwrite of what is shown as saved.
                resubmit = request.POST.copy()
                resubmit["version"] = str(conflict.version)
                form = TaskProgressForm(resubmit, targets=targets)
                form.is_valid()
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已保存 {period} 的进展。")
                return redirect("progress-task", task_id=task.pk, period_id=period.pk)
    elif unit:
        form = TaskProgressForm(initial=_initial(own, task), targets=targets)
    others = [e for e in entries if e is not own]
    return render(
        request,
        "progress/task_progress.html",
        {
            "task": task,
            "period": period,
            "unit": unit,
            "own": own,
            "form": form,
            "conflict": conflict,
            "others": others,
            "others_title": "协办单位填报情况"
            if unit and unit.consolidated and unit.department
            else "各单位填报情况",
            "flags": selectors.task_flags(
                task=task, period=period, consolidated=selectors.consolidated_entry(task, entries)
            ),
            "previous_period": selectors.reporting_periods()
            .filter(kind=period.kind, start__lt=period.start)
            .last(),
            "next_period": selectors.reporting_periods()
            .filter(kind=period.kind, start__gt=period.start)
            .first(),
            "history_entries": selectors.task_history(access, task, period)[:HISTORY_ROWS],
            "history": history_for(own)[:20] if own else [],
        },
    )


@login_required
@require_GET
def evidence_download(request, pk: int):
    """Send an evidence file to a user who may read its progress entry."""
    visible = selectors.progress_visible(access_for(request.user))
    evidence = get_object_or_404(Evidence.objects.filter(progress__in=visible), pk=pk)
    return evidence_response(evidence)


def evidence_response(evidence: Evidence) -> FileResponse:
    """The evidence file as a download; a file missing from storage is a 404, not a 500."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("该佐证材料的文件已不存在。") from exc
    content_type = mimetypes.guess_type(evidence.original_name)[0] or "application/octet-stream"
    return FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=content_type
    )
