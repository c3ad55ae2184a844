from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from campaigns.models import Plan
from reporting.models import Period

from .choices import BulletinStatus

DEFAULT_ISSUER = "衡阳市“七大攻坚”总专班办公室"


class IssuedDocument(models.Model):
    """What a bulletin and a quarterly review share: versions, frozen figures, issue and correction."""

    NOUN = ""  # how the text names the document: 通报, 季度讲评
    PROSE_FIELDS: tuple[str, ...] = ()
    EDITABLE_FIELDS: tuple[str, ...] = ()

    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField(
        "状态", max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    title = models.CharField("标题", max_length=120)
    issuer = models.CharField("发文单位", max_length=100, default=DEFAULT_ISSUER)
    data = models.JSONField("数据", default=dict)
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
        abstract = True

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.title}{suffix}"

    @property
    def is_issued(self) -> bool:
        return self.status == BulletinStatus.ISSUED


class Bulletin(IssuedDocument):
    """One version of a month's 攻坚通报: figures frozen from the data, prose edited by 总专班."""

    NOUN = "通报"
    PROSE_FIELDS = ("overview", "campaigns_text", "reporting_text", "commendation", "requirements")
    EDITABLE_FIELDS = ("title", "issuer", *PROSE_FIELDS, "commended")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bulletins")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="bulletins")
    number = models.PositiveIntegerField("期号")
    overview = models.TextField("一、总体进展", blank=True)
    campaigns_text = models.TextField("二、各专班推进情况", blank=True)
    reporting_text = models.TextField("三、报送情况", blank=True)
    commendation = models.TextField("四、通报表扬和典型做法", blank=True)
    requirements = models.TextField("五、存在问题与下步要求", blank=True)
    commended = models.JSONField("表扬专班", default=list, blank=True)

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

    def get_absolute_url(self) -> str:
        return reverse("bulletin-detail", args=[self.pk])


class QuarterlyReview(IssuedDocument):
    """One version of a quarter's 季度讲评: the three months compared and scored, with 总专班's remarks."""

    NOUN = "季度讲评"
    PROSE_FIELDS = ("opinion", "requirements")
    EDITABLE_FIELDS = ("title", "issuer", *PROSE_FIELDS)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="quarterly_reviews")
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="quarterly_reviews", verbose_name="季度"
    )
    opinion = models.TextField("总专班讲评意见", blank=True)
    requirements = models.TextField("下季度工作要求", blank=True)

    class Meta:
        verbose_name = "季度讲评"
        verbose_name_plural = "季度讲评"
        ordering = ["-period__start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "version"], name="review_unique_version"
            ),
            models.UniqueConstraint(
                fields=["plan", "period"],
                condition=Q(status="draft"),
                name="review_one_draft_per_quarter",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("quarterly-detail", args=[self.pk])
