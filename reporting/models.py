from django.db import models
from django.db.models import F, Q

from .choices import PeriodKind


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
