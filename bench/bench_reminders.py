"""The monthly reminder round to 5,000 recipients: time and database queries."""

import json
import time
from datetime import date

from common import ROOT, Recorder, setup_django

RECIPIENTS = 5000


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Membership
    from campaigns.models import Campaign, Plan
    from campaigns.services import plan_load
    from notifications.models import Notification
    from notifications.services import report_reminders_send
    from reporting.services import period_ensure_year

    call_command("load_reference", verbosity=0)
    data = json.loads((ROOT / "fixtures" / "hengyang-2025-plan.json").read_text(encoding="utf-8"))
    if not Plan.objects.filter(document_number=data["document_number"]).exists():
        plan_load(data=data)
    period_ensure_year(year=2025)
    plan = Plan.objects.get(document_number=data["document_number"])
    campaigns = list(Campaign.objects.filter(plan=plan).order_by("number"))
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"bench-reminder-{i}", email=f"u{i}@example.gov.cn", password="!")  # noqa: S106 — unusable
            for i in range(RECIPIENTS)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, role="campaign", campaign=campaigns[i % 7])
            for i, u in enumerate(users)
        ]
    )
    recorder = Recorder(__file__)
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        started = time.perf_counter()
        sent = report_reminders_send(today=date(2025, 3, 20), days=[20, 23])
        elapsed = time.perf_counter() - started
    assert sent >= RECIPIENTS, sent
    recorder.record("reminders_5000_seconds", elapsed, "s")
    recorder.record("reminders_5000_queries", len(ctx.captured_queries), "queries")
    recorder.record("reminders_5000_notifications", sent, "notifications")
    with CaptureQueriesContext(connection) as again:
        repeat = report_reminders_send(today=date(2025, 3, 20), days=[20, 23])
    recorder.record("reminders_repeat_new_notifications", repeat, "notifications")
    recorder.record("reminders_repeat_queries", len(again.captured_queries), "queries")
    recorder.save()
    Notification.objects.filter(recipient__in=users).delete()
    Membership.objects.filter(user__in=users).delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()


if __name__ == "__main__":
    main()
