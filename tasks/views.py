from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Task


@login_required
def task_detail(request, pk: int):
    """One task: its full text, units, targets and sub-tasks."""
    task = get_object_or_404(
        Task.objects.select_related("plan", "campaign", "section", "parent").prefetch_related(
            "lead_departments", "co_departments", "targets", "children"
        ),
        pk=pk,
    )
    return render(request, "tasks/task_detail.html", {"task": task})
