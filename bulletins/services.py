"""Writes for bulletins and quarterly reviews: build the draft from data, edit, issue, correct
(each audited). Both documents share one draft/issue/correct life cycle."""

from collections.abc import Callable
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from audit.choices import AuditAction
from audit.services import audit_record, audit_update, snapshot
from campaigns.models import Plan
from notifications.choices import NotificationKind
from notifications.services import Message, notify
from reporting.choices import PeriodKind
from reporting.models import Period

from . import selectors
from .choices import BulletinStatus
from .models import Bulletin, IssuedDocument, QuarterlyReview

# Fields a correction starts afresh instead of copying from the issued version.
NOT_CARRIED = frozenset(
    {"id", "version", "status", "issued_at", "issued_by", "edited_at", "correction_reason"}
)


def frozen_message(model: type[IssuedDocument]) -> str:
    """What an attempt to change an issued version is told."""
    return f"已印发的{model.NOUN}不能修改；如需更正，请发布更正版本并说明原因。"


ISSUED_IS_FROZEN = frozen_message(Bulletin)


def _refuse_issued(document: IssuedDocument) -> None:
    if document.is_issued:
        raise ValidationError(frozen_message(type(document)))


def _draft_build(
    *,
    actor,
    model: type[IssuedDocument],
    plan: Plan,
    period: Period,
    data: dict,
    prose: dict[str, str],
    discard_edits: bool,
    first_fields: Callable[[IssuedDocument | None], dict],
) -> IssuedDocument:
    """Create the period's draft from `data`, or refresh it, keeping edited prose unless discarded.

    `first_fields(latest)` gives what a new draft also needs (title, 期号) from the latest version.
    """
    draft = (
        model.objects.select_for_update()
        .filter(plan=plan, period=period, status=BulletinStatus.DRAFT)
        .first()
    )
    now = timezone.now()
    if draft is None:
        latest = selectors.document_versions(model(plan=plan, period=period)).first()
        draft = model(
            plan=plan,
            period=period,
            version=latest.version + 1 if latest else 1,
            data=data,
            built_at=now,
            **prose,
            **first_fields(latest),
        )
        draft.full_clean()
        draft.save()
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=draft, summary=f"按数据生成{model.NOUN}草稿"
        )
        return draft
    before = snapshot(draft, ("data", *model.PROSE_FIELDS))
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
        summary=(
            f"重新生成{model.NOUN}草稿（放弃编辑）"
            if discard_edits
            else f"按最新数据更新{model.NOUN}草稿"
        ),
    )
    return draft


def _document_update(
    *,
    actor,
    document: IssuedDocument,
    changes: dict,
    clean: Callable[[IssuedDocument, dict], dict] | None = None,
) -> IssuedDocument:
    """Edit a draft's editable fields; `clean` checks and normalises the changes first."""
    model = type(document)
    document = model.objects.select_for_update().get(pk=document.pk)
    _refuse_issued(document)
    unknown = set(changes) - set(model.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if clean is not None:
        changes = clean(document, changes)
    before = snapshot(document, model.EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(document, name, value)
    document.edited_at = timezone.now()
    document.full_clean()
    document.save()
    audit_update(actor=actor, obj=document, before=before, summary=f"编辑{model.NOUN}")
    return document


def _readers() -> list:
    """Leaders and the task forces, told when a bulletin or review is issued."""
    return list(
        get_user_model()
        .objects.filter(memberships__role__in=[Role.LEADER, Role.CAMPAIGN], is_active=True)
        .distinct()
    )


def _document_issue(*, actor, document: IssuedDocument) -> IssuedDocument:
    """Issue a draft: frozen from now on; leaders and task forces are notified after commit."""
    model = type(document)
    document = model.objects.select_for_update().select_related("period").get(pk=document.pk)
    _refuse_issued(document)
    required = model.PROSE_FIELDS[0]
    if not getattr(document, required).strip():
        label = model._meta.get_field(required).verbose_name
        raise ValidationError({required: f"“{label}”不能为空。"})
    document.status = BulletinStatus.ISSUED
    document.issued_at = timezone.now()
    document.issued_by = actor
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=document,
        changes={"status": [BulletinStatus.DRAFT.label, BulletinStatus.ISSUED.label]},
        summary=f"印发{model.NOUN}",
    )
    correction = f"（更正版，原因：{document.correction_reason}）" if document.version > 1 else ""
    message = Message(
        kind=NotificationKind.GENERAL,
        object_key=f"{model._meta.model_name}:{document.pk}",
        period_key=str(document.period_id),
        title=f"{document.title}已印发{correction}",
        body=f"{document.period.label}“七大攻坚”{model.NOUN}已印发，请查阅。{correction}",
        link=document.get_absolute_url(),
    )
    transaction.on_commit(lambda: notify(recipients=_readers(), message=message))
    return document


def _document_correct(*, actor, document: IssuedDocument, reason: str) -> IssuedDocument:
    """Open a correction: a new draft version of an issued document, with the reason."""
    model = type(document)
    document = model.objects.get(pk=document.pk)
    if not document.is_issued:
        raise ValidationError(f"只能更正已印发的{model.NOUN}。")
    if not reason.strip():
        raise ValidationError({"correction_reason": "请填写更正原因。"})
    if model.objects.filter(
        plan=document.plan_id, period=document.period_id, status=BulletinStatus.DRAFT
    ).exists():
        raise ValidationError(f"{document.period.label}已有待印发的草稿，请先处理该草稿。")
    latest = selectors.document_versions(document).first()
    draft = model(
        **{
            field.attname: getattr(document, field.attname)
            for field in model._meta.concrete_fields
            if field.name not in NOT_CARRIED
        },
        version=latest.version + 1,
        edited_at=timezone.now(),
        correction_reason=reason.strip(),
    )
    draft.full_clean()
    draft.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=draft,
        summary=f"更正第{document.version}版：{reason.strip()}"[:200],
    )
    return draft


# --- 月通报 -----------------------------------------------------------------------------------


def _bulletin_title(period: Period, number: int) -> str:
    return f"“七大攻坚”工作通报（{period.start.year}年第{number}期）"


@transaction.atomic
def bulletin_draft_build(
    *, actor, plan: Plan, period: Period, discard_edits: bool = False, today: date | None = None
) -> Bulletin:
    """Build or refresh the month's draft from the data; edited prose is kept unless discarded."""
    if period.kind != PeriodKind.MONTH:
        raise ValidationError({"period": "通报按月编制，请选择月份。"})
    data = selectors.bulletin_figures(plan=plan, period=period, today=today)

    def first_fields(latest: Bulletin | None) -> dict:
        number = latest.number if latest else selectors.bulletin_next_number(plan)
        return {"number": number, "title": _bulletin_title(period, number)}

    return _draft_build(
        actor=actor,
        model=Bulletin,
        plan=plan,
        period=period,
        data=data,
        prose=selectors.bulletin_prose(data),
        discard_edits=discard_edits,
        first_fields=first_fields,
    )


def bulletin_drafts_build_scheduled(*, today: date) -> list[Bulletin]:
    """The scheduled draft: this month's bulletin for each plan of the year, keeping edits."""
    period = Period.objects.filter(kind=PeriodKind.MONTH, start__lte=today, end__gte=today).first()
    if period is None:
        return []
    return [
        bulletin_draft_build(actor=None, plan=plan, period=period, today=today)
        for plan in Plan.objects.filter(year=today.year).order_by("pk")
    ]


def _commended_in_bulletin(bulletin: IssuedDocument, changes: dict) -> dict:
    if "commended" in changes:
        campaign_ids = {c["id"] for c in bulletin.data.get("campaigns", [])}
        commended = [int(pk) for pk in changes["commended"]]
        if not set(commended) <= campaign_ids:
            raise ValidationError({"commended": "表扬专班须是本期通报中的专班。"})
        changes["commended"] = sorted(commended)
    return changes


@transaction.atomic
def bulletin_update(*, actor, bulletin: Bulletin, **changes) -> Bulletin:
    """Edit a draft's title, prose parts and commended campaigns."""
    return _document_update(
        actor=actor, document=bulletin, changes=changes, clean=_commended_in_bulletin
    )


@transaction.atomic
def bulletin_issue(*, actor, bulletin: Bulletin) -> Bulletin:
    """Issue a draft: it is frozen from now on, and leaders and task forces are notified."""
    return _document_issue(actor=actor, document=bulletin)


@transaction.atomic
def bulletin_correct(*, actor, bulletin: Bulletin, reason: str) -> Bulletin:
    """Open a correction: a new draft version of an issued bulletin, with the reason."""
    return _document_correct(actor=actor, document=bulletin, reason=reason)


# --- 季度讲评 ---------------------------------------------------------------------------------


def _review_title(period: Period) -> str:
    return f"“七大攻坚”{period.label}工作讲评"


@transaction.atomic
def review_draft_build(
    *, actor, plan: Plan, period: Period, discard_edits: bool = False, today: date | None = None
) -> QuarterlyReview:
    """Build or refresh the quarter's review draft from the data; edited remarks are kept unless
    discarded."""
    if period.kind != PeriodKind.QUARTER:
        raise ValidationError({"period": "季度讲评按季度编制，请选择季度。"})
    if period.start.year != plan.year:
        raise ValidationError({"period": f"请选择{plan.year}年的季度。"})
    if len(selectors.quarter_months(period)) != 3:
        raise ValidationError({"period": f"{period.label}的月份尚未建立，无法编制讲评。"})
    data = selectors.review_figures(plan=plan, period=period, today=today)
    return _draft_build(
        actor=actor,
        model=QuarterlyReview,
        plan=plan,
        period=period,
        data=data,
        prose=selectors.review_prose(data),
        discard_edits=discard_edits,
        first_fields=lambda latest: {"title": latest.title if latest else _review_title(period)},
    )


def review_drafts_build_scheduled(*, today: date) -> list[QuarterlyReview]:
    """The scheduled draft: the review of the quarter that ended last, for each plan of its year."""
    quarter = Period.objects.filter(kind=PeriodKind.QUARTER, end__lt=today).order_by("-end").first()
    if quarter is None:
        return []
    return [
        review_draft_build(actor=None, plan=plan, period=quarter, today=today)
        for plan in Plan.objects.filter(year=quarter.start.year).order_by("pk")
    ]


@transaction.atomic
def review_update(*, actor, review: QuarterlyReview, **changes) -> QuarterlyReview:
    """Edit a review draft's title, issuer, remarks and next-quarter requirements."""
    return _document_update(actor=actor, document=review, changes=changes)


@transaction.atomic
def review_issue(*, actor, review: QuarterlyReview) -> QuarterlyReview:
    """Issue a review draft: frozen from now on; leaders and task forces are notified."""
    return _document_issue(actor=actor, document=review)


@transaction.atomic
def review_correct(*, actor, review: QuarterlyReview, reason: str) -> QuarterlyReview:
    """Open a correction: a new draft version of an issued review, with the reason."""
    return _document_correct(actor=actor, document=review, reason=reason)
