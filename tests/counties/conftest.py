from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership
from campaigns.models import Region
from counties.management.commands.make_workbook_fixtures import (
    OTHER_PROJECT,
    PERIOD_START,
    PROJECTS,
    REGION,
    TARGETS,
    TASKS,
)
from projects.models import Project
from reporting.models import Period
from reporting.services import period_ensure_year
from tasks.models import RegionalTarget
from tests.conftest import FIXTURES, PASSWORD
from tests.factories import DepartmentFactory, SectionFactory, TargetFactory, TaskFactory

WORKBOOKS = FIXTURES / "workbooks"


@dataclass
class World:
    region: Region
    other_region: Region
    period: Period
    county_user: object
    other_county_user: object
    office: object
    leader: object


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    """An uploaded file, from fixtures/workbooks/ when no content is given."""
    if content is None:
        content = (WORKBOOKS / name).read_bytes()
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def world(db, django_user_model) -> World:
    """The fixed world the fixture workbooks belong to: 衡阳县, March 2025, 3 targets, 2 tasks,
    2 major projects (and one of 衡南县's)."""
    period_ensure_year(year=2025)
    region, _ = Region.objects.get_or_create(code=REGION["code"], defaults=REGION)
    other, _ = Region.objects.get_or_create(
        code="430422", defaults={"name": "衡南县", "kind": "county"}
    )
    section = SectionFactory()
    for pk, name, unit, value in TARGETS:
        task = TaskFactory(section=section)
        target = TargetFactory(pk=pk, task=task, name=name, unit=unit, value=value * 10)
        RegionalTarget.objects.create(target=target, region=region, value=value, unit=unit)
    for pk, title in TASKS:
        TaskFactory(pk=pk, section=section, title=title).regions.add(region)
    department = DepartmentFactory()
    for (code, name), owner in [
        *((project, region) for project in PROJECTS),
        (OTHER_PROJECT, other),
    ]:
        Project.objects.create(
            code=code,
            name=name,
            campaign=section.campaign,
            region=owner,
            category="industry",
            department=department,
            total_investment=Decimal("20000"),
            annual_investment=Decimal("5000"),
            planned_start=date(2025, 3, 1),
            planned_end=date(2026, 12, 31),
            central_funds=Decimal("1000"),
        )

    def person(username, **membership):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, first_name=username
        )
        Membership.objects.create(user=user, **membership)
        return user

    return World(
        region=region,
        other_region=other,
        period=Period.objects.get(kind="month", start=PERIOD_START),
        county_user=person("county_a", role="region", region=region),
        other_county_user=person("county_b", role="region", region=other),
        office=person("office_a", role="office"),
        leader=person("leader_a", role="leader"),
    )


@pytest.fixture
def no_queue(monkeypatch):
    """Uploads stay queued (tests run the job themselves) instead of reaching the broker."""
    from counties import jobs

    queued = []
    monkeypatch.setattr(jobs.submission_process_job, "delay", queued.append)
    return queued
