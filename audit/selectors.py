"""Reads of the audit trail."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """Every audit entry of one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("actor")
