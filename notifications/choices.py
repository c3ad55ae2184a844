from django.db import models


class NotificationKind(models.TextChoices):
    REPORT_REMINDER = "report_reminder", "月报报送提醒"
    REPORT_OVERDUE = "report_overdue", "月报逾期通知"
    REPORT_LATE_LIST = "report_late_list", "逾期未报送清单"
    WORKBOOK_REMINDER = "workbook_reminder", "县市区报表提醒"
    TASK_DUE_SOON = "task_due_soon", "任务即将到期"
    TASK_OVERDUE = "task_overdue", "任务已逾期"
    TASK_LAGGING = "task_lagging", "任务进度滞后"
    DISPATCH_DIGEST = "dispatch_digest", "旬调度提醒"
    GENERAL = "general", "通知"


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    WEBHOOK = "webhook", "群机器人"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class JobRunStatus(models.TextChoices):
    RUNNING = "running", "运行中"
    SUCCEEDED = "succeeded", "成功"
    FAILED = "failed", "失败"
