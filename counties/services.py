"""Writes for the counties area: breakdowns, workbook uploads and their processing, acceptance."""

import hashlib
import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from accounts.permissions import require_coordinator
from accounts.selectors import access_for
from audit.choices import AuditAction
from audit.services import audit_record, audit_update, snapshot
from campaigns.models import Region
from core.db import RowCopier
from indicators.models import IndicatorValue
from projects.models import ProjectUpdate
from projects.services import UPDATE_FIELDS as PROJECT_FIELDS
from reporting.choices import PeriodKind
from reporting.models import Period
from tasks.models import RegionalTarget, Target

from . import layout, selectors
from .choices import FINISHED_STATUSES, RegionPeriodStatus, SubmissionStatus
from .models import RegionPeriod, RegionTaskProgress, WorkbookSubmission
from .reader import CodeBook, WorkbookReader, error_message
from .safety import check_upload
from .workbook import annotate_workbook

logger = logging.getLogger(__name__)
BATCH = 5000
REGIONAL_FIELDS = ("value", "unit", "qualifier")


@transaction.atomic
def regional_target_set(
    *, target: Target, region: Region, value: Decimal, unit: str, qualifier: str, user
) -> RegionalTarget:
    """总专班 sets a region's share of a target (目标分解), creating or changing it."""
    require_coordinator(user, "只有总专班可以分解目标。")
    share = RegionalTarget.objects.select_for_update().filter(target=target, region=region).first()
    created = share is None
    share = share or RegionalTarget(target=target, region=region)
    before = snapshot(share, REGIONAL_FIELDS) if not created else {}
    share.value, share.unit, share.qualifier = value, unit or target.unit, qualifier
    share.full_clean()
    share.save()
    if created:
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=share,
            changes={name: [None, v] for name, v in snapshot(share, REGIONAL_FIELDS).items()},
            summary=f"分解目标：{region.name}",
        )
    else:
        audit_update(actor=user, obj=share, before=before, summary=f"修改分解目标：{region.name}")
    return share


@transaction.atomic
def regional_target_delete(*, share: RegionalTarget, user) -> None:
    """总专班 removes a region's share of a target."""
    require_coordinator(user, "只有总专班可以分解目标。")
    audit_record(
        actor=user,
        action=AuditAction.DELETE,
        obj=share,
        changes={name: [v, None] for name, v in snapshot(share, REGIONAL_FIELDS).items()},
        summary=f"删除分解目标：{share.region.name}",
    )
    share.delete()


def _month(period: Period) -> None:
    if period.kind != PeriodKind.MONTH:
        raise ValidationError({"period": "县市区报表按月报送，请选择月份。"})


def _locked_message(region: Region, period: Period) -> str:
    return f"{region.name}{period.label}的报表已被总专班采纳并锁定，如需修改请联系总专班退回。"


@transaction.atomic
def submission_create(*, region: Region, period: Period, upload, user) -> WorkbookSubmission:
    """Store an uploaded workbook after the hostile-file checks and queue its processing."""
    access = access_for(user)
    if access.is_read_only or not selectors.region_may_submit(access, region.pk):
        raise PermissionDenied("您无权为该县市区上传报表。")
    _month(period)
    entry = RegionPeriod.objects.filter(region=region, period=period).first()
    if entry is not None and entry.is_locked:
        raise ValidationError({"file": _locked_message(region, period)})
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    try:
        check_upload(name=name, size=upload.size, stream=upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    submission = WorkbookSubmission(
        region=region,
        period=period,
        uploaded_by=user,
        filename=name,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    submission.file.save(name, upload, save=False)
    submission.full_clean()
    submission.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=submission,
        summary=f"上传报表：{region.name}{period.label}",
    )
    from .jobs import submission_process_job

    transaction.on_commit(lambda: submission_process_job.delay(submission.pk))
    return submission


class _Progress:
    """Writes the job's progress on its own connection: the import's transaction is not committed
    until the end, and the page polling the status must see the bar move meanwhile."""

    def __init__(self, submission_id: int) -> None:
        self.submission_id = submission_id
        self.connection = connections.create_connection("default")
        self.last = 0

    def __call__(self, fraction: float) -> None:
        percent = 10 + int(fraction * 85)
        if percent <= self.last:
            return
        self.last = percent
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {WorkbookSubmission._meta.db_table} SET progress = %s WHERE id = %s",  # noqa: S608
                [percent, self.submission_id],
            )

    def close(self) -> None:
        self.connection.close()


class _Rejected(Exception):
    """Raised inside the import's transaction to roll every written row back."""


class _Writer:
    """Writes valid rows in batches inside the import's transaction (COPY on PostgreSQL)."""

    def __init__(
        self, submission: WorkbookSubmission, fortnight: Period | None, project_count: int
    ) -> None:
        now = timezone.now()
        place = {"region_id": submission.region_id, "period_id": submission.period_id}
        self.values = RowCopier(
            IndicatorValue,
            ("target_id", "value", "cumulative", "last_year", "note"),
            constants={**place, "source": IndicatorValue.Source.WORKBOOK, "updated_at": now},
            batch=BATCH,
        )
        self.tasks = RowCopier(
            RegionTaskProgress,
            ("task_id", "status", "percent", "text"),
            constants={**place, "submission_id": submission.pk, "updated_at": now},
            batch=BATCH,
        )
        self.indicator = self.values.add
        self.task = self.tasks.add
        self.fortnight = fortnight
        self.project_ids: list[int] = []
        # At most one row per project of the region: the batch never fills before flush(), which
        # first removes the fortnight's earlier updates of exactly these projects.
        self.projects = RowCopier(
            ProjectUpdate,
            ("project_id", *PROJECT_FIELDS),
            constants={
                "period_id": fortnight.pk if fortnight else None,
                "filed_by_id": submission.uploaded_by_id,
                "updated_at": now,
            },
            batch=project_count + 1,
        )

    def project(self, project_id: int, *values) -> None:
        """Check a project row against ProjectUpdate's own rules (ValidationError), then keep it."""
        update = ProjectUpdate(
            project_id=project_id,
            period=self.fortnight,
            **dict(zip(PROJECT_FIELDS, values, strict=True)),
        )
        update.full_clean(
            exclude=["project", "period", "filed_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        self.project_ids.append(project_id)
        self.projects.add(project_id, *values)

    def flush(self) -> None:
        self.values.flush()
        self.tasks.flush()
        if self.project_ids:
            ProjectUpdate.objects.filter(
                period=self.fortnight, project_id__in=self.project_ids
            ).delete()
            self.projects.flush()


def _finish(submission: WorkbookSubmission, status: str, **fields) -> None:
    submission.status = status
    submission.progress = 100
    submission.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.save()


@transaction.atomic
def _reject(submission: WorkbookSubmission, errors: list[dict], count: int, *, annotate: bool):
    """Record the errors, keep an annotated copy of the workbook and mark the month as erroneous."""
    errors = [{**error, "message": error_message(error)} for error in errors]
    if annotate:
        try:
            with submission.file.open("rb") as source:
                content = annotate_workbook(source=source, errors=errors)
            submission.annotated.save(f"{submission.pk}.xlsx", ContentFile(content), save=False)
        except Exception:  # the error list still reaches the user without the annotated copy
            logger.exception("annotating submission %s failed", submission.pk)
    _finish(submission, SubmissionStatus.REJECTED, errors=errors, error_count=count)
    RegionPeriod.objects.filter(
        region_id=submission.region_id,
        period_id=submission.period_id,
        status=RegionPeriodStatus.NOT_STARTED,
    ).update(status=RegionPeriodStatus.ERROR)
    audit_record(
        actor=submission.uploaded_by,
        action=AuditAction.TRANSITION,
        obj=submission,
        changes={"status": [SubmissionStatus.PROCESSING.label, SubmissionStatus.REJECTED.label]},
        summary=f"报表未通过校验：{count} 处错误",
    )


def submission_process(*, submission_id: int) -> WorkbookSubmission:
    """Check an uploaded workbook and, when every row is valid, write it in one transaction."""
    claimed = WorkbookSubmission.objects.filter(
        pk=submission_id, status__in=[SubmissionStatus.QUEUED, SubmissionStatus.PROCESSING]
    ).update(status=SubmissionStatus.PROCESSING, progress=10)
    submission = WorkbookSubmission.objects.select_related("region", "period", "uploaded_by").get(
        pk=submission_id
    )
    if not claimed or submission.status in FINISHED_STATUSES:
        return submission  # a retried or repeated job: the outcome is already recorded
    region, period = submission.region, submission.period
    entry, _ = RegionPeriod.objects.get_or_create(region=region, period=period)
    if entry.is_locked:
        lock = {"sheet": "", "row": None, "column": None, "reason": _locked_message(region, period)}
        _reject(submission, [lock], 1, annotate=False)
        return submission
    current = entry.current
    if current is not None and current.sha256 == submission.sha256:
        _finish(submission, SubmissionStatus.UNCHANGED)
        return submission
    target_ids = selectors.region_targets(region).order_by("target_id").values_list("target_id")
    task_ids = selectors.region_tasks(region).order_by("pk").values_list("pk")
    fortnight = selectors.month_fortnight(period)
    projects = dict(selectors.region_projects(region).values_list("code", "pk"))
    writer = _Writer(submission, fortnight, len(projects))
    progress = _Progress(submission.pk)
    reader = WorkbookReader(
        source=submission.file.path,
        region_code=region.code,
        period_key=layout.period_key(period),
        targets=CodeBook("ZB", (pk for (pk,) in target_ids.iterator(chunk_size=BATCH))),
        tasks=CodeBook("RW", (pk for (pk,) in task_ids.iterator(chunk_size=BATCH))),
        on_indicator=writer.indicator,
        on_task=writer.task,
        projects=projects if fortnight and projects else None,
        on_project=writer.project,
        on_progress=progress,
    )
    try:
        with transaction.atomic():
            entry = RegionPeriod.objects.select_for_update().get(pk=entry.pk)
            if entry.is_locked:
                raise _Rejected
            IndicatorValue.objects.filter(
                region=region, period=period, target_id__in=target_ids.values("target_id")
            ).delete()
            RegionTaskProgress.objects.filter(region=region, period=period).delete()
            try:
                errors = reader.read()
            except DatabaseError:
                raise
            except Exception as exc:  # malformed XML, forbidden DTDs and the like: a refused file
                logger.warning("unreadable workbook %s: %s", submission.pk, exc)
                reader.errors.add(
                    "", None, None, "文件无法读取：工作簿结构已损坏或含有不安全的内容"
                )
                raise _Rejected from exc
            if errors:
                raise _Rejected
            writer.flush()
            before = snapshot(entry, ("status", "version", "current"))
            entry.status = RegionPeriodStatus.SUBMITTED
            entry.version += 1
            entry.current = submission
            entry.submitted_at = timezone.now()
            entry.submitted_late = bool(period.deadline and timezone.localdate() > period.deadline)
            entry.full_clean()
            entry.save()
            _finish(
                submission,
                SubmissionStatus.APPLIED,
                indicator_rows=reader.indicator_rows,
                task_rows=reader.task_rows,
                project_rows=reader.project_rows,
            )
            audit_update(
                actor=submission.uploaded_by,
                obj=entry,
                before=before,
                summary=f"报表入库：指标 {reader.indicator_rows} 行，任务 {reader.task_rows} 行"
                + (
                    f"，重大项目 {reader.project_rows} 行（{fortnight.label}）"
                    if reader.projects
                    else ""
                ),
            )
    except _Rejected:
        if entry.is_locked and not reader.errors:
            reader.errors.add("", None, None, _locked_message(region, period))
        readable = any(error["row"] for error in reader.errors.items)
        _reject(submission, reader.errors.items, reader.errors.count, annotate=readable)
    finally:
        progress.close()
    return submission


def submission_fail(*, submission_id: int) -> None:
    """Mark a submission whose processing crashed, so the page shows it instead of waiting."""
    WorkbookSubmission.objects.filter(pk=submission_id).exclude(
        status__in=FINISHED_STATUSES
    ).update(
        status=SubmissionStatus.FAILED,
        progress=100,
        finished_at=timezone.now(),
        errors=[
            {
                "sheet": "",
                "row": None,
                "column": None,
                "reason": "处理时发生内部错误",
                "message": "处理时发生内部错误，请稍后重新上传或联系管理员。",
            }
        ],
    )


@transaction.atomic
def region_period_review(*, region: Region, period: Period, accept: bool, user) -> RegionPeriod:
    """总专班 accepts a region's month (locking it) or reopens it for new uploads."""
    require_coordinator(user, "只有总专班可以采纳或退回县市区报表。")
    _month(period)
    entry, _ = RegionPeriod.objects.select_for_update().get_or_create(region=region, period=period)
    before = snapshot(entry, ("status", "accepted_at"))
    if accept:
        if entry.status != RegionPeriodStatus.SUBMITTED:
            raise ValidationError({"status": "只有已报送且未采纳的报表可以采纳。"})
        entry.status, entry.accepted_at, entry.accepted_by = (
            RegionPeriodStatus.ACCEPTED,
            timezone.now(),
            user,
        )
    else:
        if entry.status != RegionPeriodStatus.ACCEPTED:
            raise ValidationError({"status": "只有已采纳的报表可以退回重报。"})
        entry.status, entry.accepted_at, entry.accepted_by = (
            RegionPeriodStatus.SUBMITTED,
            None,
            None,
        )
    entry.full_clean()
    entry.save()
    audit_update(
        actor=user,
        obj=entry,
        before=before,
        summary="采纳县市区报表" if accept else "退回县市区报表（解除锁定）",
    )
    return entry
