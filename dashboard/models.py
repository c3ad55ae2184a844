from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

_TOLERANCE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class LightRule(models.Model):
    """The 红黄绿灯 tolerances, one row for the whole platform, edited by 总专班."""

    rate_about = models.DecimalField(
        "增速类“左右”容差（百分点）",
        max_digits=6,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=_TOLERANCE,
        help_text="目标写“左右”时，实际值低于目标不超过该值仍为绿灯",
    )
    rate_yellow = models.DecimalField(
        "增速类黄灯区间（百分点）",
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=_TOLERANCE,
        help_text="未达绿灯但差距不超过该值为黄灯，否则红灯",
    )
    progress_about = models.DecimalField(
        "总量类“左右”容差（目标的百分比）",
        max_digits=6,
        decimal_places=2,
        default=Decimal("3"),
        validators=_TOLERANCE,
    )
    progress_yellow = models.DecimalField(
        "总量类黄灯区间（目标的百分比）",
        max_digits=6,
        decimal_places=2,
        default=Decimal("10"),
        validators=_TOLERANCE,
        help_text="完成率落后时序进度不超过该值为黄灯，否则红灯",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "红黄绿灯规则"
        verbose_name_plural = "红黄绿灯规则"

    def __str__(self) -> str:
        return "红黄绿灯规则"
