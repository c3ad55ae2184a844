from django.db import models
from django.db.models import Q

from campaigns.models import Region
from reporting.models import Period
from tasks.models import Target


class IndicatorValue(models.Model):
    """A target's figure for one period, city-wide (region empty) or for one region."""

    class Source(models.TextChoices):
        MANUAL = "manual", "手工填报"
        WORKBOOK = "workbook", "县市区报表"
        PROGRESS = "progress", "任务进展"
        DEMO = "demo", "演示数据"

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="indicator_values")
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="indicator_values"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="indicator_values")
    value = models.DecimalField("本期值", max_digits=20, decimal_places=4, null=True, blank=True)
    cumulative = models.DecimalField(
        "累计值", max_digits=20, decimal_places=4, null=True, blank=True
    )
    last_year = models.DecimalField(
        "上年同期", max_digits=20, decimal_places=4, null=True, blank=True
    )
    note = models.CharField("备注", max_length=500, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.MANUAL)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "指标值"
        verbose_name_plural = "指标值"
        ordering = ["target", "period__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "region", "period"],
                condition=Q(region__isnull=False),
                name="indicator_value_unique_per_region",
            ),
            models.UniqueConstraint(
                fields=["target", "period"],
                condition=Q(region__isnull=True),
                name="indicator_value_unique_city",
            ),
        ]
        indexes = [models.Index(fields=["period", "target"])]

    def __str__(self) -> str:
        return f"{self.target.name} {self.period}：{self.cumulative}"


class IndicatorRank(models.Model):
    """The city's rank among Hunan's 14 cities for one target in one period (全省排名)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="ranks")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="indicator_ranks")
    rank = models.PositiveSmallIntegerField("全省排名")
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "全省排名"
        verbose_name_plural = "全省排名"
        ordering = ["target", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="indicator_rank_unique"),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=14), name="indicator_rank_in_hunan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.name} {self.period} 第{self.rank}名"
