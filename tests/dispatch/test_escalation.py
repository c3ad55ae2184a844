"""The escalation rule (dispatch.selectors docstring) and the job that applies it."""

from datetime import date, timedelta

import pytest

from accounts.models import Membership
from dispatch import selectors, services
from dispatch.jobs import notice_escalation_job
from dispatch.models import Notice
from notifications.models import JobRun, Notification

DEADLINE = date(2025, 5, 20)


def _notice(level="blue", status="signed", escalated_on=None, deadline=DEADLINE) -> Notice:
    return Notice(level=level, status=status, escalated_on=escalated_on, deadline=deadline)


@pytest.mark.parametrize(
    ("today", "escalated_on", "due"),
    [
        (DEADLINE, None, False),  # on the deadline day it is not overdue yet
        (DEADLINE + timedelta(days=1), None, True),  # first day overdue
        (DEADLINE + timedelta(days=2), DEADLINE + timedelta(days=1), False),
        (DEADLINE + timedelta(days=7), DEADLINE + timedelta(days=1), False),
        (DEADLINE + timedelta(days=8), DEADLINE + timedelta(days=1), True),  # 7 days later
    ],
)
def test_an_overdue_notice_escalates_once_then_every_seven_days(today, escalated_on, due):
    assert selectors.escalation_due(_notice(escalated_on=escalated_on), today) is due


def test_a_red_or_closed_notice_never_escalates():
    late = DEADLINE + timedelta(days=30)
    assert not selectors.escalation_due(_notice(level="red"), late)
    assert not selectors.escalation_due(_notice(status="closed"), late)


def test_an_extended_deadline_restarts_the_count():
    escalated = DEADLINE + timedelta(days=1)
    extended = DEADLINE + timedelta(days=20)
    notice = _notice(escalated_on=escalated, deadline=extended)
    assert not selectors.escalation_due(notice, extended)
    assert selectors.escalation_due(notice, extended + timedelta(days=1))


def test_levels_go_blue_orange_red_and_stay_red():
    assert [selectors.level_above(x) for x in ("blue", "orange", "red")] == [
        "orange",
        "red",
        "red",
    ]


def test_job_escalates_overdue_notices_and_tells_the_campaign_leader_once(
    personas, issue, time_machine, django_user_model
):
    convener = django_user_model.objects.create_user(username="convener", first_name="召集人")
    Membership.objects.create(user=convener, role="leader", campaign=personas["campaign"])
    bystander = personas["leader"]  # a leader not linked to the campaign
    notice = issue()
    time_machine.move_to(DEADLINE + timedelta(days=1))
    assert notice_escalation_job() == 1
    assert notice_escalation_job() == 0  # a second beat the same day changes nothing
    notice.refresh_from_db()
    assert (notice.level, notice.escalated_on) == ("orange", DEADLINE + timedelta(days=1))
    escalations = Notification.objects.filter(title__contains="逾期升级")
    recipients = set(escalations.values_list("recipient__username", flat=True))
    assert {"convener", "office", "commerce"} <= recipients
    assert bystander.username not in recipients
    assert escalations.filter(recipient=convener).count() == 1
    run = JobRun.objects.filter(job="notice_escalation").latest("started_at")
    assert (run.status, run.notified) == ("succeeded", 0)
    assert notice.events.filter(kind="escalate").count() == 1

    time_machine.move_to(DEADLINE + timedelta(days=8))
    assert services.notices_escalate(today=DEADLINE + timedelta(days=8)) == 1
    notice.refresh_from_db()
    assert notice.level == "red"


def test_escalation_schedule_is_installed_by_the_migration(db):
    from django_celery_beat.models import PeriodicTask

    from dispatch.schedules import ESCALATION_JOB, ESCALATION_SCHEDULE

    task = PeriodicTask.objects.get(name=ESCALATION_SCHEDULE)
    assert task.task == ESCALATION_JOB and task.enabled
