"""End to end: a real Celery worker consuming from the real Redis broker delivers a reminder."""

import time

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from hengyang_gongjian.celery import app
from notifications.jobs import report_reminders_job
from notifications.models import Delivery, Notification
from reporting.services import period_ensure_year

pytestmark = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis://"), reason="needs the Redis broker"
)


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_a_monthly_reminder_in_app_and_by_email(personas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    period_ensure_year(year=2025)
    liaison = personas["liaison"]
    liaison.email = "liaison@example.gov.cn"
    liaison.save()
    with time_machine.travel("2025-03-20 09:00 +08:00", tick=True):
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            report_reminders_job.delay(days=[20, 23])
            assert _wait_for(lambda: Notification.objects.filter(recipient=liaison).exists())
            assert _wait_for(
                lambda: Delivery.objects.filter(
                    notification__recipient=liaison, status="sent"
                ).exists()
            )
    note = Notification.objects.get(recipient=liaison)
    assert "内需扩量提效攻坚" in note.title
    sent = [m for m in mail.outbox if "liaison@example.gov.cn" in m.to]
    assert len(sent) == 1 and sent[0].subject == f"【七大攻坚】{note.title}"
