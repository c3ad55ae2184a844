from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from campaigns.models import Department, Region
from projects.models import Project
from reporting.models import Period
from reporting.services import period_ensure_year

TODAY = date(2025, 5, 12)  # inside the 10th fortnight of 2025 (7–20 May)


@dataclass
class World:
    mine: Project  # 市商务局, 衡阳县, campaign 1: seen by dept_user, county_user and staff
    theirs: Project  # 市发展改革委, 珠晖区, campaign 2: seen by other_staff only (and all-seeing)
    period: Period
    previous: Period


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


def make_project(*, campaign, region, department, **overrides) -> Project:
    values = {
        "name": "测试项目",
        "campaign": campaign,
        "region": region,
        "department": department,
        "category": "industry",
        "leader": "市领导甲",
        "total_investment": Decimal("10000"),
        "annual_investment": Decimal("4000"),
        "planned_start": date(2025, 3, 1),
        "planned_end": date(2027, 12, 31),
        "central_funds": Decimal("500"),
        "provincial_funds": Decimal("500"),
        **overrides,
    }
    project = Project(**values)
    project.full_clean()
    project.save()
    return project


@pytest.fixture
def world(personas, today) -> World:
    period_ensure_year(year=2025)
    fortnights = Period.objects.filter(kind="fortnight", start__year=2025).order_by("start")
    mine = make_project(
        code="XM001",
        name="衡阳县产业园标准厂房",
        campaign=personas["campaign"],
        region=Region.objects.get(name="衡阳县"),
        department=Department.objects.get(name="市商务局"),
    )
    theirs = make_project(
        code="XM002",
        name="珠晖区城市更新",
        campaign=personas["other_campaign"],
        region=Region.objects.get(name="珠晖区"),
        department=Department.objects.get(name="市发展改革委"),
        category="urban",
        total_investment=Decimal("30000"),
        annual_investment=Decimal("6000"),
        central_funds=Decimal("0"),
        provincial_funds=Decimal("0"),
    )
    return World(mine=mine, theirs=theirs, period=fortnights[9], previous=fortnights[8])


def update_data(**overrides) -> dict:
    return {
        "started": True,
        "start_date": date(2025, 3, 10),
        "investment": Decimal("300"),
        "cumulative_investment": Decimal("1200"),
        "funds_paid": Decimal("400"),
        "physical_percent": 30,
        "problems": "",
        **overrides,
    }
