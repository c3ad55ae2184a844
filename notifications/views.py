from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import require_admin
from core.forms import add_service_errors

from . import selectors, services
from .forms import PreferenceForm, ScheduleForm
from .models import NotificationPreference


@login_required
def notification_list(request):
    """The notification centre: newest first, unread highlighted."""
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    """Mark one notification (id in the form) or all of them read, then follow its link."""
    ids = request.POST.getlist("id")
    try:
        numeric = [int(i) for i in ids]
    except ValueError:
        numeric = []
    services.notification_mark_read(user=request.user, notification_ids=numeric if ids else None)
    target = request.POST.get("next", "")
    return redirect(
        target if target.startswith("/") and not target.startswith("//") else "notification-list"
    )


@login_required
@require_http_methods(["GET", "POST"])
def preference_edit(request):
    """Choose the outside channels: email and a group-bot webhook."""
    current = NotificationPreference.objects.filter(user=request.user).first()
    initial = {
        "email_enabled": current.email_enabled if current else True,
        "webhook_enabled": current.webhook_enabled if current else False,
        "webhook_url": current.webhook_url if current else "",
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "通知设置已保存。")
            return redirect("notification-preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


SCHEDULES_ADMIN_ONLY = "只有系统管理员可以管理定时任务。"


@login_required
def schedule_list(request):
    """Scheduled jobs with their time, days and state, and the recent runs and failures."""
    require_admin(request.user, SCHEDULES_ADMIN_ONLY)
    return render(
        request,
        "notifications/schedule_list.html",
        {
            "schedules": selectors.schedules(),
            "runs": selectors.recent_runs(50),
            "failures": selectors.failed_deliveries(50),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request, pk: int):
    """Edit one scheduled job; a bad schedule is refused with the reason."""
    require_admin(request.user, SCHEDULES_ADMIN_ONLY)
    task = get_object_or_404(selectors.schedules().filter(crontab__isnull=False), pk=pk)
    form = ScheduleForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.schedule_update(
            actor=request.user,
            task=task,
            enabled=data["enabled"],
            hour=data["hour"],
            minute=data["minute"],
            day_of_month=data["day_of_month"],
            job_kwargs=form.job_kwargs(),
        )
        messages.success(request, f"已保存“{task.name}”。")
        return redirect("notification-schedules")
    return render(request, "notifications/schedule_form.html", {"form": form, "task": task})
