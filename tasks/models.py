from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, Department, Plan, Region, Section

from .choices import ListKind, Qualifier, TargetKind, TargetScope, TaskStatus


class Task(models.Model):
    """A numbered task of a plan, with its lead and co-responsible departments."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    number = models.CharField("编号", max_length=10)
    order = models.PositiveIntegerField("排序", default=0)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("全文")
    unit_clause = models.TextField("责任单位原文", blank=True)
    list_kind = models.CharField(
        "清单", max_length=10, choices=ListKind.choices, default=ListKind.TASK, db_index=True
    )
    lead_departments = models.ManyToManyField(
        Department, related_name="led_tasks", blank=True, verbose_name="牵头单位"
    )
    co_departments = models.ManyToManyField(
        Department, related_name="shared_tasks", blank=True, verbose_name="责任单位"
    )
    collective_units = models.JSONField("泛指责任主体", default=list, blank=True)
    regions = models.ManyToManyField(
        Region, related_name="tasks", blank=True, verbose_name="涉及县市区"
    )
    lead_leader = models.CharField("牵头领导", max_length=100, blank=True)
    responsible_person = models.CharField("责任人", max_length=100, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True, db_index=True)
    status = models.CharField(
        "状态", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField("完成进度", default=0)
    split_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="split_into",
        verbose_name="拆分自",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="创建人",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan", "campaign__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"],
                condition=Q(parent__isnull=True),
                name="task_number_unique_in_section",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=Q(parent__isnull=False),
                name="task_number_unique_under_parent",
            ),
            models.UniqueConstraint(
                fields=["campaign", "list_kind", "number"],
                condition=Q(section__isnull=True, parent__isnull=True),
                name="task_number_unique_in_list",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="task_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Target(models.Model):
    """A quantitative target of the plan, a campaign or a task, with its source sentence."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    scope = models.CharField("层级", max_length=10, choices=TargetScope.choices)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    name = models.CharField("指标", max_length=200)
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=30, blank=True)
    normalized_value = models.DecimalField("标准值", max_digits=24, decimal_places=4)
    normalized_unit = models.CharField("标准单位", max_length=30, blank=True)
    qualifier = models.CharField(
        "限定", max_length=20, choices=Qualifier.choices, blank=True, default=Qualifier.NONE
    )
    kind = models.CharField(
        "类型", max_length=10, choices=TargetKind.choices, default=TargetKind.ABSOLUTE
    )
    source_text = models.TextField("原文")
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["plan", "scope", "order"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=TargetScope.PLAN, campaign__isnull=True, task__isnull=True)
                    | Q(scope=TargetScope.CAMPAIGN, campaign__isnull=False, task__isnull=True)
                    | Q(scope=TargetScope.TASK, task__isnull=False)
                ),
                name="target_scope_matches_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.value}{self.unit}{self.qualifier}"


class RegionalTarget(models.Model):
    """A region's share of a target (目标分解)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="regional_targets")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=30, blank=True)
    qualifier = models.CharField(
        "限定", max_length=20, choices=Qualifier.choices, blank=True, default=Qualifier.NONE
    )

    class Meta:
        verbose_name = "指标分解"
        verbose_name_plural = "指标分解"
        ordering = ["target", "region__order"]
        constraints = [
            models.UniqueConstraint(fields=["target", "region"], name="regional_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.value}{self.unit}"
