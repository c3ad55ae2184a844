from datetime import date

import pytest

from campaigns.models import Department
from reporting.models import Period
from tasks.models import Task


@pytest.fixture(autouse=True)
def fast_and_isolated(settings, tmp_path):
    """Evidence files land in a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def periods(db):
    from reporting.services import period_ensure_year

    period_ensure_year(year=2025)


@pytest.fixture
def march(periods):
    return Period.objects.get(kind="month", start=date(2025, 3, 1))


@pytest.fixture
def commerce():
    return Department.objects.get(name="市商务局")


def _plan_task(campaign, section: str, number: str) -> Task:
    return Task.objects.get(
        campaign=campaign, section__number=section, number=number, parent__isnull=True
    )


@pytest.fixture
def led_task(personas, commerce):
    """Campaign 1, (一)4 丰富消费活动: 市商务局 leads it; four targets (two absolute)."""
    task = _plan_task(personas["campaign"], "一", "4")
    assert commerce in task.lead_departments.all()
    return task


@pytest.fixture
def shared_task(personas, commerce):
    """Campaign 1, (一)1 推动增收减负: 市人社局 leads, 市商务局 shares."""
    task = _plan_task(personas["campaign"], "一", "1")
    assert commerce in task.co_departments.all()
    assert commerce not in task.lead_departments.all()
    return task


@pytest.fixture
def foreign_task(personas, commerce):
    """A campaign 1 task 市商务局 has no part in."""
    task = (
        Task.objects.filter(campaign=personas["campaign"])
        .exclude(lead_departments=commerce)
        .exclude(co_departments=commerce)
        .order_by("order")
        .first()
    )
    assert task is not None
    return task
