from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Plan
from reporting.models import Period

from .choices import BulletinStatus

DEFAULT_ISSUER = "衡阳市“七大攻坚”总专班办公室"


class Bulletin(models.Model):
    """One version of a month's 攻坚通报: figures frozen from the data, prose edited by 总专班."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bulletins")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="bulletins")
    number = models.PositiveIntegerField("期号")
    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField(
        "状态", max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    title = models.CharField("标题", max_length=120)
    issuer = models.CharField("发文单位", max_length=100, default=DEFAULT_ISSUER)
    data = models.JSONField("数据", default=dict)
    overview = models.TextField("一、总体进展", blank=True)
    campaigns_text = models.TextField("二、各专班推进情况", blank=True)
    reporting_text = models.TextField("三、报送情况", blank=True)
    commendation = models.TextField("四、通报表扬和典型做法", blank=True)
    requirements = models.TextField("五、存在问题与下步要求", blank=True)
    commended = models.JSONField("表扬专班", default=list, blank=True)
    edited_at = models.DateTimeField("最近编辑时间", null=True, blank=True)
    built_at = models.DateTimeField("数据生成时间", null=True, blank=True)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="印发人",
    )
    correction_reason = models.TextField("更正原因", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "月通报"
        verbose_name_plural = "月通报"
        ordering = ["-period__start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "version"], name="bulletin_unique_version"
            ),
            models.UniqueConstraint(
                fields=["plan", "period"],
                condition=Q(status="draft"),
                name="bulletin_one_draft_per_month",
            ),
        ]

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.title}{suffix}"

    @property
    def is_issued(self) -> bool:
        return self.status == BulletinStatus.ISSUED
