from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, Department
from reporting.models import Period
from tasks.models import Target, Task

from .choices import ExtensionStatus, FollowUpStatus, NoticeEventKind, NoticeLevel, NoticeStatus


class DispatchSheet(models.Model):
    """A 旬's dispatch sheet (旬调度单) and the record of its meeting."""

    period = models.OneToOneField(
        Period, on_delete=models.PROTECT, related_name="dispatch_sheet", verbose_name="旬"
    )
    meeting_date = models.DateField("会议日期", null=True, blank=True)
    chair = models.CharField("主持人", max_length=100, blank=True)
    attendees = models.TextField("参会人员", blank=True)
    discussion = models.TextField("研究事项", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "旬调度单"
        verbose_name_plural = "旬调度单"
        ordering = ["-period__start"]

    def __str__(self) -> str:
        return f"{self.period.label}调度单"


class FollowUp(models.Model):
    """A meeting decision tracked to closure by its responsible unit (会议议定事项)."""

    sheet = models.ForeignKey(
        DispatchSheet, on_delete=models.CASCADE, related_name="follow_ups", verbose_name="调度单"
    )
    decision = models.TextField("议定事项")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="follow_ups", verbose_name="责任单位"
    )
    deadline = models.DateField("完成时限")
    status = models.CharField(
        "状态", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    result = models.TextField("办理情况", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.decision[:60]


class Notice(models.Model):
    """A supervision notice (督办单) to one unit about a task, list item or indicator.

    The subject is one of the nullable foreign keys (a major project will be one more).
    """

    number = models.CharField("编号", max_length=30, unique=True)
    title = models.CharField("标题", max_length=200)
    requirement = models.TextField("督办要求")
    task = models.ForeignKey(
        Task,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name="任务或清单事项",
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name="指标",
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name="攻坚",
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="notices", verbose_name="责任单位"
    )
    level = models.CharField("督办等级", max_length=10, choices=NoticeLevel.choices)
    deadline = models.DateField("办理时限")
    status = models.CharField(
        "状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED
    )
    reply = models.TextField("反馈内容", blank=True)
    return_reason = models.TextField("退回原因", blank=True)
    escalated_on = models.DateField("最近升级日期", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="交办人"
    )
    issued_at = models.DateTimeField("交办时间", auto_now_add=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    replied_at = models.DateTimeField("反馈时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, target__isnull=True)
                | Q(task__isnull=True, target__isnull=False),
                name="notice_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def subject(self):
        return self.task or self.target


class NoticeEvent(models.Model):
    """One step of a notice's life (交办, 签收, 反馈, 催办, 升级…) with its message."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("操作", max_length=20, choices=NoticeEventKind.choices)
    text = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = "督办记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class NoticeEvidence(models.Model):
    """A supporting file of a notice's reply (size- and type-checked)."""

    event = models.ForeignKey(NoticeEvent, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to="notice-evidence/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办佐证材料"
        verbose_name_plural = "督办佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ExtensionRequest(models.Model):
    """A unit's request to move a notice's deadline (延期申请), decided by 总专班."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="extensions")
    requested_deadline = models.DateField("申请延期至")
    reason = models.TextField("延期理由")
    status = models.CharField(
        "状态", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decision_note = models.TextField("审批意见", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice"],
                condition=Q(status="pending"),
                name="extension_one_pending_per_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice.number} 申请延期至 {self.requested_deadline}"
