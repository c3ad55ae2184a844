"""Writes to the audit trail; every service that changes data calls audit_record."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from .choices import AuditAction
from .context import current_source
from .models import AuditEntry


def _plain(value):
    """A JSON-friendly form of a field value."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # a file field
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    """The current values of `fields` (many-to-many fields as sorted name lists)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
        else:
            values[name] = _plain(getattr(obj, name))
    return values


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _labelled(obj: models.Model, changes: dict) -> list[dict]:
    labelled = []
    for name, (before, after) in changes.items():
        try:
            label = str(obj._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a computed key has no field; show it as it is
            label = name
        labelled.append({"field": name, "label": label, "before": before, "after": after})
    return labelled


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    changes: dict | None = None,
    summary: str = "",
) -> AuditEntry:
    """Write one audit entry for a change to `obj` by `actor`, tagged with where it came from.

    `changes` is {field: [before, after]}; it is stored with each field's Chinese label.
    """
    source, path = current_source()
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        summary=summary[:200],
        changes=_labelled(obj, changes or {}),
        source=source,
        request_path=path,
    )


def audit_update(*, actor, obj: models.Model, before: dict, summary: str = "") -> AuditEntry | None:
    """Record an update when something in `before`'s fields changed; nothing otherwise."""
    changes = diff(before, snapshot(obj, before.keys()))
    if not changes:
        return None
    return audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=obj, changes=changes, summary=summary
    )
