from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Region
from reporting.models import Period
from tasks.choices import TaskStatus
from tasks.models import Task

from .choices import RegionPeriodStatus, SubmissionStatus


class RegionPeriod(models.Model):
    """A region's report for one month: its standing, its current submission and its lock."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="report_periods")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="region_periods")
    status = models.CharField(
        "状态",
        max_length=12,
        choices=RegionPeriodStatus.choices,
        default=RegionPeriodStatus.NOT_STARTED,
    )
    current = models.ForeignKey(
        "WorkbookSubmission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="当前采用的报表",
    )
    version = models.PositiveIntegerField("版本", default=0)
    submitted_at = models.DateTimeField("最近报送时间", null=True, blank=True)
    submitted_late = models.BooleanField("逾期报送", default=False)
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="采纳人",
    )

    class Meta:
        verbose_name = "县市区月度报送"
        verbose_name_plural = "县市区月度报送"
        ordering = ["period__start", "region__order"]
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="region_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period.label}"

    @property
    def is_locked(self) -> bool:
        return self.status == RegionPeriodStatus.ACCEPTED


def _upload_path(instance: "WorkbookSubmission", filename: str) -> str:
    return f"counties/uploads/{instance.region_id}/{instance.period_id}/{instance.sha256[:16]}.xlsx"


def _annotated_path(instance: "WorkbookSubmission", filename: str) -> str:
    return f"counties/annotated/{instance.region_id}/{instance.period_id}/{instance.pk}.xlsx"


class WorkbookSubmission(models.Model):
    """One uploaded workbook of a region for a month, with the outcome of its checks."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="submissions")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="上传人",
    )
    file = models.FileField("报表文件", upload_to=_upload_path, max_length=200)
    filename = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("文件大小")
    sha256 = models.CharField("文件摘要", max_length=64)
    status = models.CharField(
        "状态", max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("进度", default=0)
    errors = models.JSONField("校验错误", default=list, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    annotated = models.FileField(
        "标注错误的报表", upload_to=_annotated_path, max_length=200, blank=True
    )
    indicator_rows = models.PositiveIntegerField("指标行数", default=0)
    task_rows = models.PositiveIntegerField("任务行数", default=0)
    project_rows = models.PositiveIntegerField("重大项目行数", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("处理完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "县市区报表"
        verbose_name_plural = "县市区报表"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "period", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="submission_progress_100"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period.label} {self.filename}"


class RegionTaskProgress(models.Model):
    """A region's account of one task in one month, from its workbook's task sheet."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="task_progress")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="region_progress")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=TaskStatus.choices)
    percent = models.PositiveSmallIntegerField("完成进度")
    text = models.TextField("工作进展", blank=True)
    submission = models.ForeignKey(
        WorkbookSubmission, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "县市区任务进展"
        verbose_name_plural = "县市区任务进展"
        ordering = ["period__start", "task__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "task", "period"], name="region_task_progress_unique"
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="region_task_percent_100"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.task} {self.period.label}"
