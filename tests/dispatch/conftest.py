from datetime import date

import pytest
import time_machine

from campaigns.models import Department
from dispatch import services
from reporting.services import period_ensure_year
from tasks.models import Task

TODAY = date(2025, 5, 12)


@pytest.fixture
def today():
    """Freeze the clock on a day inside the 2025 plan year."""
    with time_machine.travel(date(2025, 5, 12), tick=False):
        yield TODAY


@pytest.fixture
def periods(db):
    period_ensure_year(year=2025)


@pytest.fixture
def commerce():
    return Department.objects.get(name="市商务局")


@pytest.fixture
def commerce_task(personas, commerce):
    """A task of campaign 1 led by 市商务局 (the dept_user persona's department)."""
    return (
        Task.objects.filter(campaign=personas["campaign"], lead_departments=commerce)
        .order_by("order")
        .first()
    )


@pytest.fixture
def issue(personas, commerce, commerce_task, today):
    """Issue a notice about the commerce task to 市商务局 as 总专班."""

    def _issue(**overrides):
        values = {
            "actor": personas["office"],
            "task": commerce_task,
            "departments": [commerce],
            "title": "加快推进消费品以旧换新",
            "requirement": "五月底前完成资金拨付并反馈。",
            "level": "blue",
            "deadline": date(2025, 5, 20),
            **overrides,
        }
        return services.notice_issue(**values)[0]

    return _issue
