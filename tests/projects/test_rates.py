"""The rate definitions: 开工率, 资金支付率, 实物完成率, investment vs plan and vs 时序进度."""

from datetime import date
from decimal import Decimal

import pytest

from accounts.selectors import access_for
from projects import selectors, services
from projects.models import Project

from .conftest import make_project, update_data

pytestmark = pytest.mark.django_db


def _summary(world, user, period=None):
    projects = selectors.projects_visible(access_for(user))
    return selectors.project_summary(projects, period or world.period)


def test_time_share_is_days_elapsed_over_days_in_year():
    assert selectors.time_share(date(2025, 1, 1)) == Decimal(1) / Decimal(365)
    assert selectors.time_share(date(2025, 12, 31)) == Decimal(1)
    assert selectors.time_share(date(2024, 12, 31)) == Decimal(1)
    assert selectors.time_share(date(2024, 2, 29)) == Decimal(60) / Decimal(366)


def test_unreported_projects_count_as_not_started_with_nothing_invested_or_paid(world, personas):
    summary = _summary(world, personas["office"])
    assert (summary.overall.projects, summary.overall.reported, summary.overall.started) == (
        2,
        0,
        0,
    )
    assert summary.overall.start_rate == Decimal("0")
    assert summary.overall.payment_rate == Decimal("0")
    assert summary.overall.investment_rate == Decimal("0")


def test_rates_follow_their_documented_definitions(world, personas):
    office = personas["office"]
    services.project_update_file(
        user=office, project=world.mine, period=world.period, data=update_data()
    )
    services.project_update_file(
        user=office,
        project=world.theirs,
        period=world.period,
        data=update_data(
            started=False,
            start_date=None,
            investment=Decimal("0"),
            cumulative_investment=Decimal("600"),
            funds_paid=Decimal("999"),  # no funds received: left out of 资金支付率
            physical_percent=10,
            problems="征拆未完成",
        ),
    )
    overall = _summary(world, office).overall
    assert overall.start_rate == Decimal("0.5")  # 1 of 2 started
    assert overall.payment_rate == Decimal("0.4")  # 400 paid of 500 + 500 received
    # (10000 × 30% + 30000 × 10%) ÷ 40000
    assert overall.physical_rate == Decimal("0.15")
    assert overall.investment_rate == Decimal("0.18")  # (1200 + 600) ÷ (4000 + 6000)
    share = (Decimal(140) / Decimal(365)).quantize(Decimal("0.0001"))  # 20 May is day 140
    assert overall.against_time == Decimal("0.18") - share
    assert overall.problems == 1


def test_summary_uses_each_projects_latest_update_up_to_the_period(world, personas):
    office = personas["office"]
    services.project_update_file(
        user=office,
        project=world.mine,
        period=world.previous,
        data=update_data(cumulative_investment=Decimal("800"), investment=Decimal("800")),
    )
    assert _summary(world, office).overall.cumulative_investment == Decimal("800")
    services.project_update_file(
        user=office, project=world.mine, period=world.period, data=update_data()
    )
    assert _summary(world, office).overall.cumulative_investment == Decimal("1200")
    assert _summary(world, office, world.previous).overall.cumulative_investment == Decimal("800")


def test_groups_split_by_region_campaign_and_category(world, personas):
    services.project_update_file(
        user=personas["office"], project=world.mine, period=world.period, data=update_data()
    )
    groups = _summary(world, personas["office"]).groups
    by_region = {row.label: row.start_rate for row in groups["region"]}
    assert by_region == {"衡阳县": Decimal("1"), "珠晖区": Decimal("0")}
    by_campaign = {row.label: row.projects for row in groups["campaign"]}
    assert by_campaign == {"1. 内需扩量提效攻坚": 1, "2. 产业育新培强攻坚": 1}
    by_category = {row.label: row.physical_rate for row in groups["category"]}
    assert by_category == {"产业发展": Decimal("0.3"), "城市承载": Decimal("0")}


def test_summary_only_counts_the_users_projects(world, personas):
    overall = _summary(world, personas["county_user"]).overall
    assert overall.projects == 1
    assert overall.annual_investment == world.mine.annual_investment


def test_summary_query_count_stays_flat_as_projects_grow(
    world, personas, django_assert_num_queries
):
    office = personas["office"]
    projects = selectors.projects_visible(access_for(office))
    with django_assert_num_queries(2):
        selectors.project_summary(projects, world.period)
    for number in range(20):
        project = make_project(
            code=f"XM9{number:02d}",
            campaign=world.mine.campaign,
            region=world.theirs.region,
            department=world.mine.department,
        )
        services.project_update_file(
            user=office, project=project, period=world.period, data=update_data()
        )
    with django_assert_num_queries(2):
        summary = selectors.project_summary(projects, world.period)
    assert summary.overall.projects == Project.objects.count()
