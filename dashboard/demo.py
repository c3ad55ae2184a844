"""Demo data for the dashboard: a plausible year of progress, reports, figures and ranks.

Everything is marked as demo (IndicatorValue.source="demo", IndicatorRank.is_demo, rows authored
by the "demo" user) and deterministic, so seeding twice changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.services import audit_record
from campaigns.models import Campaign, Plan, Region
from indicators.models import IndicatorRank, IndicatorValue
from progress.models import TargetValue, TaskProgress
from reporting.choices import PeriodKind, ReportAction, ReportStatus
from reporting.models import CampaignReport, Period, ReportEvent
from tasks.choices import TargetKind, TargetScope, TaskStatus
from tasks.models import RegionalTarget, Target, Task

DEMO_USERNAME = "demo"
DEMO_NAME = "演示数据"
BATCH = 2000
TWO = Decimal("0.01")


def demo_user_get():
    """The inactive user every demo row is authored by."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": DEMO_NAME, "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _rng(*key) -> random.Random:
    """A generator seeded by stable names, so every run and every plan copy draws the same."""
    return random.Random("|".join(str(part) for part in key))  # noqa: S311 — demo figures only


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _q(value: float) -> Decimal:
    return Decimal(str(value)).quantize(TWO)


def _city_figures(target: Target, month: int) -> tuple[Decimal, Decimal] | None:
    """(this month, cumulative) for a headline target or campaign goal; None leaves a gap."""
    rng = _rng(target.scope, target.name, target.value, target.order)
    if target.scope != TargetScope.PLAN and rng.random() < 0.08:  # goals nobody reports: grey
        return None
    value = float(target.value)
    lean = rng.uniform(-0.12, 0.08)  # how far ahead or behind this indicator runs
    month_rng = _rng(target.name, target.order, month)
    if target.kind == TargetKind.ABSOLUTE:
        cumulative = value * month / 12 * (1 + lean + month_rng.uniform(-0.03, 0.03))
        previous = value * (month - 1) / 12 * (1 + lean)
        return _q(max(cumulative - previous, 0)), _q(cumulative)
    spread = max(abs(value) * 0.15, 0.6)
    cumulative = value + lean * spread * 6 + month_rng.uniform(-0.3, 0.3) * spread / month
    return _q(cumulative + month_rng.uniform(-0.8, 0.8) * spread), _q(cumulative)


def _months(plan: Plan, today: date) -> list[Period]:
    return list(
        Period.objects.filter(
            kind=PeriodKind.MONTH, start__year=plan.year, start__lte=today
        ).order_by("start")
    )


def _seed_indicators(plan: Plan, months: list[Period], regions: list[Region]) -> int:
    targets = list(
        Target.objects.filter(plan=plan, scope__in=[TargetScope.PLAN, TargetScope.CAMPAIGN])
    )
    city, ranks, regional, goals = [], [], [], []
    now = timezone.now()
    for target in targets:
        rank = _rng(target.name, "rank").randint(4, 11)
        for month in months:
            figures = _city_figures(target, month.start.month)
            if figures is None:
                continue
            city.append(
                IndicatorValue(
                    target=target,
                    period=month,
                    value=figures[0],
                    cumulative=figures[1],
                    source=IndicatorValue.Source.DEMO,
                    note=DEMO_NAME,
                )
            )
            if target.scope != TargetScope.PLAN:
                continue
            rank = min(14, max(1, rank + _rng(target.name, month.start, "r").choice([-1, 0, 0, 1])))
            ranks.append(IndicatorRank(target=target, period=month, rank=rank, is_demo=True))
            for region in regions:
                if _region_missing(region, month, now):
                    continue
                offset = Decimal(str(_rng(region.code, target.name).uniform(-2.5, 2.5)))
                regional.append(
                    IndicatorValue(
                        target=target,
                        region=region,
                        period=month,
                        value=_q(float(figures[0] + offset)),
                        cumulative=_q(float(figures[1] + offset)),
                        source=IndicatorValue.Source.DEMO,
                        note=DEMO_NAME,
                    )
                )
        if target.scope == TargetScope.PLAN:
            goals.extend(
                RegionalTarget(
                    target=target,
                    region=region,
                    value=_q(
                        float(target.value)
                        + _rng(region.code, target.name, "goal").choice([-0.5, 0, 0, 0.5, 1])
                    ),
                    unit=target.unit,
                    qualifier=target.qualifier,
                )
                for region in regions
            )
    IndicatorValue.objects.bulk_create(city + regional, batch_size=BATCH, ignore_conflicts=True)
    IndicatorRank.objects.bulk_create(ranks, batch_size=BATCH, ignore_conflicts=True)
    RegionalTarget.objects.bulk_create(goals, batch_size=BATCH, ignore_conflicts=True)
    _date_regional_uploads(plan)
    return len(city) + len(regional)


def _region_missing(region: Region, month: Period, now: datetime) -> bool:
    """One county month in twenty never arrives; none arrives before its upload time."""
    missing = _rng(region.code, month.start, "missing").random() < 0.05
    return missing or _upload_time(region, month) > now


def _seed_region_periods(months: list[Period], regions: list[Region], now: datetime) -> int:
    """The counties' reporting record: each delivered month submitted at its upload time, the
    earlier ones accepted (demo rows have no workbook behind them)."""
    from counties.choices import RegionPeriodStatus
    from counties.models import RegionPeriod

    rows = []
    for month in months:
        for region in regions:
            if _region_missing(region, month, now):
                continue
            uploaded = _upload_time(region, month)
            accepted = month != months[-1]
            rows.append(
                RegionPeriod(
                    region=region,
                    period=month,
                    status=RegionPeriodStatus.ACCEPTED
                    if accepted
                    else RegionPeriodStatus.SUBMITTED,
                    version=1,
                    submitted_at=uploaded,
                    submitted_late=timezone.localdate(uploaded) > month.deadline,
                    accepted_at=uploaded + timedelta(days=2) if accepted else None,
                )
            )
    RegionPeriod.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _upload_time(region: Region, month: Period) -> datetime:
    """Counties mostly deliver a few days before the 25th, some a few days after."""
    rng = _rng(region.code, month.start, "upload")
    days = rng.randint(1, 4) if rng.random() < 0.12 else -rng.randint(0, 6)
    return _at(month.deadline + timedelta(days=days), 9 + rng.randint(0, 8))


def _date_regional_uploads(plan: Plan) -> None:
    """Give the counties' demo figures their upload times (bulk writes stamp them now)."""
    rows = list(
        IndicatorValue.objects.filter(
            target__plan=plan, region__isnull=False, source=IndicatorValue.Source.DEMO
        ).select_related("region", "period")
    )
    for row in rows:
        row.updated_at = _upload_time(row.region, row.period)
    IndicatorValue.objects.bulk_update(rows, ["updated_at"], batch_size=BATCH)


def _task_percent(task: Task, month: int) -> int:
    rng = _rng(task.campaign_id and task.campaign.number, task.number, task.title)
    speed = rng.uniform(0.6, 1.3)
    return min(100, int(speed * month / 12 * 100))


def _task_status(percent: int, month: int, closed: bool) -> str:
    if percent >= 100:
        return TaskStatus.CLOSED if closed else TaskStatus.COMPLETED
    if percent == 0:
        return TaskStatus.NOT_STARTED
    return TaskStatus.LAGGING if percent < month / 12 * 100 - 20 else TaskStatus.IN_PROGRESS


def _seed_progress(plan: Plan, months: list[Period], user) -> int:
    tasks = list(
        Task.objects.filter(plan=plan, campaign__isnull=False)
        .select_related("campaign")
        .prefetch_related("targets")
    )
    entries = []
    for task in tasks:
        closed = _rng(task.title, "closed").random() < 0.5
        if task.deadline is None and _rng(task.title, "deadline").random() < 0.4:
            task.deadline = date(plan.year, _rng(task.title, "quarter").choice([3, 6, 9, 12]), 28)
        for month in months:
            percent = _task_percent(task, month.start.month)
            entries.append(
                TaskProgress(
                    task=task,
                    period=month,
                    status=_task_status(percent, month.start.month, closed),
                    percent=percent,
                    done=f"（演示数据）{month.label}按计划推进。",
                    updated_by=user,
                )
            )
        task.percent = entries[-1].percent if months else 0
        task.status = entries[-1].status if months else TaskStatus.NOT_STARTED
    TaskProgress.objects.bulk_create(entries, batch_size=BATCH, ignore_conflicts=True)
    Task.objects.bulk_update(tasks, ["status", "percent", "deadline"], batch_size=BATCH)
    targets = {task.pk: list(task.targets.all()) for task in tasks}
    values = [
        TargetValue(
            progress=entry,
            target=target,
            actual=_q(float(target.value) / 12),
            cumulative=_q(float(target.value) * entry.percent / 100),
        )
        for entry in TaskProgress.objects.filter(task__plan=plan, updated_by=user).only(
            "pk", "task_id", "percent"
        )
        for target in targets.get(entry.task_id, [])
    ]
    TargetValue.objects.bulk_create(values, batch_size=BATCH, ignore_conflicts=True)
    return len(entries)


def _report_outcome(campaign: Campaign, month: Period, today: date) -> str:
    if month.deadline >= today:
        return "draft"
    draw = _rng(campaign.number, campaign.name, month.start, "report").random()
    if draw < 0.06:
        return "missing"
    if draw < 0.14:
        return "returned"
    if draw < 0.26:
        return "late"
    return "accepted"


def _seed_reports(plan: Plan, months: list[Period], user, today: date) -> int:
    reports = []
    for campaign in Campaign.objects.filter(plan=plan):
        for month in months:
            outcome = _report_outcome(campaign, month, today)
            if outcome == "missing":
                continue
            late = outcome == "late"
            submitted = _at(month.deadline + timedelta(days=3 if late else -2))
            reports.append(
                CampaignReport(
                    campaign=campaign,
                    period=month,
                    deadline=month.deadline,
                    status={
                        "draft": ReportStatus.DRAFT,
                        "returned": ReportStatus.RETURNED,
                    }.get(outcome, ReportStatus.ACCEPTED),
                    progress=f"（演示数据）{campaign.name}{month.label}工作推进情况。",
                    problems="（演示数据）个别项目进度偏慢。",
                    next_plans="（演示数据）下月继续按清单推进。",
                    submitted_at=None if outcome == "draft" else submitted,
                    last_submitted_at=None if outcome == "draft" else submitted,
                    submitted_late=late,
                    return_reason="（演示数据）请补充典型做法。" if outcome == "returned" else "",
                    accepted_at=submitted + timedelta(days=1)
                    if outcome in ("accepted", "late")
                    else None,
                )
            )
    CampaignReport.objects.bulk_create(reports, batch_size=BATCH, ignore_conflicts=True)
    events = []
    for report in CampaignReport.objects.filter(
        campaign__plan=plan, submitted_at__isnull=False, events__isnull=True
    ):
        events.append(ReportEvent(report=report, action=ReportAction.SUBMIT, actor=user))
        follow = (
            ReportAction.RETURN if report.status == ReportStatus.RETURNED else ReportAction.ACCEPT
        )
        events.append(
            ReportEvent(report=report, action=follow, actor=user, reason=report.return_reason)
        )
    ReportEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(reports)


@transaction.atomic
def demo_data_seed(*, plan: Plan, today: date | None = None) -> dict[str, int]:
    """Fill one plan's year with demo progress, reports, figures and ranks (idempotent)."""
    today = today or timezone.localdate()
    user = demo_user_get()
    months = _months(plan, today)
    regions = list(Region.objects.order_by("order", "code"))
    counts = {
        "indicator_values": _seed_indicators(plan, months, regions),
        "region_periods": _seed_region_periods(months, regions, timezone.now()),
        "progress": _seed_progress(plan, months, user),
        "reports": _seed_reports(plan, months, user, today),
    }
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=plan,
        summary=f"填充演示数据（{len(months)}个月）",
    )
    return counts
