"""Draft, edit, issue, correct: edits survive a rebuild, issued versions never change."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from bulletins import services
from bulletins.choices import BulletinStatus
from bulletins.jobs import bulletin_draft_job
from bulletins.models import Bulletin
from bulletins.schedules import DRAFT_JOB, DRAFT_SCHEDULE_NAME
from dashboard.selectors import latest_bulletin
from notifications.models import Notification

from .conftest import TODAY


def test_draft_is_written_from_the_data(draft):
    assert draft.status == BulletinStatus.DRAFT
    assert draft.number == 1 and draft.version == 1
    for row in draft.data["targets"]:
        assert row["sentence"] in draft.overview
    assert AuditEntry.objects.filter(object_id=str(draft.pk), action="create").exists()


def test_rebuilding_keeps_edited_prose_but_refreshes_figures(draft, demo):
    services.bulletin_update(
        actor=demo["office"], bulletin=draft, overview="总专班改写的总体进展。"
    )
    draft.refresh_from_db()
    draft.data = {}
    draft.save()
    with time_machine.travel(TODAY, tick=False):
        rebuilt = services.bulletin_draft_build(
            actor=demo["office"], plan=draft.plan, period=draft.period
        )
    assert rebuilt.pk == draft.pk
    assert rebuilt.overview == "总专班改写的总体进展。"
    assert rebuilt.data["targets"]


def test_rebuilding_with_discard_rewrites_the_prose(draft, demo):
    services.bulletin_update(actor=demo["office"], bulletin=draft, overview="将被放弃的文字。")
    with time_machine.travel(TODAY, tick=False):
        rebuilt = services.bulletin_draft_build(
            actor=demo["office"], plan=draft.plan, period=draft.period, discard_edits=True
        )
    assert rebuilt.overview.startswith("截至2025年3月底")


def test_issued_bulletin_cannot_be_changed(draft, demo):
    services.bulletin_issue(actor=demo["office"], bulletin=draft)
    with pytest.raises(ValidationError, match="已印发的通报不能修改"):
        services.bulletin_update(actor=demo["office"], bulletin=draft, overview="偷改")
    with pytest.raises(ValidationError):
        services.bulletin_issue(actor=demo["office"], bulletin=draft)
    draft.refresh_from_db()
    assert draft.overview != "偷改"
    assert draft.issued_by == demo["office"]


def test_rebuilding_after_issue_opens_a_new_version_and_leaves_the_issued_one(draft, demo):
    services.bulletin_issue(actor=demo["office"], bulletin=draft)
    with time_machine.travel(TODAY, tick=False):
        second = services.bulletin_draft_build(
            actor=demo["office"], plan=draft.plan, period=draft.period
        )
    assert second.pk != draft.pk
    assert (second.number, second.version) == (draft.number, 2)


def test_correction_is_a_new_version_with_its_reason(draft, demo):
    services.bulletin_issue(actor=demo["office"], bulletin=draft)
    correction = services.bulletin_correct(
        actor=demo["office"], bulletin=draft, reason="更正衡南县报送情况"
    )
    assert correction.version == 2 and correction.status == BulletinStatus.DRAFT
    assert correction.overview == draft.overview
    with pytest.raises(ValidationError, match="更正原因"):
        services.bulletin_correct(actor=demo["office"], bulletin=draft, reason="  ")


def test_issuing_notifies_leaders_and_task_forces(draft, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.bulletin_issue(actor=demo["office"], bulletin=draft)
    told = set(
        Notification.objects.filter(object_key=f"bulletin:{draft.pk}").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"leader", "liaison", "staff1", "staff2"} <= told
    assert "office" not in told and "county" not in told


def test_commending_a_campaign_outside_the_bulletin_is_refused(draft, demo):
    with pytest.raises(ValidationError) as error:
        services.bulletin_update(actor=demo["office"], bulletin=draft, commended=[999999])
    assert "表扬专班" in str(error.value)


def test_leaders_view_points_at_the_latest_issued_bulletin(draft, demo):
    assert latest_bulletin(draft.plan) is None
    services.bulletin_issue(actor=demo["office"], bulletin=draft)
    assert latest_bulletin(draft.plan) == {
        "title": str(draft),
        "url": f"/bulletins/{draft.pk}/",
    }


def test_scheduled_job_drafts_the_month_on_the_26th(demo, march):
    with time_machine.travel(TODAY.replace(day=26), tick=False):
        assert bulletin_draft_job() == 1
    assert Bulletin.objects.get().period == march


def test_draft_schedule_is_installed_by_the_migration(db):
    from django_celery_beat.models import PeriodicTask

    schedule = PeriodicTask.objects.get(name=DRAFT_SCHEDULE_NAME)
    assert schedule.task == DRAFT_JOB
    assert schedule.crontab.day_of_month == "26"
