from datetime import date

import pytest
from django_celery_beat.models import PeriodicTask

from notifications import services
from notifications.models import Notification
from reporting.services import period_ensure_year


@pytest.fixture
def reminded(personas):
    period_ensure_year(year=2025)
    services.report_reminders_send(today=date(2025, 3, 20), days=[20])
    return personas


@pytest.mark.django_db
def test_unread_count_shows_in_the_header_and_marking_read_clears_it(reminded, login):
    client = login(reminded["liaison"])
    html = client.get("/").content.decode()
    assert 'aria-label="未读通知">1<' in html
    note = Notification.objects.get(recipient=reminded["liaison"])
    response = client.post("/notifications/read/", {"id": note.pk, "next": note.link})
    assert response["Location"] == note.link
    assert 'aria-label="未读通知"' not in client.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_users_see_only_their_own_notifications(reminded, login):
    note = Notification.objects.get(recipient=reminded["liaison"])
    client = login(reminded["other_staff"])
    assert note.title not in client.get("/notifications/").content.decode()
    assert client.get(f"/api/notifications/{note.pk}/").status_code == 404
    client.post("/notifications/read/", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.django_db
def test_api_lists_and_marks_notifications_read(reminded, login):
    client = login(reminded["liaison"])
    body = client.get("/api/notifications/").json()
    assert body["count"] == 1
    marked = client.post(
        "/api/notifications/mark-read/", {}, content_type="application/json"
    ).json()
    assert marked == {"marked": 1, "unread": 0}
    bad = client.post(
        "/api/notifications/mark-read/", {"ids": ["x"]}, content_type="application/json"
    )
    assert bad.status_code == 400


@pytest.mark.django_db
def test_preferences_require_a_webhook_address_when_enabled(personas, login):
    client = login(personas["liaison"])
    response = client.post("/notifications/settings/", {"webhook_enabled": "on", "webhook_url": ""})
    assert "开启群机器人推送时必须填写群机器人地址" in response.content.decode()
    response = client.post(
        "/notifications/settings/",
        {"webhook_enabled": "on", "webhook_url": "robot address with spaces"},
    )
    assert "请输入合法的URL" in response.content.decode()
    ok = client.put(
        "/api/notification-preferences/",
        {
            "email_enabled": False,
            "webhook_enabled": True,
            "webhook_url": "https://qyapi.example/robot",
        },
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["webhook_enabled"] is True


@pytest.mark.django_db
def test_administrator_edits_a_schedule_and_bad_values_are_refused(personas, login):
    client = login(personas["admin"])
    task = PeriodicTask.objects.get(name="月报报送提醒")
    page = client.get("/notifications/schedules/").content.decode()
    assert "月报报送提醒" in page and "旬调度提醒" in page
    bad = client.post(
        f"/notifications/schedules/{task.pk}/",
        {"enabled": "on", "hour": 25, "minute": 0, "day_of_month": "*", "days": "20,40"},
    )
    html = bad.content.decode()
    assert "确保该值小于或等于23" in html and "提醒日必须在 1–31 之间" in html
    ok = client.post(
        f"/notifications/schedules/{task.pk}/",
        {"hour": 8, "minute": 15, "day_of_month": "*", "days": "18，22"},
    )
    assert ok.status_code == 302
    task.refresh_from_db()
    assert (task.enabled, task.crontab.hour, task.crontab.minute) == (False, "8", "15")
    assert task.kwargs == '{"days": [18, 22]}'
    api = client.patch(
        f"/api/schedules/{task.pk}/",
        {"enabled": True, "parameters": {"days": [20, 23]}},
        content_type="application/json",
    )
    assert api.status_code == 200, api.content
    assert api.json()["parameters"] == {"days": [20, 23]} and api.json()["enabled"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["office", "liaison", "leader"])
def test_only_administrators_see_schedules_and_job_runs(personas, login, persona):
    client = login(personas[persona])
    assert client.get("/notifications/schedules/").status_code == 403
    assert client.get("/api/schedules/").status_code == 403
    assert client.get("/api/job-runs/").status_code == 403


@pytest.mark.django_db
def test_default_schedules_are_installed_by_migration(db):
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert {"月报报送提醒", "月报逾期通知", "任务到期提醒", "进度滞后提示", "旬调度提醒"} <= names
