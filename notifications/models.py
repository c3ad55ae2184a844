from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import Channel, DeliveryStatus, JobRunStatus, NotificationKind


class Notification(models.Model):
    """One message to one person, claimed once per (recipient, kind, object, period) before sending."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类型", max_length=20, choices=NotificationKind.choices)
    object_key = models.CharField("对象", max_length=60, help_text="如 campaign:3、task:42")
    period_key = models.CharField("周期", max_length=30, help_text="如 2025-03、2025-03-2")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    link = models.CharField("链接", max_length=300, blank=True)
    claim = models.UUIDField("批次", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_key", "period_key"],
                name="notification_once_per_recipient_kind_object_period",
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """Sending one notification through one outside channel (email or a group-bot webhook)."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    address = models.CharField("地址", max_length=500)
    status = models.CharField(
        "状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}"


class NotificationPreference(models.Model):
    """The outside channels a user wants, besides the in-app notification centre."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField("接收邮件", default=True)
    webhook_enabled = models.BooleanField("推送到群机器人", default=False)
    webhook_url = models.URLField("群机器人地址", max_length=500, blank=True)

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self) -> str:
        return f"{self.user} 的通知设置"


class JobRun(models.Model):
    """One run of a scheduled job: when, how many notified, and how it ended."""

    job = models.CharField("任务", max_length=100, db_index=True)
    started_at = models.DateTimeField("开始", auto_now_add=True)
    finished_at = models.DateTimeField("结束", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=JobRunStatus.choices, default=JobRunStatus.RUNNING
    )
    notified = models.PositiveIntegerField("新发通知", default=0)
    detail = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "任务运行记录"
        verbose_name_plural = "任务运行记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"
