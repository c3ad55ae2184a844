"""Reads for the counties area: regions in reach, breakdowns, submissions, the matrix."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum

from accounts.selectors import Access
from campaigns.models import Region
from indicators.models import IndicatorValue
from projects.models import Project, ProjectUpdate
from projects.selectors import newest_updates
from reporting.choices import PeriodKind
from reporting.models import Period
from reporting.selectors import month_periods
from tasks.choices import TargetKind
from tasks.models import RegionalTarget, Target, Task

from . import layout
from .choices import RegionPeriodStatus
from .models import RegionPeriod, RegionTaskProgress, WorkbookSubmission

# Only absolute quantities add up across regions; growth rates, shares and points are set per region.
ADDITIVE_KINDS = frozenset({TargetKind.ABSOLUTE})


def region_list(access: Access) -> QuerySet[Region]:
    """Regions a user may see: all for 总专班, administrators and leaders, else their own."""
    regions = Region.objects.order_by("order", "code")
    return regions if access.sees_everything else regions.filter(pk__in=access.region_ids)


def region_may_submit(access: Access, region_id: int) -> bool:
    """County users for their own region; 总专班 and administrators for any."""
    return access.is_coordinator or region_id in access.region_ids


def submission_list(access: Access) -> QuerySet[WorkbookSubmission]:
    """Uploaded workbooks in reach, newest first."""
    return WorkbookSubmission.objects.filter(region__in=region_list(access)).select_related(
        "region", "period", "uploaded_by"
    )


def region_period_for(region: Region, period: Period) -> RegionPeriod | None:
    return (
        RegionPeriod.objects.filter(region=region, period=period)
        .select_related("current", "accepted_by")
        .first()
    )


def region_targets(region: Region) -> QuerySet[RegionalTarget]:
    """The targets a region reports on, with its share of each."""
    return (
        RegionalTarget.objects.filter(region=region)
        .select_related("target")
        .order_by("target__scope", "target__order", "target_id")
    )


def regional_target_list(access: Access) -> QuerySet[RegionalTarget]:
    """Regional shares of targets for the regions in reach."""
    return (
        RegionalTarget.objects.filter(region__in=region_list(access))
        .select_related("target", "region")
        .order_by("target_id", "region__order")
    )


def region_tasks(region: Region) -> QuerySet[Task]:
    """Tasks and list items that involve a region."""
    return (
        Task.objects.filter(regions=region)
        .select_related("campaign")
        .order_by("campaign__number", "order", "pk")
    )


def month_fortnight(period: Period) -> Period | None:
    """The fortnight a month's workbook reports major projects for: the last one ending in the month.

    Fortnights run 14 days from 1 January (the 26th to 31 December), so every month holds the end
    of at least one; March 2025's is 12–25 March. None when that year's fortnights do not exist.
    """
    return (
        Period.objects.filter(kind=PeriodKind.FORTNIGHT, end__gte=period.start, end__lte=period.end)
        .order_by("-end")
        .first()
    )


def region_projects(region: Region) -> QuerySet[Project]:
    """The region's major projects in code order: the rows of its workbook's 重大项目 sheet."""
    return Project.objects.filter(region=region).order_by("code")


def _project_rows(region: Region, fortnight: Period) -> list[tuple]:
    """Each project of the region with its latest update of the year up to `fortnight`.

    本期完成投资 belongs to its own fortnight, so it is only pre-filled from that fortnight's update.
    """
    projects = region_projects(region).values_list("pk", "code", "name")
    updates = ProjectUpdate.objects.filter(project__region=region)
    latest = {update.project_id: update for update in newest_updates(updates, fortnight)}
    rows = []
    for pk, code, name in projects:
        update = latest.get(pk)
        if update is None:
            rows.append((code, name, "", None, None, None, None, None, ""))
            continue
        rows.append(
            (
                code,
                name,
                layout.YES if update.started else layout.NO,
                update.start_date,
                update.investment if update.period_id == fortnight.pk else None,
                update.cumulative_investment,
                update.funds_paid,
                update.physical_percent,
                update.problems,
            )
        )
    return rows


def workbook_rows(region: Region, period: Period) -> dict:
    """What the region's workbook for `period` is pre-filled with (current and earlier months)."""
    shares = list(region_targets(region))
    target_ids = [share.target_id for share in shares]
    values = IndicatorValue.objects.filter(region=region, target_id__in=target_ids)
    current = {v.target_id: v for v in values.filter(period=period)}
    progress = {
        p.task_id: p for p in RegionTaskProgress.objects.filter(region=region, period=period)
    }
    indicators = []
    for share in shares:
        value = current.get(share.target_id)
        indicators.append(
            (
                share.target_id,
                share.target.name,
                share.unit or share.target.unit,
                share.value,
                value.value if value else None,
                value.cumulative if value else None,
                value.last_year if value else None,
                value.note if value else "",
            )
        )
    tasks = []
    for task in region_tasks(region):
        entry = progress.get(task.pk)
        tasks.append(
            (
                task.pk,
                f"{task.campaign.name if task.campaign else ''} {task.number} {task.title}".strip(),
                entry.status if entry else task.status,
                entry.percent if entry else task.percent,
                entry.text if entry else "",
            )
        )
    history = [
        (v.target_id, v.target.name, v.period.label, v.value, v.cumulative, v.last_year)
        for v in values.filter(
            period__kind=period.kind,
            period__start__year=period.start.year,
            period__start__lt=period.start,
        )
        .select_related("target", "period")
        .order_by("period__start", "target_id")
    ]
    fortnight = month_fortnight(period)
    return {
        "indicators": indicators,
        "tasks": tasks,
        "history": history,
        "projects": _project_rows(region, fortnight) if fortnight else [],
        "fortnight": fortnight,
    }


def workbook_filename(region: Region, period: Period) -> str:
    return f"{region.name}-{layout.period_key(period)}-报表.xlsx"


@dataclass(frozen=True)
class BreakdownRow:
    """A city target with the regions' shares and whether they add up."""

    target: Target
    shares: list[RegionalTarget]
    total: Decimal | None
    additive: bool

    @property
    def mismatch(self) -> bool:
        return self.additive and self.total is not None and self.total != self.target.value


def breakdown(targets: QuerySet[Target]) -> list[BreakdownRow]:
    """Targets with their regional shares; additive ones whose shares do not sum up are flagged."""
    targets = targets.annotate(
        shares_total=Sum("regional_targets__value"), share_count=Count("regional_targets")
    ).prefetch_related(
        Prefetch(
            "regional_targets",
            queryset=RegionalTarget.objects.select_related("region").order_by("region__order"),
        )
    )
    return [
        BreakdownRow(
            target=target,
            shares=list(target.regional_targets.all()),
            total=target.shares_total if target.share_count else None,
            additive=target.kind in ADDITIVE_KINDS,
        )
        for target in targets
    ]


def breakdown_targets() -> QuerySet[Target]:
    """Every target of the plans, city level first."""
    return Target.objects.select_related("campaign", "task").order_by(
        "plan_id", "scope", "order", "pk"
    )


@dataclass(frozen=True)
class MatrixCell:
    """One region × month of the submission matrix."""

    region: Region
    period: Period
    entry: RegionPeriod | None
    late: bool

    @property
    def status(self) -> str:
        return self.entry.status if self.entry else RegionPeriodStatus.NOT_STARTED

    @property
    def label(self) -> str:
        return RegionPeriodStatus(self.status).label


def matrix(*, regions: QuerySet[Region], year: int, today: date) -> tuple[list, list]:
    """(months, rows): for each region, a cell per month of `year`."""
    months = list(month_periods().filter(start__year=year))
    entries = {
        (e.region_id, e.period_id): e
        for e in RegionPeriod.objects.filter(period__in=months, region__in=regions)
    }
    rows = []
    for region in regions:
        cells = []
        for month in months:
            entry = entries.get((region.pk, month.pk))
            submitted = entry is not None and entry.submitted_at is not None
            overdue = month.deadline is not None and today > month.deadline and not submitted
            cells.append(
                MatrixCell(
                    region=region,
                    period=month,
                    entry=entry,
                    late=overdue or (submitted and entry.submitted_late),
                )
            )
        rows.append((region, cells))
    return months, rows
