from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import DepartmentKind, PlanImportStatus, RegionKind


class Department(models.Model):
    """A government unit that leads or shares tasks, under its canonical name."""

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField(
        "类别", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.MUNICIPAL
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class DepartmentAlias(models.Model):
    """Another way documents write a department's name (市卫健委 for 市卫生健康委)."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="aliases", verbose_name="部门"
    )
    alias = models.CharField("别名", max_length=100, unique=True)

    class Meta:
        verbose_name = "部门别名"
        verbose_name_plural = "部门别名"
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.department.name}"


class Region(models.Model):
    """A county-level unit of the city, or a park that reports on its own."""

    code = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    kind = models.CharField("类别", max_length=20, choices=RegionKind.choices)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "县市区"
        verbose_name_plural = "县市区"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """An implementation plan document, such as 衡政办发〔2025〕3号."""

    title = models.CharField("标题", max_length=200)
    document_number = models.CharField("文号", max_length=60, blank=True)
    issuer = models.CharField("发文机关", max_length=100, blank=True)
    year = models.PositiveIntegerField("年度")
    issue_date = models.DateField("印发日期", null=True, blank=True)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "方案"
        verbose_name_plural = "方案"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"],
                condition=~Q(document_number=""),
                name="plan_document_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Campaign(models.Model):
    """One of a plan's campaigns (攻坚), run by its task force (专班)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="campaigns")
    number = models.PositiveSmallIntegerField("序号")
    name = models.CharField("名称", max_length=100)
    annex_title = models.CharField("实施方案标题", max_length=200, blank=True)
    goals = models.TextField("攻坚目标", blank=True)
    convener = models.CharField("召集人", max_length=100, blank=True)
    deputy_conveners = models.JSONField("副召集人", default=list, blank=True)
    office_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_offices",
        verbose_name="专班办公室所在单位",
    )
    lead_departments = models.ManyToManyField(
        Department, related_name="led_campaigns", blank=True, verbose_name="牵头单位"
    )
    member_departments = models.ManyToManyField(
        Department, related_name="member_campaigns", blank=True, verbose_name="成员单位"
    )

    class Meta:
        verbose_name = "攻坚"
        verbose_name_plural = "攻坚"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="campaign_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="campaign_number_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    """A numbered section of tasks — (一)(二)… inside a campaign, or 一、二、 in a plain plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="sections"
    )
    number = models.CharField("编号", max_length=10, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "章节"
        verbose_name_plural = "章节"
        ordering = ["plan", "campaign__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"],
                condition=Q(campaign__isnull=False),
                name="section_number_unique_in_campaign",
            ),
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=Q(campaign__isnull=True),
                name="section_number_unique_in_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"（{self.number}）{self.title}" if self.number else self.title


class PlanImport(models.Model):
    """An uploaded plan document on its way from preview to confirmation; kept as the record."""

    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件摘要", max_length=64)
    parsed = models.JSONField("解析结果")
    status = models.CharField(
        "状态", max_length=10, choices=PlanImportStatus.choices, default=PlanImportStatus.PREVIEW
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    summary = models.JSONField("导入结果", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_imports",
        verbose_name="上传人",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )

    class Meta:
        verbose_name = "方案导入"
        verbose_name_plural = "方案导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
