from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Department
from reporting.models import Period
from tasks.choices import TaskStatus
from tasks.models import Target, Task


class TaskProgress(models.Model):
    """One unit's account of a task in one period: status, percent, what was done, what next."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="task_progress")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_progress",
        verbose_name="填报单位",
        help_text="空表示由专班代为填报",
    )
    status = models.CharField(
        "状态", max_length=12, choices=TaskStatus.choices, default=TaskStatus.IN_PROGRESS
    )
    percent = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    done = models.TextField("工作进展", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步打算", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填报人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "任务进展"
        verbose_name_plural = "任务进展"
        ordering = ["-period__start", "task__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period", "department"],
                condition=Q(department__isnull=False),
                name="progress_unique_per_unit",
            ),
            models.UniqueConstraint(
                fields=["task", "period"],
                condition=Q(department__isnull=True),
                name="progress_unique_for_task_force",
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="progress_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period}"


class TargetValue(models.Model):
    """A progress entry's figure for one of the task's quantitative targets."""

    progress = models.ForeignKey(TaskProgress, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    actual = models.DecimalField("本期完成", max_digits=20, decimal_places=4, null=True, blank=True)
    cumulative = models.DecimalField(
        "累计完成", max_digits=20, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = "指标完成值"
        verbose_name_plural = "指标完成值"
        constraints = [
            models.UniqueConstraint(fields=["progress", "target"], name="target_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.target.name}：{self.cumulative}"


class Evidence(models.Model):
    """A supporting file attached to a progress entry (size- and type-limited)."""

    progress = models.ForeignKey(TaskProgress, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to="evidence/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
