"""Reads for the 总专班 dashboard and the leaders' view: the light rule and every figure."""

import calendar
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Plan, Region
from indicators.models import IndicatorRank, IndicatorValue
from reporting.choices import PeriodKind, ReportStatus
from reporting.models import CampaignReport, Period
from tasks.choices import Qualifier, TargetKind, TargetScope, TaskStatus
from tasks.models import RegionalTarget, Target, Task
from tasks.selectors import DONE_STATUSES, plan_latest

from .choices import Delivery, Light
from .models import LightRule
from .sources import CHANGE_SEQUENCE, SOURCES, WRITER_LOCK

AT_MOST = frozenset({Qualifier.BELOW, Qualifier.NOT_ABOVE})
LEADING_QUALIFIERS = frozenset(
    {
        Qualifier.NOT_BELOW,
        Qualifier.NOT_FEWER,
        Qualifier.NOT_ABOVE,
        Qualifier.REACH,
        Qualifier.EXCEED,
    }
)
RUN_RATE_KINDS = frozenset({TargetKind.ABSOLUTE, TargetKind.GROWTH, TargetKind.DECREASE})
ATTENTION_SHOWN = 3  # overdue and lagging tasks named per campaign
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Judgement:
    """A target's light, the value expected by now and the gap to it (actual − expected)."""

    light: str
    expected: Decimal | None = None
    gap: Decimal | None = None


@dataclass(frozen=True)
class DashboardScope:
    """Which plan and month the dashboard shows, and how much of the year has elapsed."""

    plan: Plan | None
    months: list[Period]
    period: Period | None
    as_of: date
    elapsed: Decimal

    @property
    def months_shown(self) -> list[Period]:
        """The plan year's months up to the selected one."""
        if self.period is None:
            return []
        return [month for month in self.months if month.start <= self.period.start]


def light_rule_get() -> LightRule:
    """The platform's light rule (its defaults until 总专班 saves one)."""
    return LightRule.objects.order_by("pk").first() or LightRule()


def elapsed_share(as_of: date) -> Decimal:
    """时序进度: the share of the year elapsed on `as_of` (days elapsed / days in the year)."""
    days = 366 if calendar.isleap(as_of.year) else 365
    return (Decimal(as_of.timetuple().tm_yday) / Decimal(days)).quantize(Decimal("0.0001"))


def target_judge(
    *,
    kind: str,
    qualifier: str,
    target_value: Decimal,
    actual: Decimal | None,
    elapsed: Decimal,
    rule: LightRule,
) -> Judgement:
    """红黄绿灯 of one target; the rule is the page's help text (templates/dashboard/_rule.html).

    Totals (absolute) are judged against target × 时序进度, rates and shares against the
    target itself; 以下/不超过 turn the direction round; 左右 allows the rule's tolerance below.
    """
    if actual is None:
        return Judgement(Light.GREY)
    if kind == TargetKind.ABSOLUTE:
        expected = target_value * elapsed
        about = target_value * rule.progress_about / HUNDRED
        yellow = target_value * rule.progress_yellow / HUNDRED
    else:
        expected = target_value
        about, yellow = rule.rate_about, rule.rate_yellow
    gap = actual - expected
    shortfall = gap if qualifier in AT_MOST else -gap
    if qualifier == Qualifier.ABOUT:
        shortfall -= about
    if shortfall <= 0:
        light = Light.GREEN
    elif shortfall <= yellow:
        light = Light.YELLOW
    else:
        light = Light.RED
    return Judgement(light, expected.quantize(CENT), gap.quantize(CENT))


def expected_by(target: Target, elapsed: Decimal) -> Decimal:
    """What a target calls for when `elapsed` of the year has gone: a share of a total, a rate."""
    if target.kind == TargetKind.ABSOLUTE:
        return (target.value * elapsed).quantize(CENT)
    return target.value


def run_rate_needed(
    *, kind: str, target_value: Decimal, cumulative: Decimal | None, months_done: int
) -> Decimal | None:
    """What each remaining month must bring: the amount left per month for totals, the average
    monthly rate for growth and decrease targets; none for levels or when the year is over."""
    remaining = 12 - months_done
    if cumulative is None or remaining <= 0 or kind not in RUN_RATE_KINDS:
        return None
    if kind == TargetKind.ABSOLUTE:
        needed = max(target_value - cumulative, Decimal(0)) / remaining
    else:
        needed = (target_value * 12 - cumulative * months_done) / remaining
    return needed.quantize(CENT)


def target_text(target: Target) -> str:
    """The target as the plan words it: 增长6%左右, 1200家以上."""
    value = f"{target.value.normalize():f}{target.unit}"
    prefix = {TargetKind.GROWTH: "增长", TargetKind.DECREASE: "下降"}.get(target.kind, "")
    if target.qualifier in LEADING_QUALIFIERS:
        return f"{prefix}{target.qualifier}{value}"
    return f"{prefix}{value}{target.qualifier}"


def plan_choices() -> list[Plan]:
    """Plans to choose from on the dashboard, latest year first."""
    return list(Plan.objects.order_by("-year", "pk").only("pk", "title", "document_number"))


def dashboard_scope(
    *, plan: Plan | None = None, period: Period | None = None, today: date | None = None
) -> DashboardScope:
    """The plan (default: the first one of the latest year) and month (default: the current one)."""
    today = today or timezone.localdate()
    plan = plan or plan_latest()
    if plan is None:
        return DashboardScope(None, [], None, today, elapsed_share(today))
    months = list(
        Period.objects.filter(kind=PeriodKind.MONTH, start__year=plan.year).order_by("start")
    )
    if period is None and months:
        current = min(today, date(plan.year, 12, 31))
        period = next((m for m in months if m.start <= current <= m.end), months[-1])
    as_of = min(today, period.end) if period else today
    return DashboardScope(plan, months, period, as_of, elapsed_share(as_of))


def _city_figures(targets: list[Target], months: list[Period]) -> tuple[dict, dict]:
    """{target: {period: (value, cumulative)}} and {target: {period: rank}} for the months."""
    values: dict[int, dict] = defaultdict(dict)
    for row in IndicatorValue.objects.filter(
        target__in=targets, region__isnull=True, period__in=months
    ).values_list("target_id", "period_id", "value", "cumulative"):
        values[row[0]][row[1]] = (row[2], row[3])
    ranks: dict[int, dict] = defaultdict(dict)
    for target_id, period_id, rank in IndicatorRank.objects.filter(
        target__in=targets, period__in=months
    ).values_list("target_id", "period_id", "rank"):
        ranks[target_id][period_id] = rank
    return values, ranks


def _last_two(series: dict, months: list[Period]) -> tuple:
    """The latest month with a figure in `series`, its figure and the figure the month before."""
    shown = [m for m in months if series.get(m.pk) is not None]
    if not shown:
        return None, None, None
    previous = series.get(shown[-2].pk) if len(shown) > 1 else None
    return shown[-1], series[shown[-1].pk], previous


def target_rows(
    scope: DashboardScope, rule: LightRule, scopes: tuple[str, ...] = ("plan", "campaign")
) -> list[dict]:
    """Headline targets and campaign goals: target, latest actual, gap, run-rate, rank, light."""
    if scope.plan is None:
        return []
    targets = list(
        Target.objects.filter(plan=scope.plan, scope__in=scopes)
        .select_related("campaign")
        .order_by(F("campaign__number").asc(nulls_first=True), "order", "pk")
    )
    months = scope.months_shown
    values, ranks = _city_figures(targets, months)
    rows = []
    for target in targets:
        series = values.get(target.pk, {})
        cumulative = {pk: figure[1] for pk, figure in series.items()}
        latest, actual, _ = _last_two(cumulative, months)
        rank_month, rank, rank_before = _last_two(ranks.get(target.pk, {}), months)
        judgement = target_judge(
            kind=target.kind,
            qualifier=target.qualifier,
            target_value=target.value,
            actual=actual,
            elapsed=scope.elapsed,
            rule=rule,
        )
        rows.append(
            {
                "id": target.pk,
                "name": target.name,
                "scope": target.scope,
                "campaign_id": target.campaign_id,
                "campaign": target.campaign.name if target.campaign else "",
                "target": target_text(target),
                "kind": target.kind,
                "qualifier": target.qualifier,
                "unit": target.unit,
                "target_value": target.value,
                "latest_period": latest.label if latest else "",
                "monthly": series[latest.pk][0] if latest else None,
                "cumulative": actual,
                "expected": judgement.expected,
                "gap": judgement.gap,
                "run_rate": run_rate_needed(
                    kind=target.kind,
                    target_value=target.value,
                    cumulative=actual,
                    months_done=latest.start.month if latest else 0,
                ),
                "rank": rank,
                "rank_change": rank_before - rank if rank and rank_before else None,
                "light": judgement.light,
                "light_label": Light(judgement.light).label,
                "series": [cumulative.get(m.pk) for m in months],
                "expected_series": [
                    expected_by(target, elapsed_share(min(m.end, scope.as_of))) for m in months
                ],
                "ranks": [ranks.get(target.pk, {}).get(m.pk) for m in months],
            }
        )
    return rows


def _report_delivery(report: dict | None, period: Period, as_of: date) -> str:
    """按时/逾期/退回/缺报/未到期 of one campaign's month report."""
    status = report["status"] if report else ReportStatus.DRAFT
    if status == ReportStatus.RETURNED:
        return Delivery.RETURNED
    if status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        return Delivery.LATE if report["submitted_late"] else Delivery.ON_TIME
    due = period.deadline or period.end
    return Delivery.MISSING if as_of > due else Delivery.PENDING


def _cell(state: str) -> dict:
    return {"state": state, "label": Delivery(state).label}


def report_matrix(scope: DashboardScope, campaigns: list[Campaign]) -> list[dict]:
    """Campaign × month: was each month's report on time, late, returned or missing."""
    months = scope.months_shown
    reports = {
        (row["campaign_id"], row["period_id"]): row
        for row in CampaignReport.objects.filter(campaign__in=campaigns, period__in=months).values(
            "campaign_id", "period_id", "status", "submitted_late"
        )
    }
    return [
        {
            "campaign_id": campaign.pk,
            "name": campaign.name,
            "cells": [
                _cell(_report_delivery(reports.get((campaign.pk, m.pk)), m, scope.as_of))
                for m in months
            ],
        }
        for campaign in campaigns
    ]


def region_delivery(entry, month: Period, as_of: date) -> str:
    """按时/逾期/退回/缺报/未到期 of one region's month workbook, from its reporting record
    (counties.RegionPeriod): refused uploads count as 退回 until a valid one arrives."""
    from counties.choices import RegionPeriodStatus

    if entry is not None and entry.status in (
        RegionPeriodStatus.SUBMITTED,
        RegionPeriodStatus.ACCEPTED,
    ):
        return Delivery.LATE if entry.submitted_late else Delivery.ON_TIME
    if entry is not None and entry.status == RegionPeriodStatus.ERROR:
        return Delivery.RETURNED
    return Delivery.MISSING if as_of > (month.deadline or month.end) else Delivery.PENDING


def region_matrix(scope: DashboardScope) -> list[dict]:
    """Region × month: did each county's workbook arrive by the month's deadline."""
    from counties.models import RegionPeriod

    months = scope.months_shown
    entries = {
        (entry.region_id, entry.period_id): entry
        for entry in RegionPeriod.objects.filter(period__in=months)
    }
    return [
        {
            "region_id": region.pk,
            "name": region.name,
            "cells": [
                _cell(region_delivery(entries.get((region.pk, month.pk)), month, scope.as_of))
                for month in months
            ],
        }
        for region in Region.objects.order_by("order", "code")
    ]


def supervision_open_counts(campaign_ids: list[int]) -> dict[int, int]:
    """Open supervision notices (督办单) per campaign."""
    from dispatch.selectors import open_notice_counts

    return open_notice_counts(campaign_ids)


def latest_bulletin(plan: Plan | None) -> dict | None:
    """The latest issued bulletin ({"title", "url"}), or None before the first is issued."""
    from bulletins.selectors import bulletin_latest_issued

    bulletin = bulletin_latest_issued(plan)
    if bulletin is None:
        return None
    return {"title": str(bulletin), "url": reverse("bulletin-detail", args=[bulletin.pk])}


def _overdue(as_of: date) -> Q:
    return Q(deadline__lt=as_of) & ~Q(status__in=DONE_STATUSES)


def campaign_rows(scope: DashboardScope) -> tuple[list[Campaign], list[dict]]:
    """Each campaign: tasks by status, overdue and lagging tasks, this month's report."""
    if scope.plan is None:
        return [], []
    campaigns = list(Campaign.objects.filter(plan=scope.plan).order_by("number"))
    tasks = Task.objects.filter(plan=scope.plan, campaign__isnull=False)
    counts: dict[int, dict] = defaultdict(dict)
    for row in tasks.values("campaign_id", "status").annotate(n=Count("id")):
        counts[row["campaign_id"]][row["status"]] = row["n"]
    attention: dict[int, list] = defaultdict(list)
    for task in (
        tasks.filter(_overdue(scope.as_of) | Q(status=TaskStatus.LAGGING))
        .prefetch_related("lead_departments")
        .order_by("campaign_id", F("deadline").asc(nulls_last=True), "order", "pk")
    ):
        task.is_overdue = (
            task.deadline is not None
            and task.deadline < scope.as_of
            and task.status not in DONE_STATUSES
        )
        attention[task.campaign_id].append(task)
    reports = {
        row["campaign_id"]: row
        for row in CampaignReport.objects.filter(
            campaign__in=campaigns, period=scope.period
        ).values("campaign_id", "status", "submitted_late")
    }
    supervision = supervision_open_counts([c.pk for c in campaigns])
    rows = []
    for campaign in campaigns:
        flagged = attention.get(campaign.pk, [])
        by_status = counts.get(campaign.pk, {})
        report = reports.get(campaign.pk)
        delivery = _report_delivery(report, scope.period, scope.as_of) if scope.period else ""
        rows.append(
            {
                "id": campaign.pk,
                "number": campaign.number,
                "name": campaign.name,
                "total": sum(by_status.values()),
                "by_status": [
                    {"status": s.value, "label": s.label, "count": by_status.get(s.value, 0)}
                    for s in TaskStatus
                ],
                "overdue": sum(1 for t in flagged if t.is_overdue),
                "lagging": sum(1 for t in flagged if t.status == TaskStatus.LAGGING),
                "attention": [
                    {
                        "id": t.pk,
                        "number": t.number,
                        "title": t.title,
                        "overdue": t.is_overdue,
                        "status_label": TaskStatus(t.status).label,
                        "deadline": t.deadline,
                        "lead_units": "、".join(d.name for d in t.lead_departments.all()),
                    }
                    for t in flagged[:ATTENTION_SHOWN]
                ],
                "report_status": (ReportStatus(report["status"]).label if report else "未建立"),
                "report_delivery": delivery,
                "report_delivery_label": Delivery(delivery).label if delivery else "",
                "supervision_open": supervision.get(campaign.pk),
            }
        )
    return campaigns, rows


def department_overdue(scope: DashboardScope) -> list[dict]:
    """Lead departments with overdue tasks, most first."""
    if scope.plan is None:
        return []
    rows = (
        Task.objects.filter(_overdue(scope.as_of), plan=scope.plan, lead_departments__isnull=False)
        .values("lead_departments__id", "lead_departments__name")
        .annotate(count=Count("id", distinct=True))
        .order_by("-count", "lead_departments__name")
    )
    return [
        {"id": r["lead_departments__id"], "name": r["lead_departments__name"], "count": r["count"]}
        for r in rows
    ]


def region_ranking(scope: DashboardScope, target: dict | None) -> list[dict]:
    """Counties ranked on one indicator (a target row) in the latest month they reported, with
    the change since the month before; 以下/不超过 targets rank the lowest first."""
    months = scope.months_shown
    if target is None or not months:
        return []
    figures: dict[tuple, Decimal | None] = {}
    for region_id, period_id, cumulative in IndicatorValue.objects.filter(
        target_id=target["id"], region__isnull=False, period__in=months
    ).values_list("region_id", "period_id", "cumulative"):
        figures[(region_id, period_id)] = cumulative
    reported = {period_id for (_, period_id), value in figures.items() if value is not None}
    latest = [m for m in months if m.pk in reported] or months
    current = latest[-1]
    previous = next((m for m in reversed(months) if m.start < current.start), None)
    goals = dict(
        RegionalTarget.objects.filter(target_id=target["id"]).values_list("region_id", "value")
    )
    regions = list(Region.objects.order_by("order", "code"))
    lower_is_better = target["qualifier"] in AT_MOST

    def ranked(period: Period | None) -> dict[int, int]:
        if period is None:
            return {}
        present = [
            (figures[(r.pk, period.pk)], r.pk)
            for r in regions
            if figures.get((r.pk, period.pk)) is not None
        ]
        present.sort(key=lambda pair: pair[0], reverse=not lower_is_better)
        return {region_id: index for index, (_, region_id) in enumerate(present, start=1)}

    now, before = ranked(current), ranked(previous)
    rows = []
    for region in regions:
        value = figures.get((region.pk, current.pk))
        last = figures.get((region.pk, previous.pk)) if previous else None
        rank, rank_before = now.get(region.pk), before.get(region.pk)
        rows.append(
            {
                "region_id": region.pk,
                "name": region.name,
                "period": current.label,
                "target": goals.get(region.pk),
                "cumulative": value,
                "previous": last,
                "change": value - last if value is not None and last is not None else None,
                "rank": rank,
                "rank_change": rank_before - rank if rank and rank_before else None,
            }
        )
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["name"]))
    return rows


def status_totals(rows: list[dict]) -> list[dict]:
    """Tasks by status over all campaigns, for the status chart."""
    totals: dict[str, dict] = {}
    for row in rows:
        for entry in row["by_status"]:
            total = totals.setdefault(entry["status"], {**entry, "count": 0})
            total["count"] += entry["count"]
    return list(totals.values())


def dashboard_data(scope: DashboardScope, ranking_target_id: int | None = None) -> dict:
    """Every figure of the dashboard for one plan and month, in a fixed number of queries."""
    rule = light_rule_get()
    targets = target_rows(scope, rule)
    campaigns, campaign_figures = campaign_rows(scope)
    ranking_target = next(
        (row for row in targets if row["id"] == ranking_target_id),
        next((row for row in targets if row["scope"] == TargetScope.PLAN), None),
    )
    ranking = region_ranking(scope, ranking_target)
    return {
        "rule": rule,
        "targets": targets,
        "campaigns": campaign_figures,
        "status_totals": status_totals(campaign_figures),
        "report_matrix": report_matrix(scope, campaigns),
        "region_matrix": region_matrix(scope) if scope.plan else [],
        "departments": department_overdue(scope),
        "months": [m.label for m in scope.months_shown],
        "ranking_target": ranking_target,
        "region_ranking": ranking,
        "ranking_period": ranking[0]["period"] if ranking else "",
    }


def _scanned_fingerprint() -> str:
    """SQLite (`make run`): each source table's row count and latest change, in one query."""
    parts = []
    for label, column in SOURCES:
        model = apps.get_model(label)
        # Edits through the services bump `version`; include it so a change within the same
        # timestamp still changes the fingerprint.
        version = (
            " || '/' || COALESCE(CAST(SUM(version) AS TEXT), '')"
            if any(f.name == "version" for f in model._meta.fields)
            else ""
        )
        parts.append(
            f"(SELECT CAST(COUNT(*) AS TEXT) || '/' || COALESCE(CAST(MAX({column}) AS TEXT), ''){version} "  # noqa: S608 — names from models
            f"FROM {model._meta.db_table})"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " || '|' || ".join(parts))
        return hashlib.sha256(cursor.fetchone()[0].encode()).hexdigest()[:32]


def _fingerprint() -> str:
    """What the figures are computed from: any write to a source table changes it.

    PostgreSQL: the change sequence the source tables' triggers advance, one lookup whatever
    the tables' size. Elsewhere: a scan of the tables.
    """
    if connection.vendor != "postgresql":
        return _scanned_fingerprint()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value, is_called FROM {CHANGE_SEQUENCE}")  # noqa: S608
        value, called = cursor.fetchone()
    return f"change-{value if called else 0}"


def _writes_in_flight() -> bool:
    """Whether another transaction has written a source table and not yet committed.

    Its trigger has advanced the sequence while its rows are not yet visible: figures computed
    now could be older than the fingerprint they would be cached under, so they are served but
    not cached. Checked after the fingerprint is read, before computing.
    """
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid = 0 AND objid = %s AND objsubid = 1 AND pid <> pg_backend_pid())",
            [WRITER_LOCK],
        )
        return cursor.fetchone()[0]


def dashboard_figures(
    *, plan: Plan | None = None, period: Period | None = None, target: Target | None = None
) -> tuple[DashboardScope, dict]:
    """The scope and every figure for a validated dashboard query (page, export or API).

    The figures are cached under the data's fingerprint for a minute: many readers at month
    end cost one computation, and any change to the data is seen on the next request.
    """
    scope = dashboard_scope(plan=plan, period=period)
    key = ":".join(
        str(part)
        for part in (
            "dashboard",
            scope.plan.pk if scope.plan else "-",
            scope.period.pk if scope.period else "-",
            target.pk if target else "-",
            scope.as_of.isoformat(),
            _fingerprint(),
        )
    )
    data = cache.get(key)
    if data is None:
        in_flight = _writes_in_flight()
        data = dashboard_data(scope, ranking_target_id=target.pk if target else None)
        # The key also names the rendered page body and the API's JSON: none of them is kept
        # when the figures may be older than the fingerprint.
        data["cache_key"] = None if in_flight else key
        if not in_flight:
            cache.set(key, data, settings.DASHBOARD_CACHE_SECONDS)
    return scope, data
