"""The demo schedule's reminder arrives in the notification centre (issue 5)."""

import json
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from notifications.jobs import report_reminders_job
from notifications.schedules import DEMO_SCHEDULE, install_demo_schedule
from reporting.services import period_ensure_year
from tests.conftest import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_reminder_shows_in_the_notification_centre(page, live_server, personas):
    period_ensure_year(year=2026)
    install_demo_schedule(PeriodicTask, IntervalSchedule)
    demo = PeriodicTask.objects.get(name=DEMO_SCHEDULE)
    # What beat runs every ten minutes, on a working day (weekend reminders move to Friday).
    with time_machine.travel("2026-11-27 10:00 +08:00"):
        report_reminders_job(**json.loads(demo.kwargs))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", personas["liaison"].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("nav .badge-count").inner_text() == "1"
    page.click("text=通知")
    page.wait_for_url(f"{live_server.url}/notifications/")
    assert "月报尚未报送" in page.content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "notifications.png", full_page=True)
    page.click("button:has-text('查看')")
    page.wait_for_url(f"{live_server.url}/reports/")
    assert page.locator("nav .badge-count").count() == 0
