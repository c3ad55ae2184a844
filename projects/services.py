"""Writes for major projects: the register, fortnightly updates and Excel imports (all audited)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from accounts.permissions import require_coordinator as coordinators_only
from accounts.selectors import access_for
from audit.choices import AuditAction
from audit.services import audit_record, audit_update, snapshot
from campaigns.models import Campaign, Department, DepartmentAlias, Plan, Region
from counties.reader import MAX_ERRORS, PROJECT_PARSERS, day, error_message, money, text
from counties.safety import check_upload
from reporting.choices import PeriodKind
from reporting.models import Period

from . import imports, selectors
from .models import Project, ProjectUpdate

logger = logging.getLogger(__name__)

PROJECT_FIELDS = (
    "name",
    "code",
    "campaign",
    "region",
    "category",
    "department",
    "leader",
    "total_investment",
    "annual_investment",
    "planned_start",
    "planned_end",
    "central_funds",
    "provincial_funds",
)
UPDATE_FIELDS = (
    "started",
    "start_date",
    "investment",
    "cumulative_investment",
    "funds_paid",
    "physical_percent",
    "problems",
)


def require_coordinator(user) -> None:
    """Only 总专班 and administrators keep the project register."""
    coordinators_only(user, "只有总专班可以维护项目库。")


def require_writer(user, project: Project | None = None) -> None:
    """Leaders read only; others file updates for the projects within their reach."""
    access = access_for(user)
    if access.is_read_only:
        raise PermissionDenied("您的账号只能查看，不能填报。")
    if (
        project is not None
        and not selectors.projects_visible(access).filter(pk=project.pk).exists()
    ):
        raise PermissionDenied("该项目不在您的填报范围内。")


def _save(*, user, obj, fields: tuple[str, ...], data: dict, summary: str):
    """Apply `data` to `obj`, validate, save and audit the creation or the change."""
    creating = obj.pk is None
    before = {} if creating else snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.full_clean()
    obj.save()
    if creating:
        audit_record(actor=user, action=AuditAction.CREATE, obj=obj, summary=summary)
    else:
        audit_update(actor=user, obj=obj, before=before, summary=summary)
    return obj


@transaction.atomic
def project_create(*, user, data: dict) -> Project:
    """Add a project to the register (总专班)."""
    require_coordinator(user)
    return _save(user=user, obj=Project(), fields=PROJECT_FIELDS, data=data, summary="新增重大项目")


@transaction.atomic
def project_edit(*, user, project: Project, data: dict) -> Project:
    """Change a project's register entry (总专班)."""
    require_coordinator(user)
    return _save(user=user, obj=project, fields=PROJECT_FIELDS, data=data, summary="修改重大项目")


def _fortnight(period: Period) -> None:
    if period.kind != PeriodKind.FORTNIGHT:
        raise ValidationError({"period": "请选择双周调度期。"})


@transaction.atomic
def project_update_file(*, user, project: Project, period: Period, data: dict) -> ProjectUpdate:
    """File (or correct) a project's update for one fortnight."""
    require_writer(user, project)
    _fortnight(period)
    update = ProjectUpdate.objects.filter(project=project, period=period).first()
    update = update or ProjectUpdate(project=project, period=period)
    update.filed_by = user
    return _save(
        user=user,
        obj=update,
        fields=UPDATE_FIELDS,
        data=data,
        summary=f"填报{period.label}项目进展",
    )


# --- Excel imports --------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import wrote."""

    created: int = 0
    updated: int = 0


class _Refused(Exception):
    """The workbook has errors; everything written so far is rolled back."""


def _messages(errors) -> list[str]:
    messages = [error_message(error) for error in errors.items]
    if errors.count > MAX_ERRORS:
        messages.append(f"另有 {errors.count - MAX_ERRORS} 处错误未列出。")
    return messages


def _read(upload, *, sheet: str, headers, handle: Callable, finish: Callable) -> ImportResult:
    """Check the upload, read every row, and write them all, or nothing when any row is bad."""
    check_upload(name=upload.name, size=upload.size, stream=upload)
    result = ImportResult()
    reader = imports.SheetReader(source=upload, sheet=sheet, headers=headers, on_row=None)
    reader.on_row = lambda number, code, cells: handle(reader, number, code, cells)
    try:
        with transaction.atomic():
            try:
                reader.read()
            except DatabaseError:
                raise
            except Exception as exc:  # malformed XML, forbidden DTDs and the like
                logger.warning("unreadable project workbook: %s", exc)
                reader.refuse(None, None, "文件无法读取：工作簿结构已损坏或含有不安全的内容")
            if reader.errors:
                raise _Refused
            finish(result)
    except _Refused:
        raise ValidationError(_messages(reader.errors)) from None
    return result


def _model_errors(reader, number: int, exc: ValidationError, columns: dict[str, int]) -> None:
    for name, messages in exc.message_dict.items():
        for message in messages:
            reader.refuse(number, columns.get(name), message)


def _names() -> dict[str, dict]:
    plan = Plan.objects.order_by("-year", "-pk").first()
    departments = {d.name: d for d in Department.objects.all()}
    for alias in DepartmentAlias.objects.select_related("department"):
        departments.setdefault(alias.alias, alias.department)
    return {
        "campaigns": {c.name: c for c in Campaign.objects.filter(plan=plan)},
        "regions": {r.name: r for r in Region.objects.all()},
        "departments": departments,
    }


def project_import(*, user, upload) -> ImportResult:
    """Import the register workbook: new codes are added, known codes updated; all or nothing."""
    require_coordinator(user)
    names = _names()
    parsers = [
        (2, text(200, required=True)),
        (3, imports.lookup(names["campaigns"], "攻坚")),
        (4, imports.lookup(names["regions"], "县市区")),
        (5, imports.category),
        (6, imports.lookup(names["departments"], "责任单位")),
        (7, text(100)),
        (8, money(required=True)),
        (9, money(required=True)),
        (10, day(required=True)),
        (11, day(required=True)),
        (12, money(required=False)),
        (13, money(required=False)),
    ]
    existing = {p.code: p for p in Project.objects.all()}
    rows: list[tuple[int, Project, dict]] = []

    def handle(reader, number, code, cells):
        if len(code) > 40:
            reader.refuse(number, 1, "项目代码过长，上限为 40 字")
            return
        values = reader.parse(number, parsers, cells)
        if values is None:
            return
        data = dict(zip(PROJECT_FIELDS[:1] + PROJECT_FIELDS[2:], values, strict=True))
        data["code"] = code
        project = existing.get(code) or Project()
        before = None if project.pk is None else snapshot(project, PROJECT_FIELDS)
        for name, value in data.items():
            setattr(project, name, value)
        try:
            project.full_clean(validate_unique=False)
        except ValidationError as exc:
            _model_errors(reader, number, exc, imports.REGISTER_COLUMNS)
            return
        rows.append((number, project, before))

    def finish(result: ImportResult) -> None:
        for _number, project, before in rows:
            project.save()
            if before is None:
                result.created += 1
                audit_record(
                    actor=user, action=AuditAction.CREATE, obj=project, summary="导入重大项目"
                )
            else:
                result.updated += 1
                audit_update(actor=user, obj=project, before=before, summary="导入重大项目")

    return _read(
        upload,
        sheet=imports.REGISTER_SHEET,
        headers=imports.REGISTER_HEADERS,
        handle=handle,
        finish=finish,
    )


def project_update_import(*, user, upload, period: Period) -> ImportResult:
    """Import one fortnight's updates for the projects within the user's reach; all or nothing."""
    require_writer(user)
    _fortnight(period)
    reachable = {p.code: p for p in selectors.projects_visible(access_for(user))}
    existing = {
        u.project_id: u
        for u in ProjectUpdate.objects.filter(period=period).select_related("period")
    }
    rows: list[tuple[ProjectUpdate, dict | None]] = []

    def handle(reader, number, code, cells):
        project = reachable.get(code)
        if project is None:
            reader.refuse(number, 1, f"项目代码“{code[:40]}”不存在或不在您的填报范围内")
            return
        values = reader.parse(number, PROJECT_PARSERS, cells)
        if values is None:
            return
        update = existing.get(project.pk) or ProjectUpdate(project=project, period=period)
        before = None if update.pk is None else snapshot(update, UPDATE_FIELDS)
        for name, value in zip(UPDATE_FIELDS, values, strict=True):
            setattr(update, name, value)
        update.filed_by = user
        try:
            update.full_clean(validate_unique=False)
        except ValidationError as exc:
            _model_errors(reader, number, exc, imports.UPDATE_COLUMNS)
            return
        rows.append((update, before))

    def finish(result: ImportResult) -> None:
        summary = f"导入{period.label}项目进展"
        for update, before in rows:
            update.save()
            if before is None:
                result.created += 1
                audit_record(actor=user, action=AuditAction.CREATE, obj=update, summary=summary)
            else:
                result.updated += 1
                audit_update(actor=user, obj=update, before=before, summary=summary)

    return _read(
        upload,
        sheet=imports.UPDATE_SHEET,
        headers=imports.UPDATE_HEADERS,
        handle=handle,
        finish=finish,
    )
