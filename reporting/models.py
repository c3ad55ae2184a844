from django.conf import settings
from django.db import models
from django.db.models import F, Q

from campaigns.models import Campaign

from .choices import PeriodKind, ReportAction, ReportStatus


class Period(models.Model):
    """A reporting period: a 旬, a fortnight, a month or a quarter, with its deadline."""

    kind = models.CharField("类型", max_length=10, choices=PeriodKind.choices)
    start = models.DateField("开始")
    end = models.DateField("结束")
    label = models.CharField("名称", max_length=40)
    deadline = models.DateField("报送截止", null=True, blank=True)

    class Meta:
        verbose_name = "报送周期"
        verbose_name_plural = "报送周期"
        ordering = ["start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start"], name="period_unique"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.label


class CampaignReport(models.Model):
    """A campaign's monthly report (月报) with the plan's five parts, due before the 25th."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        "状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    deadline = models.DateField("报送截止")
    progress = models.TextField("工作推进情况", blank=True)
    practices = models.TextField("典型做法", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_plans = models.TextField("下阶段打算", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    last_submitted_at = models.DateTimeField("最近报送时间", null=True, blank=True)
    submitted_late = models.BooleanField("逾期报送", default=False)
    return_reason = models.TextField("退回原因", blank=True)
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "月报"
        verbose_name_plural = "月报"
        ordering = ["-period__start", "campaign__number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "period"], name="report_unique_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.name} {self.period.label}月报"


class ProvincialRank(models.Model):
    """One row of a report's 全省排名 table: an indicator's rank among Hunan's 14 cities."""

    report = models.ForeignKey(CampaignReport, on_delete=models.CASCADE, related_name="ranks")
    indicator = models.CharField("指标", max_length=100)
    rank = models.PositiveSmallIntegerField("全省排名")
    previous_rank = models.PositiveSmallIntegerField("上月排名", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "全省排名"
        verbose_name_plural = "全省排名"
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="rank_unique_indicator"),
            models.CheckConstraint(condition=Q(rank__gte=1, rank__lte=14), name="rank_in_hunan"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} 第{self.rank}名"


class ReportEvent(models.Model):
    """A workflow step of a report: who submitted, returned (why), accepted or reopened it."""

    report = models.ForeignKey(CampaignReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=10, choices=ReportAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    reason = models.TextField("原因", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "月报流转"
        verbose_name_plural = "月报流转"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.report}"
