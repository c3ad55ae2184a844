"""Reminders and notifications: claim each message once, then deliver it through the user's channels."""

import json
import logging
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership
from campaigns.models import Campaign, Plan, Region
from reporting.choices import PeriodKind, ReportStatus
from reporting.models import CampaignReport, Period
from tasks.choices import TaskStatus
from tasks.models import Task

from . import calendar as workdays
from .choices import Channel, DeliveryStatus, JobRunStatus, NotificationKind
from .models import Delivery, JobRun, Notification, NotificationPreference

logger = logging.getLogger(__name__)
User = get_user_model()
DELIVERY_BATCH = 200
DONE = (TaskStatus.COMPLETED, TaskStatus.CLOSED)


class TransientDeliveryError(Exception):
    """A channel failed in a way worth retrying (SMTP down, webhook 5xx, network)."""


class PermanentDeliveryError(Exception):
    """A channel refused the message for good (bad address, webhook 4xx)."""


@dataclass(frozen=True)
class Message:
    """What one notification says, before it is addressed to anyone."""

    kind: str
    object_key: str
    period_key: str
    title: str
    body: str
    link: str = ""


def notify(*, recipients: Iterable, message: Message) -> list[Notification]:
    """Claim the message for each recipient who has not had it yet, then queue its deliveries.

    The unique (recipient, kind, object, period) row is written before anything is sent, so a
    second beat, a second worker or a retry finds it taken and sends nothing.
    """
    users = {user.pk: user for user in recipients if user.is_active}
    if not users:
        return []
    claim = uuid.uuid4()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=message.kind,
                object_key=message.object_key,
                period_key=message.period_key,
                title=message.title[:200],
                body=message.body,
                link=message.link,
                claim=claim,
            )
            for user_id in users
        ],
        ignore_conflicts=True,
    )
    created = list(Notification.objects.filter(claim=claim))
    _queue_deliveries(created, users)
    return created


def _queue_deliveries(notifications: list[Notification], users: dict) -> None:
    preferences = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(
            user_id__in=[n.recipient_id for n in notifications]
        )
    }
    deliveries = []
    for notification in notifications:
        user = users[notification.recipient_id]
        preference = preferences.get(user.pk) or NotificationPreference(user=user)
        if preference.email_enabled and user.email:
            deliveries.append(
                Delivery(notification=notification, channel=Channel.EMAIL, address=user.email)
            )
        if preference.webhook_enabled and preference.webhook_url:
            deliveries.append(
                Delivery(
                    notification=notification,
                    channel=Channel.WEBHOOK,
                    address=preference.webhook_url,
                )
            )
    created = Delivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in created]
    if ids:
        from .jobs import deliver_job

        def enqueue() -> None:
            for start in range(0, len(ids), DELIVERY_BATCH):
                deliver_job.delay(ids[start : start + DELIVERY_BATCH])

        transaction.on_commit(enqueue)


def _send_email(delivery: Delivery) -> None:
    notification = delivery.notification
    try:
        send_mail(
            subject=f"【七大攻坚】{notification.title}",
            message=f"{notification.body}\n\n{_absolute(notification.link)}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[delivery.address],
        )
    except (OSError, TimeoutError) as exc:  # smtplib errors are OSErrors
        raise TransientDeliveryError(f"邮件发送失败：{exc}") from exc


def _send_webhook(delivery: Delivery) -> None:
    """POST the text message format that WeCom and DingTalk group bots both accept."""
    notification = delivery.notification
    if not delivery.address.startswith(("https://", "http://")):
        raise PermanentDeliveryError("群机器人地址必须以 http:// 或 https:// 开头。")
    content = (
        f"【七大攻坚】{notification.title}\n{notification.body}\n{_absolute(notification.link)}"
    )
    payload = json.dumps({"msgtype": "text", "text": {"content": content}}, ensure_ascii=False)
    request = urllib.request.Request(  # noqa: S310 — scheme checked above
        delivery.address,
        data=payload.encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise TransientDeliveryError(f"群机器人返回 {exc.code}") from exc
        raise PermanentDeliveryError(f"群机器人拒绝了消息（HTTP {exc.code}）") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise TransientDeliveryError(f"无法连接群机器人：{exc}") from exc


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link else ""


SENDERS = {Channel.EMAIL: _send_email, Channel.WEBHOOK: _send_webhook}


def delivery_send(*, delivery_id: int, final_attempt: bool) -> bool:
    """Send one pending delivery. True when sent or given up; False when it should be retried."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("notification")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:  # already sent, failed for good, or being sent by another worker
            return True
        delivery.attempts += 1
        try:
            SENDERS[delivery.channel](delivery)
        except TransientDeliveryError as exc:
            delivery.last_error = str(exc)
            delivery.status = DeliveryStatus.FAILED if final_attempt else DeliveryStatus.PENDING
            delivery.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            return final_attempt
        except PermanentDeliveryError as exc:
            delivery.last_error, delivery.status = str(exc), DeliveryStatus.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            return True
        delivery.status, delivery.sent_at, delivery.last_error = (
            DeliveryStatus.SENT,
            timezone.now(),
            "",
        )
        delivery.save(update_fields=["attempts", "last_error", "status", "sent_at", "updated_at"])
        return True


@contextmanager
def job_run(job: str):
    """Record a scheduled job's run; a failure is marked failed with its reason, then re-raised."""
    run = JobRun.objects.create(job=job)
    try:
        yield run
    except Exception as exc:
        run.status, run.detail = JobRunStatus.FAILED, f"{exc.__class__.__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.save()
        raise
    run.status, run.finished_at = JobRunStatus.SUCCEEDED, timezone.now()
    run.save()


# --- recipients -------------------------------------------------------------------------------


def _members(condition: Q, key: str | None = None) -> dict[int, list]:
    """Active users of matching memberships, grouped by campaign, department (or `key`) id."""
    grouped: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.filter(condition, user__is_active=True).select_related("user")
    for membership in memberships:
        group = (
            getattr(membership, key) if key else membership.campaign_id or membership.department_id
        )
        grouped[group or 0].append(membership.user)
    return grouped


def _office_users() -> list:
    return list(User.objects.filter(is_active=True, memberships__role=Role.OFFICE).distinct())


def _month(today: date) -> Period | None:
    return Period.objects.filter(kind=PeriodKind.MONTH, start__lte=today, end__gte=today).first()


def _unsubmitted_campaigns(period: Period) -> list[Campaign]:
    """Campaigns whose report for the month is missing, a draft, or returned for revision."""
    done = CampaignReport.objects.filter(
        period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    ).values("campaign_id")
    return list(_current_campaigns(period.start).exclude(pk__in=done))


def _current_campaigns(day: date) -> QuerySet[Campaign]:
    """The campaigns of the most recent plan in force on `day`."""
    plan = Plan.objects.filter(year__lte=day.year).order_by("-year", "-pk").first()
    return Campaign.objects.filter(plan=plan).order_by("number")


# --- the reminder rules -----------------------------------------------------------------------


def report_reminders_send(*, today: date, days: list[int]) -> int:
    """On the month's reminder days, remind each campaign that has not submitted its report."""
    period = _month(today)
    if period is None or today not in workdays.reminder_dates(today.year, today.month, days):
        return 0
    deadline = period.deadline or workdays.day_of_month(today.year, today.month, 25)
    staff = _members(Q(role=Role.CAMPAIGN))
    sent = 0
    for campaign in _unsubmitted_campaigns(period):
        late = today > deadline
        message = Message(
            kind=NotificationKind.REPORT_REMINDER,
            object_key=f"campaign:{campaign.pk}",
            period_key=f"{period.start:%Y-%m}-{today.day:02d}",
            title=(
                f"{campaign.name}{period.label}月报已逾期，请尽快报送"
                if late
                else f"请于{deadline:%m月%d日}前报送{campaign.name}{period.label}月报"
            ),
            body=(
                f"{campaign.name}专班：{period.label}月报尚未报送，"
                + (
                    f"已超过截止时间{deadline:%Y年%m月%d日}，请尽快报送。"
                    if late
                    else f"截止时间为{deadline:%Y年%m月%d日}（每月25日前）。请联络员及时填写并报送。"
                )
            ),
            link="/reports/",
        )
        sent += len(notify(recipients=staff.get(campaign.pk, []), message=message))
    return sent


def _unsubmitted_regions(period: Period) -> list[Region]:
    """Regions whose workbook for the month is missing or was refused with errors."""
    from counties.choices import RegionPeriodStatus
    from counties.models import RegionPeriod

    done = RegionPeriod.objects.filter(
        period=period,
        status__in=[RegionPeriodStatus.SUBMITTED, RegionPeriodStatus.ACCEPTED],
    ).values("region_id")
    return list(Region.objects.exclude(pk__in=done).order_by("order", "code"))


def workbook_reminders_send(*, today: date, days: list[int]) -> int:
    """On the same reminder days, remind each region that has not uploaded its month workbook."""
    period = _month(today)
    if period is None or today not in workdays.reminder_dates(today.year, today.month, days):
        return 0
    deadline = period.deadline or workdays.day_of_month(today.year, today.month, 25)
    users = _members(Q(role=Role.REGION), key="region_id")
    sent = 0
    for region in _unsubmitted_regions(period):
        late = today > deadline
        message = Message(
            kind=NotificationKind.WORKBOOK_REMINDER,
            object_key=f"region:{region.pk}",
            period_key=f"{period.start:%Y-%m}-{today.day:02d}",
            title=(
                f"{region.name}{period.label}报表已逾期，请尽快上传"
                if late
                else f"请于{deadline:%m月%d日}前上传{region.name}{period.label}报表"
            ),
            body=(
                f"{region.name}：{period.label}指标报表尚未上传或有错误待修改，"
                + (
                    f"已超过截止时间{deadline:%Y年%m月%d日}。"
                    if late
                    else f"截止时间为{deadline:%Y年%m月%d日}。请下载预填报表，填写后上传。"
                )
            ),
            link=f"/counties/{region.pk}/",
        )
        sent += len(notify(recipients=users.get(region.pk, []), message=message))
    return sent


def report_overdue_send(*, today: date, day: int) -> int:
    """After the deadline, tell each late campaign, and tell 总专班 which campaigns are late."""
    period = _month(today)
    if period is None or today != workdays.overdue_date(today.year, today.month, day):
        return 0
    late = _unsubmitted_campaigns(period)
    late_regions = _unsubmitted_regions(period)
    if not (late or late_regions):
        return 0
    staff = _members(Q(role=Role.CAMPAIGN))
    sent = 0
    for campaign in late:
        message = Message(
            kind=NotificationKind.REPORT_OVERDUE,
            object_key=f"campaign:{campaign.pk}",
            period_key=f"{period.start:%Y-%m}",
            title=f"{campaign.name}{period.label}月报已逾期",
            body=f"{campaign.name}专班{period.label}月报已超过报送截止时间，请立即报送。",
            link="/reports/",
        )
        sent += len(notify(recipients=staff.get(campaign.pk, []), message=message))
    names = "、".join(c.name for c in late) or "无"
    region_names = "、".join(r.name for r in late_regions) or "无"
    summary = Message(
        kind=NotificationKind.REPORT_LATE_LIST,
        object_key=f"period:{period.pk}",
        period_key=f"{period.start:%Y-%m}",
        title=f"{period.label}逾期未报送：{len(late)}个专班、{len(late_regions)}个县市区",
        body=(
            f"截至{today:%m月%d日}，{period.label}月报尚未报送的专班：{names}；"
            f"报表尚未上传的县市区：{region_names}。"
        ),
        link="/reports/review/",
    )
    return sent + len(notify(recipients=_office_users(), message=summary))


def task_deadline_reminders_send(*, today: date, days_before: int) -> int:
    """Tell a task's lead units N days before its deadline, and again once it has passed."""
    due_soon = today + timedelta(days=days_before)
    tasks = (
        Task.objects.filter(deadline__isnull=False, deadline__lte=due_soon)
        .exclude(status__in=DONE)
        .select_related("campaign")
        .prefetch_related("lead_departments")
    )
    department_staff = _members(Q(role=Role.DEPARTMENT))
    campaign_staff = _members(Q(role=Role.CAMPAIGN))
    sent = 0
    for task in tasks:
        recipients = [
            u for d in task.lead_departments.all() for u in department_staff.get(d.pk, [])
        ]
        if not recipients:
            recipients = campaign_staff.get(task.campaign_id, [])
        overdue = task.deadline < today
        message = Message(
            kind=NotificationKind.TASK_OVERDUE if overdue else NotificationKind.TASK_DUE_SOON,
            object_key=f"task:{task.pk}",
            period_key=f"{task.deadline:%Y-%m-%d}",
            title=(
                f"任务已逾期：{task.title}"
                if overdue
                else f"任务将于{task.deadline:%m月%d日}到期：{task.title}"
            ),
            body=(
                f"{task.campaign.name if task.campaign else ''}任务“{task.number}. {task.title}”"
                f"完成时限为{task.deadline:%Y年%m月%d日}，当前状态：{task.get_status_display()}。"
            ),
            link=f"/tasks/{task.pk}/",
        )
        sent += len(notify(recipients=recipients, message=message))
    return sent


def _elapsed_share(day: date) -> float:
    start = date(day.year, 1, 1)
    return ((day - start).days + 1) / ((date(day.year, 12, 31) - start).days + 1)


def task_lagging_send(*, today: date, tolerance: int) -> int:
    """Flag to each campaign its open tasks whose percent is behind 时序进度 by more than the tolerance."""
    threshold = _elapsed_share(today) * 100 - tolerance
    lagging = (
        Task.objects.filter(percent__lt=threshold, campaign__isnull=False)
        .exclude(status__in=DONE)
        .order_by("campaign_id", "order")
        .select_related("campaign")
    )
    by_campaign: dict[int, list[Task]] = defaultdict(list)
    for task in lagging:
        by_campaign[task.campaign_id].append(task)
    staff = _members(Q(role=Role.CAMPAIGN))
    sent = 0
    for campaign_id, tasks in by_campaign.items():
        campaign = tasks[0].campaign
        listed = "；".join(f"{t.number}. {t.title}（{t.percent}%）" for t in tasks[:20])
        message = Message(
            kind=NotificationKind.TASK_LAGGING,
            object_key=f"campaign:{campaign_id}",
            period_key=f"{today:%Y-%m}",
            title=f"{campaign.name}有{len(tasks)}项任务进度滞后于时序进度",
            body=f"时序进度 {threshold + tolerance:.0f}%。滞后任务：{listed}",
            link=f"/campaigns/{campaign_id}/",
        )
        sent += len(notify(recipients=staff.get(campaign_id, []), message=message))
    return sent


def dispatch_digest_send(*, today: date) -> int:
    """On the 1st, 11th and 21st: what is due this 旬, what is overdue, what changed since the last."""
    if today.day not in (1, 11, 21):
        return 0
    ten_day = Period.objects.filter(kind=PeriodKind.TEN_DAY, start=today).first()
    end = ten_day.end if ten_day else today + timedelta(days=9)
    since = today - timedelta(days=10)
    open_tasks = Task.objects.filter(campaign__isnull=False).exclude(status__in=DONE)
    due = defaultdict(int)
    overdue = defaultdict(int)
    for campaign_id, deadline in open_tasks.filter(deadline__isnull=False).values_list(
        "campaign_id", "deadline"
    ):
        if deadline < today:
            overdue[campaign_id] += 1
        elif deadline <= end:
            due[campaign_id] += 1
    changed = defaultdict(int)
    for campaign_id in Task.objects.filter(updated_at__date__gte=since).values_list(
        "campaign_id", flat=True
    ):
        changed[campaign_id] += 1
    campaigns = list(_current_campaigns(today))
    staff = _members(Q(role=Role.CAMPAIGN))
    label = ten_day.label if ten_day else f"{today:%Y年%m月%d日}起"
    sent = 0
    lines = []
    for campaign in campaigns:
        line = (
            f"{campaign.name}：本旬到期 {due[campaign.pk]} 项，已逾期 {overdue[campaign.pk]} 项，"
            f"近十天有更新 {changed[campaign.pk]} 项"
        )
        lines.append(line)
        message = Message(
            kind=NotificationKind.DISPATCH_DIGEST,
            object_key=f"campaign:{campaign.pk}",
            period_key=f"{today:%Y-%m-%d}",
            title=f"{label}调度：{campaign.name}",
            body=line + "。",
            link=f"/campaigns/{campaign.pk}/",
        )
        sent += len(notify(recipients=staff.get(campaign.pk, []), message=message))
    if lines:
        digest = Message(
            kind=NotificationKind.DISPATCH_DIGEST,
            object_key="all",
            period_key=f"{today:%Y-%m-%d}",
            title=f"{label}调度：七大攻坚总体情况",
            body="\n".join(lines),
            link="/",
        )
        sent += len(notify(recipients=_office_users(), message=digest))
    return sent


# --- the notification centre ------------------------------------------------------------------


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def preference_update(
    *, user, email_enabled: bool, webhook_enabled: bool, webhook_url: str
) -> NotificationPreference:
    """Save the channels a user wants."""
    from django.core.exceptions import ValidationError

    if webhook_enabled and not webhook_url:
        raise ValidationError({"webhook_url": "开启群机器人推送时必须填写群机器人地址。"})
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    preference.email_enabled, preference.webhook_enabled = email_enabled, webhook_enabled
    preference.webhook_url = webhook_url
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def schedule_update(
    *, actor, task, enabled: bool, hour: int, minute: int, day_of_month: str, job_kwargs: dict
):
    """Change a scheduled job's time, days, parameters and on/off; audited."""
    from django_celery_beat.models import CrontabSchedule

    from audit.services import audit_update, snapshot

    before = snapshot(task, ["enabled", "crontab", "kwargs"])
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=str(minute),
        hour=str(hour),
        day_of_month=day_of_month,
        month_of_year="*",
        day_of_week="*",
        timezone="Asia/Shanghai",
    )
    task.enabled, task.crontab, task.kwargs = enabled, crontab, json.dumps(job_kwargs)
    task.save()
    audit_update(actor=actor, obj=task, before=before, summary="修改定时任务")
    return task
