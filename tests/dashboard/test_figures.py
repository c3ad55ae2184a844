from datetime import date
from decimal import Decimal

import pytest

from campaigns.models import Department, Region
from dashboard import selectors
from dashboard.choices import Delivery, Light
from indicators.models import IndicatorRank, IndicatorValue
from reporting.choices import PeriodKind, ReportStatus
from reporting.models import CampaignReport, Period
from reporting.services import period_ensure_year
from tasks.choices import TargetScope, TaskStatus
from tasks.models import RegionalTarget, Target, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(hengyang_plan):
    period_ensure_year(year=2025)
    return {
        p.start.month: p for p in Period.objects.filter(kind=PeriodKind.MONTH, start__year=2025)
    }


def scope_on(plan, day: date):
    return selectors.dashboard_scope(plan=plan, today=day)


def gdp(plan):
    return Target.objects.get(plan=plan, scope=TargetScope.PLAN, name="地区生产总值")


def test_headline_row_takes_the_latest_month_with_a_figure_and_the_rank_trend(hengyang_plan, year):
    target = gdp(hengyang_plan)
    for month, cumulative, rank in [(1, "5.2", 9), (2, "5.8", 7)]:
        IndicatorValue.objects.create(
            target=target, period=year[month], value=Decimal("6.1"), cumulative=Decimal(cumulative)
        )
        IndicatorRank.objects.create(target=target, period=year[month], rank=rank)
    scope = scope_on(hengyang_plan, date(2025, 3, 10))
    row = next(
        r for r in selectors.target_rows(scope, selectors.light_rule_get()) if r["id"] == target.pk
    )
    assert row["latest_period"] == "2025年2月"
    assert row["cumulative"] == Decimal("5.8") and row["monthly"] == Decimal("6.1")
    assert row["rank"] == 7 and row["rank_change"] == 2
    assert row["light"] == Light.GREEN  # 6% 左右 with 0.5 pt tolerance
    assert row["series"] == [Decimal("5.2"), Decimal("5.8"), None]


def test_target_without_figures_is_grey(hengyang_plan, year):
    scope = scope_on(hengyang_plan, date(2025, 3, 10))
    rows = selectors.target_rows(scope, selectors.light_rule_get())
    assert rows and {row["light"] for row in rows} == {Light.GREY}
    assert rows[0]["scope"] == TargetScope.PLAN  # headline targets come first


def test_report_matrix_tells_on_time_late_returned_missing_and_pending(hengyang_plan, year):
    campaign = hengyang_plan.campaigns.get(number=1)
    cases = {
        1: dict(status=ReportStatus.ACCEPTED, submitted_late=False),
        2: dict(status=ReportStatus.SUBMITTED, submitted_late=True),
        3: dict(status=ReportStatus.RETURNED),
        4: dict(status=ReportStatus.DRAFT),
    }
    for month, fields in cases.items():
        CampaignReport.objects.create(
            campaign=campaign, period=year[month], deadline=year[month].deadline, **fields
        )
    scope = scope_on(hengyang_plan, date(2025, 6, 20))
    rows = selectors.report_matrix(scope, [campaign])
    states = [cell["state"] for cell in rows[0]["cells"]]
    assert states == [
        Delivery.ON_TIME,
        Delivery.LATE,
        Delivery.RETURNED,
        Delivery.MISSING,
        Delivery.MISSING,
        Delivery.PENDING,
    ]


def test_region_matrix_reads_each_counties_reporting_record(hengyang_plan, year):
    from counties.choices import RegionPeriodStatus
    from counties.models import RegionPeriod

    county, other = Region.objects.get(name="衡阳县"), Region.objects.get(name="衡南县")
    RegionPeriod.objects.create(region=county, period=year[1], status="submitted")
    RegionPeriod.objects.create(
        region=county, period=year[2], status=RegionPeriodStatus.ACCEPTED, submitted_late=True
    )
    RegionPeriod.objects.create(region=other, period=year[3], status=RegionPeriodStatus.ERROR)
    scope = scope_on(hengyang_plan, date(2025, 4, 10))
    rows = {r["name"]: [c["state"] for c in r["cells"]] for r in selectors.region_matrix(scope)}
    assert rows["衡阳县"] == [
        Delivery.ON_TIME,
        Delivery.LATE,
        Delivery.MISSING,
        Delivery.PENDING,
    ]
    assert rows["衡南县"][2] == Delivery.RETURNED


def test_campaign_row_names_overdue_and_lagging_tasks_with_their_lead_units(hengyang_plan, year):
    campaign = hengyang_plan.campaigns.get(number=1)
    tasks = list(Task.objects.filter(campaign=campaign).order_by("order"))
    Task.objects.filter(pk=tasks[0].pk).update(
        deadline=date(2025, 3, 31), status=TaskStatus.IN_PROGRESS
    )
    Task.objects.filter(pk=tasks[1].pk).update(status=TaskStatus.LAGGING)
    Task.objects.filter(pk=tasks[2].pk).update(deadline=date(2025, 3, 31), status=TaskStatus.CLOSED)
    scope = scope_on(hengyang_plan, date(2025, 4, 10))
    _, rows = selectors.campaign_rows(scope)
    row = next(r for r in rows if r["id"] == campaign.pk)
    assert row["overdue"] == 1 and row["lagging"] == 1
    assert [a["id"] for a in row["attention"]] == [tasks[0].pk, tasks[1].pk]
    lead = tasks[0].lead_departments.first()
    assert lead is None or lead.name in row["attention"][0]["lead_units"]
    assert row["total"] == Task.objects.filter(campaign=campaign).count()
    assert row["report_delivery"] == Delivery.PENDING
    departments = {d["name"]: d["count"] for d in selectors.department_overdue(scope)}
    assert all(departments[d.name] >= 1 for d in tasks[0].lead_departments.all())
    assert not any(
        d.name in departments
        for d in Department.objects.filter(led_tasks=tasks[2]).exclude(led_tasks=tasks[0])
    )


def test_region_ranking_orders_counties_and_shows_the_change(hengyang_plan, year):
    target = gdp(hengyang_plan)
    first, second = Region.objects.order_by("order")[:2]
    figures = {(first, 1): "5", (first, 2): "7", (second, 1): "6", (second, 2): "6.5"}
    for (region, month), value in figures.items():
        IndicatorValue.objects.create(
            target=target, region=region, period=year[month], cumulative=Decimal(value)
        )
    RegionalTarget.objects.create(target=target, region=first, value=Decimal("6.5"))
    scope = scope_on(hengyang_plan, date(2025, 2, 20))
    row = {"id": target.pk, "qualifier": target.qualifier}
    rows = selectors.region_ranking(scope, row)
    assert [r["name"] for r in rows[:2]] == [first.name, second.name]
    assert rows[0]["rank_change"] == 1 and rows[1]["rank_change"] == -1
    assert rows[0]["change"] == Decimal("2") and rows[0]["target"] == Decimal("6.5")
    assert rows[2]["rank"] is None
    lower = selectors.region_ranking(scope, {**row, "qualifier": "以下"})
    assert lower[0]["name"] == second.name
