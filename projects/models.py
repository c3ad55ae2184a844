from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from campaigns.models import Campaign, Department, Region
from reporting.choices import PeriodKind
from reporting.models import Period

from .choices import ProjectCategory

ZERO = Decimal("0")
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(ZERO)]}


class Project(models.Model):
    """A major project (重大项目) in the register, dispatched every fortnight."""

    name = models.CharField("项目名称", max_length=200)
    code = models.CharField("项目代码", max_length=40, unique=True)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="projects", verbose_name="所属攻坚"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="projects", verbose_name="县市区"
    )
    category = models.CharField("项目类别", max_length=20, choices=ProjectCategory.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="projects", verbose_name="责任单位"
    )
    leader = models.CharField("责任领导", max_length=100, blank=True)
    total_investment = models.DecimalField("计划总投资（万元）", **MONEY)
    annual_investment = models.DecimalField("年度计划投资（万元）", **MONEY)
    planned_start = models.DateField("计划开工日期")
    planned_end = models.DateField("计划竣工日期")
    central_funds = models.DecimalField("到位中央资金（万元）", default=ZERO, **MONEY)
    provincial_funds = models.DecimalField("到位省级资金（万元）", default=ZERO, **MONEY)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "重大项目"
        verbose_name_plural = "重大项目"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="project_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(annual_investment__lte=F("total_investment")),
                name="project_annual_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def funds_received(self) -> Decimal:
        return self.central_funds + self.provincial_funds

    def clean(self) -> None:
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = "计划竣工日期不能早于计划开工日期。"
        if (
            self.annual_investment is not None
            and self.total_investment is not None
            and self.annual_investment > self.total_investment
        ):
            errors["annual_investment"] = "年度计划投资不能超过计划总投资。"
        if errors:
            raise ValidationError(errors)


class ProjectUpdate(models.Model):
    """One project's fortnightly progress report (双周调度)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="updates", verbose_name="项目"
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        related_name="project_updates",
        verbose_name="双周",
        limit_choices_to={"kind": PeriodKind.FORTNIGHT},
    )
    started = models.BooleanField("是否开工", default=False)
    start_date = models.DateField("开工日期", null=True, blank=True)
    investment = models.DecimalField("本期完成投资（万元）", **MONEY)
    cumulative_investment = models.DecimalField("年度累计完成投资（万元）", **MONEY)
    funds_paid = models.DecimalField("累计支付资金（万元）", default=ZERO, **MONEY)
    physical_percent = models.PositiveSmallIntegerField(
        "实物完成率（%）", validators=[MaxValueValidator(100)]
    )
    problems = models.TextField("需协调解决的问题", blank=True, max_length=2000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="填报人",
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = "项目双周进展"
        verbose_name_plural = "项目双周进展"
        ordering = ["project__code", "-period__start"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="project_update_unique"),
            models.CheckConstraint(
                condition=Q(physical_percent__lte=100), name="project_update_percent_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period.label}"

    def clean(self) -> None:
        errors = {}
        if self.period_id and self.period.kind != PeriodKind.FORTNIGHT:
            errors["period"] = "请选择双周调度期。"
        if self.started and not self.start_date:
            errors["start_date"] = "已开工的项目须填写开工日期。"
        if not self.started and self.start_date:
            errors["start_date"] = "未开工的项目不应填写开工日期。"
        if self.start_date and self.period_id and self.start_date > self.period.end:
            errors["start_date"] = f"开工日期不能晚于本期截止日（{self.period.end:%Y-%m-%d}）。"
        if (
            self.investment is not None
            and self.cumulative_investment is not None
            and self.investment > self.cumulative_investment
        ):
            errors["cumulative_investment"] = "年度累计完成投资不能小于本期完成投资。"
        if errors:
            raise ValidationError(errors)
