import threading
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import connection

from notifications import services
from notifications.jobs import report_reminders_job
from notifications.models import Delivery, JobRun, Notification
from reporting.models import CampaignReport, Period
from reporting.services import period_ensure_year


@pytest.fixture
def calendar_2025(personas):
    period_ensure_year(year=2025)
    personas["liaison"].email = "liaison@example.gov.cn"
    personas["liaison"].save()
    return personas


def _report(campaign, month: int, status: str) -> CampaignReport:
    period = Period.objects.get(kind="month", start=date(2025, month, 1))
    return CampaignReport.objects.create(
        campaign=campaign, period=period, status=status, deadline=period.deadline
    )


@pytest.mark.django_db
def test_reminder_day_reminds_liaison_and_staff_of_a_campaign_without_a_submitted_report(
    calendar_2025,
):
    sent = services.report_reminders_send(today=date(2025, 3, 20), days=[20, 23])
    liaison, staff = calendar_2025["liaison"], calendar_2025["staff"]
    mine = Notification.objects.filter(recipient__in=[liaison, staff])
    assert sent >= 2 and mine.count() == 2
    note = mine.get(recipient=liaison)
    assert (
        "内需扩量提效攻坚" in note.title and "2025年3月" in note.body and "03月25日" in note.title
    )


@pytest.mark.django_db
def test_no_reminder_on_other_days_or_for_submitted_reports(calendar_2025):
    assert services.report_reminders_send(today=date(2025, 3, 19), days=[20, 23]) == 0
    _report(calendar_2025["campaign"], 3, "submitted")
    services.report_reminders_send(today=date(2025, 3, 20), days=[20, 23])
    assert not Notification.objects.filter(recipient=calendar_2025["liaison"]).exists()
    assert Notification.objects.filter(recipient=calendar_2025["other_staff"]).count() == 1


@pytest.mark.django_db
def test_returned_report_reenters_the_cycle(calendar_2025):
    _report(calendar_2025["campaign"], 3, "returned")
    services.report_reminders_send(today=date(2025, 3, 20), days=[20, 23])
    assert Notification.objects.filter(recipient=calendar_2025["liaison"]).count() == 1


@pytest.mark.django_db
def test_weekend_reminder_is_sent_on_the_friday_before(calendar_2025):
    # 2025-03-23 is a Sunday: the second reminder goes out on Friday the 21st.
    assert services.report_reminders_send(today=date(2025, 3, 23), days=[23]) == 0
    assert services.report_reminders_send(today=date(2025, 3, 21), days=[23]) > 0


@pytest.mark.django_db
def test_running_the_job_twice_sends_one_notification_per_recipient(calendar_2025):
    services.report_reminders_send(today=date(2025, 3, 20), days=[20, 23])
    again = services.report_reminders_send(today=date(2025, 3, 20), days=[20, 23])
    assert again == 0
    assert Notification.objects.filter(recipient=calendar_2025["liaison"]).count() == 1
    assert Delivery.objects.filter(notification__recipient=calendar_2025["liaison"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_one_notification_per_recipient(calendar_2025):
    errors = []

    def run():
        try:
            services.report_reminders_send(today=date(2025, 3, 20), days=[20, 23])
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Notification.objects.filter(recipient=calendar_2025["liaison"]).count() == 1


@pytest.mark.django_db
def test_overdue_notice_tells_late_campaigns_and_office_the_list(calendar_2025):
    _report(calendar_2025["campaign"], 3, "accepted")
    services.report_overdue_send(today=date(2025, 3, 26), day=26)
    assert not Notification.objects.filter(recipient=calendar_2025["liaison"]).exists()
    office = Notification.objects.get(recipient=calendar_2025["office"])
    assert office.kind == "report_late_list"
    assert "6个专班" in office.title
    assert "产业育新培强攻坚" in office.body and "内需扩量提效攻坚" not in office.body


@pytest.mark.django_db
def test_task_deadline_reminders_go_to_the_lead_departments_staff(calendar_2025):
    from tasks.models import Task

    commerce = calendar_2025["dept_user"].memberships.get().department
    task = Task.objects.filter(lead_departments=commerce).first()
    task.deadline = date(2025, 6, 30)
    task.save()
    services.task_deadline_reminders_send(today=date(2025, 6, 23), days_before=7)
    soon = Notification.objects.get(recipient=calendar_2025["dept_user"])
    assert soon.kind == "task_due_soon" and "06月30日" in soon.title
    services.task_deadline_reminders_send(today=date(2025, 7, 1), days_before=7)
    kinds = set(
        Notification.objects.filter(recipient=calendar_2025["dept_user"]).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"task_due_soon", "task_overdue"}
    services.task_deadline_reminders_send(today=date(2025, 7, 2), days_before=7)
    assert Notification.objects.filter(recipient=calendar_2025["dept_user"]).count() == 2


@pytest.mark.django_db
def test_completed_tasks_get_no_deadline_reminder(calendar_2025):
    from tasks.models import Task

    commerce = calendar_2025["dept_user"].memberships.get().department
    Task.objects.filter(lead_departments=commerce).update(
        deadline=date(2025, 6, 30), status="completed"
    )
    assert services.task_deadline_reminders_send(today=date(2025, 6, 23), days_before=7) == 0


@pytest.mark.django_db
def test_dispatch_digest_goes_out_on_the_1st_11th_and_21st_only(calendar_2025):
    assert services.dispatch_digest_send(today=date(2025, 4, 12)) == 0
    assert services.dispatch_digest_send(today=date(2025, 4, 11)) > 0
    office = Notification.objects.get(recipient=calendar_2025["office"])
    assert "2025年4月中旬" in office.title and "民生补短提质攻坚" in office.body


@pytest.mark.django_db
def test_lagging_tasks_are_flagged_to_their_campaign(calendar_2025):
    from tasks.models import Task

    Task.objects.filter(campaign=calendar_2025["campaign"]).update(percent=80)
    laggard = Task.objects.filter(campaign=calendar_2025["campaign"]).first()
    laggard.percent = 10
    laggard.save()
    services.task_lagging_send(today=date(2025, 6, 30), tolerance=10)
    note = Notification.objects.get(recipient=calendar_2025["liaison"])
    assert "1项任务进度滞后" in note.title and laggard.title in note.body


@pytest.mark.django_db
def test_job_records_its_run_and_a_failure_is_visible(calendar_2025, monkeypatch):
    with time_machine.travel("2025-03-20 09:00 +08:00"):
        report_reminders_job()
        run = JobRun.objects.get()
        assert run.status == "succeeded" and run.notified > 0

        def broken(**kwargs):
            raise RuntimeError("数据库不可用")

        monkeypatch.setattr(services, "report_reminders_send", broken)
        with pytest.raises(RuntimeError):
            report_reminders_job()
    failed = JobRun.objects.get(status="failed")
    assert "数据库不可用" in failed.detail


@pytest.mark.django_db
def test_email_delivery_sends_in_chinese_and_retries_then_fails_visibly(calendar_2025, monkeypatch):
    services.report_reminders_send(today=date(2025, 3, 20), days=[20])
    delivery = Delivery.objects.get(channel="email")
    assert services.delivery_send(delivery_id=delivery.pk, final_attempt=False) is True
    assert mail.outbox[-1].subject.startswith("【七大攻坚】") and "月报" in mail.outbox[-1].body
    delivery.refresh_from_db()
    assert delivery.status == "sent"

    Delivery.objects.filter(pk=delivery.pk).update(status="pending")

    def smtp_down(**kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr("notifications.services.send_mail", smtp_down)
    assert services.delivery_send(delivery_id=delivery.pk, final_attempt=False) is False
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 2
    assert services.delivery_send(delivery_id=delivery.pk, final_attempt=True) is True
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "邮件发送失败" in delivery.last_error


@pytest.mark.django_db
def test_unreachable_webhook_fails_without_stopping_email(calendar_2025):
    from notifications.models import NotificationPreference

    NotificationPreference.objects.create(
        user=calendar_2025["liaison"], webhook_enabled=True, webhook_url="http://127.0.0.1:9/robot"
    )
    services.report_reminders_send(today=date(2025, 3, 20), days=[20])
    email = Delivery.objects.get(channel="email")
    webhook = Delivery.objects.get(channel="webhook")
    services.delivery_send(delivery_id=webhook.pk, final_attempt=True)
    services.delivery_send(delivery_id=email.pk, final_attempt=True)
    webhook.refresh_from_db()
    email.refresh_from_db()
    assert webhook.status == "failed" and "无法连接群机器人" in webhook.last_error
    assert email.status == "sent"


@pytest.mark.django_db
def test_a_reminder_day_after_the_deadline_says_the_report_is_late(calendar_2025):
    services.report_reminders_send(today=date(2025, 3, 27), days=[27])
    note = Notification.objects.get(recipient=calendar_2025["liaison"])
    assert "已逾期" in note.title and "已超过截止时间2025年03月25日" in note.body


@pytest.mark.django_db
def test_regions_without_an_accepted_or_submitted_workbook_are_reminded(calendar_2025):
    from counties.models import RegionPeriod

    county = calendar_2025["county_user"].memberships.get().region
    period = Period.objects.get(kind="month", start=date(2025, 3, 1))
    services.workbook_reminders_send(today=date(2025, 3, 20), days=[20])
    note = Notification.objects.get(recipient=calendar_2025["county_user"])
    assert note.kind == "workbook_reminder" and "衡阳县" in note.title
    RegionPeriod.objects.create(region=county, period=period, status="submitted")
    services.workbook_reminders_send(today=date(2025, 3, 21), days=[21])
    assert Notification.objects.filter(recipient=calendar_2025["county_user"]).count() == 1


@pytest.mark.django_db
def test_office_late_list_names_late_regions_too(calendar_2025):
    services.report_overdue_send(today=date(2025, 3, 26), day=26)
    office = Notification.objects.get(recipient=calendar_2025["office"])
    assert "16个县市区" in office.title and "衡阳县" in office.body
