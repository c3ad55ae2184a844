from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.selectors import access_for
from core.exports import xlsx_response
from tasks.choices import TargetScope

from . import selectors, services
from .forms import DashboardQueryForm, LightRuleForm
from .tables import TABLES

DASHBOARD_READERS_ONLY = "调度看板仅向总专班、市领导和系统管理员开放。"


def dashboard_request(request) -> tuple[DashboardQueryForm, selectors.DashboardScope, dict]:
    """The query form, scope and figures of a dashboard page; bad fields fall back to defaults."""
    if not access_for(request.user).sees_everything:
        raise PermissionDenied(DASHBOARD_READERS_ONLY)
    form = DashboardQueryForm(request.GET)
    form.is_valid()
    query = {name: form.cleaned_data.get(name) for name in form.fields if name not in form.errors}
    return form, *selectors.dashboard_figures(**query)


def _charts(data: dict) -> dict:
    """The figures the charts draw (read by static/dashboard/dashboard.js)."""
    headline = [row for row in data["targets"] if row["scope"] == TargetScope.PLAN]
    return {
        "months": data["months"],
        "targets": [
            {
                "name": row["name"],
                "unit": row["unit"],
                "target": row["target"],
                "series": row["series"],
                "expected": row["expected_series"],
                "ranks": row["ranks"],
            }
            for row in headline
        ],
        "statuses": [entry["label"] for entry in data["status_totals"]],
        "campaigns": [
            {"name": row["name"], "counts": [entry["count"] for entry in row["by_status"]]}
            for row in data["campaigns"]
        ],
    }


@login_required
def dashboard(request):
    """总专班's dashboard: headline targets, campaigns, reporting, regions and charts."""
    form, scope, data = dashboard_request(request)
    plans = selectors.plan_choices()
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "plans": plans,
            "charts": _charts(data),
            "query": request.GET.urlencode(),
            **data,
        },
    )


@login_required
def dashboard_export(request, table: str):
    """One of the dashboard's tables as an .xlsx file."""
    spec = TABLES.get(table)
    if spec is None:
        raise Http404("没有这张表。")
    _, scope, data = dashboard_request(request)
    label = scope.period.label if scope.period else ""
    return xlsx_response(
        filename=f"{spec.title}{label}.xlsx",
        sheet_title=spec.title,
        headers=spec.headers(data),
        rows=spec.rows(data),
    )


@login_required
def leader_view(request):
    """The leaders' one-minute summary: headline lights, campaigns in a line, the latest bulletin."""
    if not access_for(request.user).sees_everything:
        raise PermissionDenied(DASHBOARD_READERS_ONLY)
    scope = selectors.dashboard_scope()
    rule = selectors.light_rule_get()
    _, campaigns = selectors.campaign_rows(scope)
    return render(
        request,
        "dashboard/leader.html",
        {
            "scope": scope,
            "targets": selectors.target_rows(scope, rule, scopes=(TargetScope.PLAN,)),
            "campaigns": campaigns,
            "bulletin": selectors.latest_bulletin(scope.plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def light_rule_edit(request):
    """总专班 sets the light rule's tolerances; everyone who sees the dashboard may read it."""
    access = access_for(request.user)
    if not access.sees_everything or (request.method == "POST" and not access.is_coordinator):
        raise PermissionDenied("只有总专班可以修改红黄绿灯规则。")
    rule = selectors.light_rule_get()
    form = LightRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.light_rule_update(user=request.user, values=form.cleaned_data)
        messages.success(request, "红黄绿灯规则已保存。")
        return redirect("dashboard-rule")
    return render(
        request,
        "dashboard/rule.html",
        {"form": form, "rule": rule, "editable": access.is_coordinator},
    )
