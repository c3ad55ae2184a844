"""Writes for the dashboard: the light rule's tolerances."""

from decimal import Decimal

from django.db import transaction

from accounts.permissions import require_coordinator
from audit.choices import AuditAction
from audit.services import audit_record, audit_update, snapshot

from .models import LightRule

RULE_FIELDS = ("rate_about", "rate_yellow", "progress_about", "progress_yellow")


@transaction.atomic
def light_rule_update(*, user, values: dict[str, Decimal]) -> LightRule:
    """总专班 (or an administrator) changes the light rule's tolerances."""
    require_coordinator(user, "只有总专班可以修改红黄绿灯规则。")
    rule = LightRule.objects.select_for_update().order_by("pk").first()
    created = rule is None
    rule = rule or LightRule()
    before = snapshot(rule, RULE_FIELDS)
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    rule.updated_by = user
    rule.full_clean()
    rule.save()
    if created:
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=rule,
            changes={
                name: [before[name], value] for name, value in snapshot(rule, RULE_FIELDS).items()
            },
            summary="设置红黄绿灯规则",
        )
    else:
        audit_update(actor=user, obj=rule, before=before, summary="修改红黄绿灯规则")
    return rule
