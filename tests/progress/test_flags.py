from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
import time_machine

from progress.models import TargetValue, TaskProgress
from progress.selectors import task_flags, time_share
from reporting.models import Period
from tests.factories import TargetFactory, TaskFactory


def test_time_share_is_the_share_of_the_year_elapsed_at_the_day():
    assert time_share(date(2025, 3, 31)) == Fraction(90, 365) * 100
    assert time_share(date(2025, 12, 31)) == 100
    assert time_share(date(2024, 12, 31)) == 100  # a leap year has 366 days


def _period(end: date) -> Period:
    return Period.objects.create(kind="month", start=end.replace(day=1), end=end, label="测试")


def _entry(task, period, user, percent=0, status="in_progress") -> TaskProgress:
    return TaskProgress.objects.create(
        task=task, period=period, status=status, percent=percent, updated_by=user
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("percent", "lagging"), [(9, True), (10, False), (11, False)])
def test_percent_exactly_on_time_share_minus_tolerance_is_not_lagging(user, percent, lagging):
    task = TaskFactory()
    period = _period(date(2025, 3, 14))  # day 73 of 365: 时序进度 20%, line at 10%
    entry = _entry(task, period, user, percent=percent)
    assert task_flags(task=task, period=period, consolidated=entry).lagging is lagging


@pytest.mark.django_db
def test_a_period_without_a_consolidated_entry_is_not_lagging(user):
    task = TaskFactory(percent=0)
    flags = task_flags(task=task, period=_period(date(2025, 12, 31)), consolidated=None)
    assert not flags.lagging and not flags.reasons


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["completed", "closed"])
def test_completed_and_closed_tasks_are_never_lagging_or_overdue(user, status):
    task = TaskFactory(deadline=date(2025, 1, 31))
    period = _period(date(2025, 12, 31))
    entry = _entry(task, period, user, percent=0, status=status)
    flags = task_flags(task=task, period=period, consolidated=entry, today=date(2025, 12, 31))
    assert not flags.lagging and not flags.overdue
    task.status = status
    flags = task_flags(task=task, period=period, consolidated=None, today=date(2025, 12, 31))
    assert not flags.overdue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cumulative", "lagging"), [(Decimal("89"), True), (Decimal("90"), False), (None, False)]
)
def test_absolute_target_is_judged_by_its_share_of_the_target(user, cumulative, lagging):
    target = TargetFactory(value=Decimal("200"), kind="absolute")
    period = _period(date(2025, 12, 31))  # 时序进度 100%, line at 90%
    entry = _entry(target.task, period, user, percent=100)
    TargetValue.objects.create(
        progress=entry, target=target, cumulative=None if cumulative is None else cumulative * 2
    )
    assert task_flags(task=target.task, period=period, consolidated=entry).lagging is lagging


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "qualifier", "cumulative", "lagging"),
    [
        ("growth", "以上", "7.9", True),
        ("growth", "以上", "8", False),
        ("rate", "不低于", "95", False),
        ("rate", "以下", "3.1", True),
        ("rate", "以下", "3", False),
    ],
)
def test_growth_and_rate_targets_are_judged_against_the_value_directly(
    user, kind, qualifier, cumulative, lagging
):
    target = TargetFactory(value=Decimal("8") if kind == "growth" else Decimal("3"), kind=kind)
    target.qualifier = qualifier
    target.save()
    period = _period(date(2025, 1, 31))  # early in the year: the percent line does not bite
    entry = _entry(target.task, period, user, percent=50)
    TargetValue.objects.create(progress=entry, target=target, cumulative=Decimal(cumulative))
    flags = task_flags(task=target.task, period=period, consolidated=entry)
    assert flags.lagging is lagging
    assert bool(flags.reasons) is lagging


@pytest.mark.django_db
def test_overdue_means_deadline_passed_and_not_finished(user):
    task = TaskFactory(deadline=date(2025, 3, 10), percent=100)
    period = _period(date(2025, 3, 31))
    assert not task_flags(
        task=task, period=period, consolidated=None, today=date(2025, 3, 10)
    ).overdue
    assert task_flags(task=task, period=period, consolidated=None, today=date(2025, 3, 11)).overdue
    done = _entry(task, period, user, percent=100, status="completed")
    assert not task_flags(
        task=task, period=period, consolidated=done, today=date(2025, 3, 11)
    ).overdue


@pytest.mark.django_db
def test_task_without_deadline_is_never_overdue(user):
    task = TaskFactory(deadline=None)
    flags = task_flags(task=task, period=_period(date(2025, 12, 31)), consolidated=None)
    assert not flags.overdue


@pytest.mark.django_db
def test_my_tasks_flags_and_filters_with_frozen_time(personas, login, led_task, shared_task):
    from reporting.services import period_ensure_year

    period_ensure_year(year=2025)
    led_task.deadline = date(2025, 5, 31)
    led_task.save()
    june = Period.objects.get(kind="month", start=date(2025, 6, 1))
    _entry(led_task, june, personas["staff"], percent=60)  # the task force's entry
    _entry(shared_task, june, personas["staff"], percent=20)
    client = login(personas["dept_user"])
    with time_machine.travel(date(2025, 6, 20), tick=False):  # June: 时序进度 49.6%
        rows = {r["task"]: r for r in client.get("/api/progress/my-tasks/").json()["results"]}
        lagging = client.get("/api/progress/my-tasks/?flag=lagging").json()["results"]
        overdue = client.get("/api/progress/my-tasks/?flag=overdue").json()["results"]
        page = client.get("/progress/?flag=overdue").content.decode()
    assert rows[led_task.pk]["overdue"] and not rows[led_task.pk]["lagging"]
    assert rows[shared_task.pk]["lagging"] and not rows[shared_task.pk]["overdue"]
    assert rows[led_task.pk]["time_share"] == round(181 / 365 * 100, 1)
    assert shared_task.pk in {r["task"] for r in lagging}
    assert led_task.pk not in {r["task"] for r in lagging}
    assert [r["task"] for r in overdue] == [led_task.pk]
    assert rows[led_task.pk]["percent"] == 60 and not rows[led_task.pk]["reported"]
    assert led_task.title in page and shared_task.title not in page
    assert "时序进度" in page and "逾期" in page
