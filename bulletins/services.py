"""Writes for bulletins: build the draft from data, edit, issue, correct (each audited)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from audit.choices import AuditAction
from audit.services import audit_record, audit_update, snapshot
from campaigns.models import Plan
from notifications.services import Message, notify
from reporting.choices import PeriodKind
from reporting.models import Period

from . import selectors
from .choices import BulletinStatus
from .models import Bulletin

PROSE_FIELDS = ("overview", "campaigns_text", "reporting_text", "commendation", "requirements")
EDITABLE_FIELDS = ("title", "issuer", *PROSE_FIELDS, "commended")
ISSUED_IS_FROZEN = "已印发的通报不能修改；如需更正，请发布更正版本并说明原因。"


def _title(plan: Plan, period: Period, number: int) -> str:
    return f"“七大攻坚”工作通报（{period.start.year}年第{number}期）"


def _refuse_issued(bulletin: Bulletin) -> None:
    if bulletin.is_issued:
        raise ValidationError(ISSUED_IS_FROZEN)


@transaction.atomic
def bulletin_draft_build(
    *, actor, plan: Plan, period: Period, discard_edits: bool = False, today: date | None = None
) -> Bulletin:
    """Build or refresh the month's draft from the data; edited prose is kept unless discarded."""
    if period.kind != PeriodKind.MONTH:
        raise ValidationError({"period": "通报按月编制，请选择月份。"})
    draft = (
        Bulletin.objects.select_for_update()
        .filter(plan=plan, period=period, status=BulletinStatus.DRAFT)
        .first()
    )
    data = selectors.bulletin_figures(plan=plan, period=period, today=today)
    prose = selectors.bulletin_prose(data)
    now = timezone.now()
    if draft is None:
        latest = selectors.bulletin_versions(Bulletin(plan=plan, period=period)).first()
        number = latest.number if latest else selectors.bulletin_next_number(plan)
        draft = Bulletin(
            plan=plan,
            period=period,
            number=number,
            version=latest.version + 1 if latest else 1,
            title=_title(plan, period, number),
            data=data,
            built_at=now,
            **prose,
        )
        draft.full_clean()
        draft.save()
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=draft, summary="按数据生成通报草稿"
        )
        return draft
    before = snapshot(draft, ("data", *PROSE_FIELDS))
    draft.data = data
    draft.built_at = now
    if discard_edits or draft.edited_at is None:
        for name, text in prose.items():
            setattr(draft, name, text)
        draft.edited_at = None
    draft.full_clean()
    draft.save()
    audit_update(
        actor=actor,
        obj=draft,
        before=before,
        summary="重新生成通报草稿（放弃编辑）" if discard_edits else "按最新数据更新通报草稿",
    )
    return draft


def bulletin_drafts_build_scheduled(*, today: date) -> list[Bulletin]:
    """The scheduled draft: this month's bulletin for each plan of the year, keeping edits."""
    period = Period.objects.filter(kind=PeriodKind.MONTH, start__lte=today, end__gte=today).first()
    if period is None:
        return []
    return [
        bulletin_draft_build(actor=None, plan=plan, period=period, today=today)
        for plan in Plan.objects.filter(year=today.year).order_by("pk")
    ]


@transaction.atomic
def bulletin_update(*, actor, bulletin: Bulletin, **changes) -> Bulletin:
    """Edit a draft's title, prose parts and commended campaigns."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _refuse_issued(bulletin)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    campaign_ids = {c["id"] for c in bulletin.data.get("campaigns", [])}
    if "commended" in changes:
        commended = [int(pk) for pk in changes["commended"]]
        if not set(commended) <= campaign_ids:
            raise ValidationError({"commended": "表扬专班须是本期通报中的专班。"})
        changes["commended"] = sorted(commended)
    before = snapshot(bulletin, EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(bulletin, name, value)
    bulletin.edited_at = timezone.now()
    bulletin.full_clean()
    bulletin.save()
    audit_update(actor=actor, obj=bulletin, before=before, summary="编辑通报")
    return bulletin


def _readers() -> list:
    """Leaders and the task forces, told when a bulletin is issued."""
    return list(
        get_user_model()
        .objects.filter(memberships__role__in=[Role.LEADER, Role.CAMPAIGN], is_active=True)
        .distinct()
    )


@transaction.atomic
def bulletin_issue(*, actor, bulletin: Bulletin) -> Bulletin:
    """Issue a draft: it is frozen from now on, and leaders and task forces are notified."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _refuse_issued(bulletin)
    if not bulletin.overview.strip():
        raise ValidationError({"overview": "“一、总体进展”不能为空。"})
    bulletin.status = BulletinStatus.ISSUED
    bulletin.issued_at = timezone.now()
    bulletin.issued_by = actor
    bulletin.full_clean()
    bulletin.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=bulletin,
        changes={"status": [BulletinStatus.DRAFT.label, BulletinStatus.ISSUED.label]},
        summary="印发通报",
    )
    correction = f"（更正版，原因：{bulletin.correction_reason}）" if bulletin.version > 1 else ""
    link = reverse("bulletin-detail", args=[bulletin.pk])
    transaction.on_commit(
        lambda: notify(
            recipients=_readers(),
            message=Message(
                kind="general",
                object_key=f"bulletin:{bulletin.pk}",
                period_key=str(bulletin.period_id),
                title=f"{bulletin.title}已印发{correction}",
                body=f"{bulletin.period.label}攻坚通报已印发，请查阅。{correction}",
                link=link,
            ),
        )
    )
    return bulletin


@transaction.atomic
def bulletin_correct(*, actor, bulletin: Bulletin, reason: str) -> Bulletin:
    """Open a correction: a new draft version of an issued bulletin, with the reason."""
    bulletin = Bulletin.objects.get(pk=bulletin.pk)
    if not bulletin.is_issued:
        raise ValidationError("只能更正已印发的通报。")
    if not reason.strip():
        raise ValidationError({"correction_reason": "请填写更正原因。"})
    if Bulletin.objects.filter(
        plan=bulletin.plan_id, period=bulletin.period_id, status=BulletinStatus.DRAFT
    ).exists():
        raise ValidationError("本月已有待印发的草稿，请先处理该草稿。")
    latest = selectors.bulletin_versions(bulletin).first()
    draft = Bulletin(
        plan=bulletin.plan,
        period=bulletin.period,
        number=bulletin.number,
        version=latest.version + 1,
        title=bulletin.title,
        issuer=bulletin.issuer,
        data=bulletin.data,
        commended=bulletin.commended,
        built_at=bulletin.built_at,
        edited_at=timezone.now(),
        correction_reason=reason.strip(),
        **{name: getattr(bulletin, name) for name in PROSE_FIELDS},
    )
    draft.full_clean()
    draft.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=draft,
        summary=f"更正第{bulletin.version}版：{reason.strip()}"[:200],
    )
    return draft
