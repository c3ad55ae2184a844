"""Writes for 旬调度 and 督办单: every change checked, audited and, where it concerns someone, notified."""

import os
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import require_coordinator
from accounts.selectors import access_for
from audit.choices import AuditAction
from audit.services import audit_record, audit_update, diff, snapshot
from campaigns.models import Department
from notifications.choices import NotificationKind
from notifications.services import Message, notify
from progress.services import evidence_check
from reporting.choices import PeriodKind
from reporting.models import Period
from tasks.models import Target, Task

from . import selectors
from .choices import (
    ExtensionStatus,
    FollowUpStatus,
    NoticeEventKind,
    NoticeLevel,
    NoticeStatus,
)
from .models import DispatchSheet, ExtensionRequest, FollowUp, Notice, NoticeEvent, NoticeEvidence

MEETING_FIELDS = ("meeting_date", "chair", "attendees", "discussion")
NUMBERING_LOCK = 90_210  # advisory lock key for notice numbers


def _notify(*, recipients: Iterable, notice: Notice, key: str, title: str, body: str) -> None:
    notify(
        recipients=recipients,
        message=Message(
            kind=NotificationKind.GENERAL,
            object_key=f"notice:{notice.pk}",
            period_key=key,
            title=title,
            body=body,
            link=reverse("dispatch-notice-detail", args=[notice.pk]),
        ),
    )


# --- dispatch sheets and follow-ups -----------------------------------------------------------


@transaction.atomic
def sheet_create(*, actor, period: Period) -> DispatchSheet:
    """Open the dispatch sheet of a 旬 (总专班)."""
    require_coordinator(actor, "只有总专班可以生成旬调度单。")
    if period.kind != PeriodKind.TEN_DAY:
        raise ValidationError({"period": "请选择一个旬。"})
    if DispatchSheet.objects.filter(period=period).exists():
        raise ValidationError({"period": f"{period.label}的调度单已存在。"})
    sheet = DispatchSheet(period=period, created_by=actor)
    sheet.full_clean()
    sheet.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=sheet, summary="生成旬调度单")
    return sheet


@transaction.atomic
def sheet_update(
    *,
    actor,
    sheet: DispatchSheet,
    meeting_date: date | None,
    chair: str,
    attendees: str,
    discussion: str,
) -> DispatchSheet:
    """Record the dispatch meeting: date, chair, attendees, items discussed (总专班)."""
    require_coordinator(actor, "只有总专班可以填写调度会议记录。")
    sheet = DispatchSheet.objects.select_for_update().get(pk=sheet.pk)
    before = snapshot(sheet, MEETING_FIELDS)
    sheet.meeting_date, sheet.chair = meeting_date, chair
    sheet.attendees, sheet.discussion = attendees, discussion
    sheet.full_clean()
    sheet.save()
    audit_update(actor=actor, obj=sheet, before=before, summary="填写调度会议记录")
    return sheet


@transaction.atomic
def follow_up_create(
    *, actor, sheet: DispatchSheet, decision: str, department: Department, deadline: date
) -> FollowUp:
    """Record a meeting decision as a follow-up item of a responsible unit, and tell that unit."""
    require_coordinator(actor, "只有总专班可以登记会议议定事项。")
    item = FollowUp(
        sheet=sheet, decision=decision, department=department, deadline=deadline, created_by=actor
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=item,
        changes={"department": [None, department.name], "deadline": [None, deadline.isoformat()]},
        summary="登记会议议定事项",
    )
    notify(
        recipients=selectors.department_staff(department.pk),
        message=Message(
            kind=NotificationKind.GENERAL,
            object_key=f"follow-up:{item.pk}",
            period_key="created",
            title=f"调度会议议定事项：请于{deadline:%m月%d日}前办结",
            body=f"{sheet.period.label}调度会议议定：{decision}",
            link=reverse("dispatch-todo"),
        ),
    )
    return item


@transaction.atomic
def follow_up_close(*, actor, item: FollowUp, result: str) -> FollowUp:
    """Close a follow-up item with how it was done (总专班 or the responsible unit)."""
    item = FollowUp.objects.select_for_update().get(pk=item.pk)
    if item.status != FollowUpStatus.OPEN:
        raise ValidationError("该议定事项已办结。")
    if not selectors.follow_up_may_close(access_for(actor), item):
        raise PermissionDenied("您无权办结该议定事项。")
    if not result.strip():
        raise ValidationError({"result": "请填写办理情况。"})
    before = {**snapshot(item, ["result", "closed_at"]), "status": item.get_status_display()}
    item.status, item.result, item.closed_at = FollowUpStatus.CLOSED, result, timezone.now()
    item.full_clean()
    item.save()
    after = {**snapshot(item, ["result", "closed_at"]), "status": item.get_status_display()}
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=item,
        changes=diff(before, after),
        summary="议定事项办结",
    )
    return item


# --- notices ----------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    """The next 督〔year〕N号; numbering is serialized so two issuers never take the same N."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NUMBERING_LOCK])
    prefix = f"督〔{year}〕"
    return f"{prefix}{Notice.objects.filter(number__startswith=prefix).count() + 1}号"


@transaction.atomic
def notice_issue(
    *,
    actor,
    task: Task | None = None,
    target: Target | None = None,
    departments: Iterable[Department],
    title: str,
    requirement: str,
    level: str,
    deadline: date,
) -> list[Notice]:
    """Issue a notice about a task/list item or an indicator: one notice per unit (交办)."""
    require_coordinator(actor, "只有总专班可以下发督办单。")
    departments = list(departments)
    if (task is None) == (target is None):
        raise ValidationError({"subject": "请选择一个督办对象（任务、清单事项或指标）。"})
    if not departments:
        raise ValidationError({"departments": "请至少选择一个责任单位。"})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": "办理时限不能早于今天。"})
    campaign_id = selectors.notice_subject_campaign_id(task=task, target=target)
    year = timezone.localdate().year
    issued = []
    for department in departments:
        notice = Notice(
            number=_next_number(year),
            title=title,
            requirement=requirement,
            task=task,
            target=target,
            campaign_id=campaign_id,
            department=department,
            level=level,
            deadline=deadline,
            issued_by=actor,
        )
        notice.full_clean()
        notice.save()
        NoticeEvent.objects.create(notice=notice, kind=NoticeEventKind.ISSUE, actor=actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=notice,
            changes={
                "department": [None, department.name],
                "level": [None, notice.get_level_display()],
                "deadline": [None, deadline.isoformat()],
            },
            summary="交办督办单",
        )
        _notify(
            recipients=selectors.department_staff(department.pk),
            notice=notice,
            key="issued",
            title=f"督办单{notice.number}（{notice.get_level_display()}）：{title}",
            body=f"请于{deadline:%Y年%m月%d日}前办理并反馈。督办要求：{requirement}",
        )
        issued.append(notice)
    return issued


def _locked(notice: Notice) -> Notice:
    return Notice.objects.select_for_update().select_related("department").get(pk=notice.pk)


def _step(*, actor, notice: Notice, action: str) -> Notice:
    """Lock the notice and check the actor's role, then its state, for `action`."""
    notice = _locked(notice)
    label = selectors.ACTION_LABELS[action]
    if not selectors.notice_may(access_for(actor), notice, action):
        raise PermissionDenied(f"您无权{label}该督办单。")
    if not selectors.notice_state_allows(notice, action):
        raise ValidationError(f"督办单当前状态为“{notice.get_status_display()}”，不能{label}。")
    return notice


def _readable(notice: Notice, fields: Iterable[str]) -> dict:
    """A snapshot with status and level as their Chinese labels, for the audit trail."""
    values = snapshot(notice, fields)
    for name in ("status", "level"):
        if name in values:
            values[name] = getattr(notice, f"get_{name}_display")()
    return values


def _audit_change(*, actor, notice: Notice, before: dict, summary: str) -> None:
    changes = diff(before, _readable(notice, before.keys()))
    audit_record(
        actor=actor, action=AuditAction.TRANSITION, obj=notice, changes=changes, summary=summary
    )


def _transition(
    *, actor, notice: Notice, status: str, kind: str, text: str = "", **fields
) -> NoticeEvent:
    before = _readable(notice, ["status", *fields])
    notice.status = status
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.full_clean()
    notice.save()
    event = NoticeEvent.objects.create(notice=notice, kind=kind, actor=actor, text=text)
    label = NoticeEventKind(kind).label
    _audit_change(
        actor=actor, notice=notice, before=before, summary=f"{label}：{text}" if text else label
    )
    return event


@transaction.atomic
def notice_sign(*, actor, notice: Notice) -> Notice:
    """The unit signs for the notice (签收)."""
    notice = _step(actor=actor, notice=notice, action=selectors.SIGN)
    _transition(
        actor=actor,
        notice=notice,
        status=NoticeStatus.SIGNED,
        kind=NoticeEventKind.SIGN,
        signed_at=timezone.now(),
    )
    return notice


@transaction.atomic
def notice_reply(
    *, actor, notice: Notice, reply: str, files: Iterable[UploadedFile] = ()
) -> Notice:
    """The unit replies with what it did and its evidence (反馈); 总专班 is told."""
    notice = _step(actor=actor, notice=notice, action=selectors.REPLY)
    if not reply.strip():
        raise ValidationError({"reply": "请填写反馈内容。"})
    checked = [(upload, evidence_check(upload)) for upload in files]
    event = _transition(
        actor=actor,
        notice=notice,
        status=NoticeStatus.REPLIED,
        kind=NoticeEventKind.REPLY,
        text=reply,
        reply=reply,
        replied_at=timezone.now(),
    )
    for upload, extension in checked:
        evidence = NoticeEvidence(
            event=event,
            original_name=os.path.basename(upload.name)[:255],
            size=upload.size,
            uploaded_by=actor,
        )
        # Stored under a random name: the user's file name never becomes a path on disk.
        evidence.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
        evidence.full_clean()
        evidence.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=evidence,
            summary=f"上传督办佐证材料：{evidence.original_name}",
        )
    _notify(
        recipients=selectors.office_staff(),
        notice=notice,
        key=f"replied:{event.pk}",
        title=f"督办单{notice.number}已反馈，待审核",
        body=f"{notice.department.name}反馈：{reply}",
    )
    return notice


@transaction.atomic
def notice_return(*, actor, notice: Notice, reason: str) -> Notice:
    """总专班 sends the reply back for more work (退回), with a reason."""
    notice = _step(actor=actor, notice=notice, action=selectors.RETURN)
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回原因。"})
    event = _transition(
        actor=actor,
        notice=notice,
        status=NoticeStatus.RETURNED,
        kind=NoticeEventKind.RETURN,
        text=reason,
        return_reason=reason,
    )
    _notify(
        recipients=selectors.department_staff(notice.department_id),
        notice=notice,
        key=f"returned:{event.pk}",
        title=f"督办单{notice.number}的反馈被退回",
        body=f"退回原因：{reason}。请补充后重新反馈。",
    )
    return notice


@transaction.atomic
def notice_close(*, actor, notice: Notice, note: str = "") -> Notice:
    """总专班 accepts the reply and closes the notice (办结)."""
    notice = _step(actor=actor, notice=notice, action=selectors.CLOSE)
    _transition(
        actor=actor,
        notice=notice,
        status=NoticeStatus.CLOSED,
        kind=NoticeEventKind.CLOSE,
        text=note,
        closed_at=timezone.now(),
    )
    _notify(
        recipients=selectors.department_staff(notice.department_id),
        notice=notice,
        key="closed",
        title=f"督办单{notice.number}已办结",
        body=note or "总专班已审核通过。",
    )
    return notice


@transaction.atomic
def notice_urge(*, actor, notice: Notice, message: str) -> NoticeEvent:
    """总专班 urges the unit (催办) with a message, at any time before closure."""
    notice = _step(actor=actor, notice=notice, action=selectors.URGE)
    if not message.strip():
        raise ValidationError({"message": "请填写催办内容。"})
    event = NoticeEvent.objects.create(
        notice=notice, kind=NoticeEventKind.URGE, actor=actor, text=message
    )
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=notice, summary=f"催办：{message}")
    _notify(
        recipients=selectors.department_staff(notice.department_id),
        notice=notice,
        key=f"urged:{event.pk}",
        title=f"催办：督办单{notice.number}（时限{notice.deadline:%m月%d日}）",
        body=message,
    )
    return event


@transaction.atomic
def extension_request(
    *, actor, notice: Notice, requested_deadline: date, reason: str
) -> ExtensionRequest:
    """The unit asks to move the deadline (延期申请); 总专班 is told."""
    notice = _step(actor=actor, notice=notice, action=selectors.EXTEND)
    if requested_deadline <= notice.deadline:
        raise ValidationError(
            {"requested_deadline": f"申请延期至的日期须晚于当前时限{notice.deadline:%Y-%m-%d}。"}
        )
    if not reason.strip():
        raise ValidationError({"reason": "请填写延期理由。"})
    request = ExtensionRequest(
        notice=notice, requested_deadline=requested_deadline, reason=reason, requested_by=actor
    )
    request.full_clean()
    request.save()
    NoticeEvent.objects.create(
        notice=notice,
        kind=NoticeEventKind.EXTENSION_REQUEST,
        actor=actor,
        text=f"申请延期至{requested_deadline:%Y-%m-%d}：{reason}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=request,
        changes={"requested_deadline": [None, requested_deadline.isoformat()]},
        summary="延期申请",
    )
    _notify(
        recipients=selectors.office_staff(),
        notice=notice,
        key=f"extension:{request.pk}",
        title=f"督办单{notice.number}申请延期至{requested_deadline:%m月%d日}",
        body=f"{notice.department.name}：{reason}",
    )
    return request


@transaction.atomic
def extension_decide(*, actor, notice: Notice, approve: bool, note: str = "") -> ExtensionRequest:
    """总专班 approves (the deadline moves) or refuses the pending extension request."""
    notice = _step(actor=actor, notice=notice, action=selectors.DECIDE)
    request = ExtensionRequest.objects.select_for_update().get(
        notice=notice, status=ExtensionStatus.PENDING
    )
    if not approve and not note.strip():
        raise ValidationError({"note": "不同意延期时请填写审批意见。"})
    before = {"status": request.get_status_display(), "decision_note": request.decision_note}
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decision_note, request.decided_by, request.decided_at = note, actor, timezone.now()
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=request,
        changes=diff(
            before,
            {"status": request.get_status_display(), "decision_note": request.decision_note},
        ),
        summary="审批延期申请",
    )
    kind = NoticeEventKind.EXTENSION_APPROVE if approve else NoticeEventKind.EXTENSION_REFUSE
    text = f"延期至{request.requested_deadline:%Y-%m-%d}" + (f"：{note}" if note else "")
    if approve:
        before = snapshot(notice, ["deadline"])
        notice.deadline = request.requested_deadline
        notice.full_clean()
        notice.save()
        audit_update(actor=actor, obj=notice, before=before, summary="同意延期")
    NoticeEvent.objects.create(notice=notice, kind=kind, actor=actor, text=text)
    _notify(
        recipients=selectors.department_staff(notice.department_id),
        notice=notice,
        key=f"extension-decided:{request.pk}",
        title=f"督办单{notice.number}延期申请{request.get_status_display()}",
        body=text,
    )
    return request


@transaction.atomic
def notice_escalate(*, notice: Notice, today: date) -> bool:
    """Raise one overdue notice a level and tell the campaign's leaders and 总专班 (idempotent)."""
    notice = _locked(notice)
    if not selectors.escalation_due(notice, today):
        return False
    before = _readable(notice, ["level", "escalated_on"])
    notice.level, notice.escalated_on = selectors.level_above(notice.level), today
    notice.full_clean()
    notice.save()
    level = NoticeLevel(notice.level).label
    text = f"逾期未办结（时限{notice.deadline:%Y-%m-%d}），升级为{level}督办"
    NoticeEvent.objects.create(notice=notice, kind=NoticeEventKind.ESCALATE, text=text)
    _audit_change(actor=None, notice=notice, before=before, summary="逾期升级")
    recipients = {
        user.pk: user
        for user in [
            *selectors.campaign_leaders(notice.campaign_id),
            *selectors.office_staff(),
            *selectors.department_staff(notice.department_id),
        ]
    }
    _notify(
        recipients=recipients.values(),
        notice=notice,
        key=f"escalated:{today:%Y-%m-%d}",
        title=f"督办单{notice.number}逾期升级为{level}督办",
        body=f"{notice.department.name}：{notice.title}。{text}。",
    )
    return True


def notices_escalate(*, today: date) -> int:
    """Apply the escalation rule to every open overdue notice; how many went up a level."""
    return sum(
        notice_escalate(notice=notice, today=today)
        for notice in selectors.notices_to_escalate(today)
    )


SUGGESTED_DEADLINE_DAYS = 10


def notice_issue_suggested(*, actor, kind: str, subject_id: int) -> list[Notice]:
    """Issue the notice the platform suggests for a task or indicator, in one click."""
    require_coordinator(actor, "只有总专班可以下发督办单。")
    suggestion = next(
        (
            s
            for s in selectors.notice_suggestions()
            if s.kind == kind and s.subject_id == subject_id
        ),
        None,
    )
    if suggestion is None:
        raise ValidationError("该事项已不在建议督办清单中（可能已督办或已办结）。")
    if not suggestion.department_ids:
        raise ValidationError("该事项没有牵头单位，请通过“下发督办单”手动选择责任单位。")
    subject = {"task": Task, "target": Target}[kind].objects.get(pk=subject_id)
    return notice_issue(
        actor=actor,
        task=subject if kind == "task" else None,
        target=subject if kind == "target" else None,
        departments=Department.objects.filter(pk__in=suggestion.department_ids).order_by("pk"),
        title=f"关于{suggestion.title}的督办",
        requirement=f"{suggestion.title}{suggestion.reason}，请加快推进，按时限办结并反馈。",
        level=suggestion.level,
        deadline=timezone.localdate() + timedelta(days=SUGGESTED_DEADLINE_DAYS),
    )
