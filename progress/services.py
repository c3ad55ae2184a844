"""Writes for task progress: saving a unit's entry (with the version check), evidence files, and
updating the task's consolidated status and percent from the lead's or the task force's entry."""

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.selectors import Access
from audit.choices import AuditAction
from audit.services import audit_record, audit_update, diff, snapshot
from reporting.models import Period
from tasks.models import Task

from .models import Evidence, TargetValue, TaskProgress
from .selectors import REPORTING_PERIOD_KINDS, is_consolidated, reporting_unit

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_SIGNATURES = {
    ".pdf": b"%PDF",
    ".jpg": b"\xff\xd8",
    ".jpeg": b"\xff\xd8",
    ".png": b"\x89PNG",
    ".doc": b"\xd0\xcf\x11\xe0",
    ".xls": b"\xd0\xcf\x11\xe0",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
}
ALLOWED_EXTENSIONS_TEXT = "、".join(EVIDENCE_SIGNATURES)
AUDITED_FIELDS = ("status", "percent", "done", "problems", "next_steps")
VALUES_KEY = "指标完成值"  # a computed audit key: shown as it is, so it is written in Chinese


class ProgressConflict(Exception):
    """Someone saved the entry after the version the user edited; `current` is what they saved."""

    def __init__(self, current: TaskProgress) -> None:
        super().__init__("conflict")
        self.current = current

    @property
    def message(self) -> str:
        who = self.current.updated_by.get_full_name() or self.current.updated_by.username
        return (
            f"保存冲突：{who}已在您打开页面后保存了本期进展（第{self.current.version}版）。"
            "您填写的内容尚未保存，请对照已保存的内容修改后再次提交。"
        )


@dataclass(frozen=True)
class ValueInput:
    """A figure typed for one of the task's targets."""

    target_id: int
    actual: Decimal | None
    cumulative: Decimal | None


def evidence_check(upload: UploadedFile) -> str:
    """Refuse a file that is too large, of a disallowed type, or whose content is not its type;
    return its extension."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if upload.size > MAX_EVIDENCE_BYTES:  # checked before a byte is read
        raise ValidationError(f"文件“{name}”被拒绝：超过 10 MB。")
    if extension not in EVIDENCE_SIGNATURES:
        raise ValidationError(
            f"文件“{name}”被拒绝：不支持的文件类型，仅限 {ALLOWED_EXTENSIONS_TEXT}。"
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_SIGNATURES[extension]):
        raise ValidationError(f"文件“{name}”被拒绝：文件内容与扩展名 {extension} 不符。")
    return extension


def _evidence_store(*, actor, progress: TaskProgress, upload: UploadedFile, extension: str):
    evidence = Evidence(
        progress=progress,
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
        summary=f"上传佐证材料：{evidence.original_name}",
    )
    return evidence


def _values_repr(progress: TaskProgress) -> list[str]:
    return sorted(
        f"{v.target.name}：本期{v.actual if v.actual is not None else '—'}，"
        f"累计{v.cumulative if v.cumulative is not None else '—'}"
        for v in progress.values.select_related("target")
    )


def _values_write(*, progress: TaskProgress, task: Task, values: Sequence[ValueInput]) -> None:
    target_ids = set(task.targets.values_list("pk", flat=True))
    for value in values:
        if value.target_id not in target_ids:
            raise ValidationError({"values": f"指标（编号{value.target_id}）不属于该任务。"})
    for value in values:
        if value.actual is None and value.cumulative is None:  # cleared: no figure is kept
            TargetValue.objects.filter(progress=progress, target_id=value.target_id).delete()
            continue
        row, _ = TargetValue.objects.get_or_create(progress=progress, target_id=value.target_id)
        row.actual, row.cumulative = value.actual, value.cumulative
        row.full_clean()
        row.save()


def _task_consolidate(*, actor, task: Task, progress: TaskProgress) -> None:
    """Carry a consolidated entry's status and percent to the task, unless a later period's
    consolidated entry already set them."""
    leads = task.lead_departments.values("pk")
    later = TaskProgress.objects.filter(task=task, period__end__gt=progress.period.end).filter(
        Q(department__isnull=True) | Q(department_id__in=leads)
    )
    if later.exists():
        return
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = snapshot(task, ["status", "percent"])
    task.status, task.percent = progress.status, progress.percent
    task.full_clean()
    task.save(update_fields=["status", "percent", "updated_at"])
    audit_update(
        actor=actor, obj=task, before=before, summary=f"由{progress.period}填报进展汇总更新"
    )


@transaction.atomic
def progress_save(
    *,
    actor,
    access: Access,
    task: Task,
    period: Period,
    version: int,
    status: str,
    percent: int,
    done: str = "",
    problems: str = "",
    next_steps: str = "",
    values: Sequence[ValueInput] = (),
    files: Sequence[UploadedFile] = (),
) -> TaskProgress:
    """Create or update the user's unit's entry for a task and period.

    `version` is the version the user edited (0 for a new entry); a different saved version
    raises ProgressConflict and nothing is written. The lead department's or the task force's
    entry also updates the task's status and percent.
    """
    unit = reporting_unit(access, task)
    if unit is None:
        raise PermissionDenied("您无权填报该任务的进展。")
    if period.kind not in REPORTING_PERIOD_KINDS:
        raise ValidationError({"period": "只能按月或按旬填报进展。"})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "完成进度须在 0 到 100 之间。"})
    extensions, refused = [], []
    for upload in files:
        try:
            extensions.append(evidence_check(upload))
        except ValidationError as exc:
            refused.extend(exc.messages)
    if refused:
        raise ValidationError({"files": refused})
    progress = (
        TaskProgress.objects.select_for_update()
        .select_related("updated_by")
        .filter(task=task, period=period, department_id=unit.department_id)
        .first()
    )
    if progress is None and version != 0:
        raise ValidationError({"version": "版本号无效：该进展尚未填报，请以 0 提交。"})
    if progress is not None and progress.version != version:
        raise ProgressConflict(progress)
    creating = progress is None
    if creating:
        progress = TaskProgress(
            task=task, period=period, department_id=unit.department_id, version=0
        )
        before = {}
    else:
        before = snapshot(progress, AUDITED_FIELDS) | {VALUES_KEY: _values_repr(progress)}
    progress.status, progress.percent = status, percent
    progress.done, progress.problems, progress.next_steps = done, problems, next_steps
    progress.version += 1
    progress.updated_by = actor
    progress.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            progress.save()
    except IntegrityError:  # another first entry for the same unit won the race
        raise ProgressConflict(
            TaskProgress.objects.select_related("updated_by").get(
                task=task, period=period, department_id=unit.department_id
            )
        ) from None
    _values_write(progress=progress, task=task, values=values)
    after = snapshot(progress, AUDITED_FIELDS) | {VALUES_KEY: _values_repr(progress)}
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=progress,
        changes=diff(before, after),
        summary=f"{'填报' if creating else '更新'}{period}进展",
    )
    for upload, extension in zip(files, extensions, strict=True):
        _evidence_store(actor=actor, progress=progress, upload=upload, extension=extension)
    if is_consolidated(progress, task.lead_departments.values_list("pk", flat=True)):
        _task_consolidate(actor=actor, task=task, progress=progress)
    return progress


@transaction.atomic
def evidence_add(
    *, actor, access: Access, progress: TaskProgress, upload: UploadedFile
) -> Evidence:
    """Attach one checked evidence file to the user's unit's own entry."""
    unit = reporting_unit(access, progress.task)
    if unit is None or not unit.owns(progress):
        raise PermissionDenied("只能为本单位的进展上传佐证材料。")
    extension = evidence_check(upload)
    return _evidence_store(actor=actor, progress=progress, upload=upload, extension=extension)
