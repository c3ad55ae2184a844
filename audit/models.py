from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .choices import AuditAction, AuditSource


class AuditEntry(models.Model):
    """One attributable change: who, when, what (before/after) and from where. Never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name="操作人",
    )
    action = models.CharField("操作", max_length=12, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="对象类型")
    object_id = models.CharField("对象编号", max_length=40)
    object_repr = models.CharField("对象", max_length=200)
    summary = models.CharField("说明", max_length=200, blank=True)
    changes = models.JSONField("变更", default=list, blank=True)
    source = models.CharField("来源", max_length=10, choices=AuditSource.choices)
    request_path = models.CharField("请求", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"
