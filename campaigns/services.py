"""Writes for plans, campaigns, departments and regions."""

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tasks.choices import TargetKind, TargetScope
from tasks.models import Target, Task

from .choices import PlanImportStatus
from .models import Campaign, Department, DepartmentAlias, Plan, PlanImport, Region, Section
from .plan_parser import PlanParseError, parse_plan, read_plan_document

MAX_PLAN_DOCUMENT_BYTES = 5 * 1024 * 1024


def department_index() -> dict[str, Department]:
    """Map every canonical name and alias to its department."""
    index = {department.name: department for department in Department.objects.all()}
    for alias in DepartmentAlias.objects.select_related("department"):
        index[alias.alias] = alias.department
    return index


@transaction.atomic
def reference_load(*, departments: Iterable[dict], regions: Iterable[dict]) -> tuple[int, int]:
    """Create or update the department table (with aliases) and the regions; idempotent."""
    department_count = 0
    for order, row in enumerate(departments, start=1):
        department, _ = Department.objects.update_or_create(
            name=row["name"], defaults={"kind": row.get("kind", "municipal"), "order": order}
        )
        for alias in row.get("aliases", []):
            existing = DepartmentAlias.objects.filter(alias=alias).first()
            if existing and existing.department_id != department.pk:
                raise ValidationError(f"别名“{alias}”已属于部门“{existing.department.name}”。")
            if Department.objects.filter(name=alias).exists():
                raise ValidationError(f"别名“{alias}”与已有部门同名。")
            DepartmentAlias.objects.get_or_create(alias=alias, defaults={"department": department})
        department_count += 1
    region_count = 0
    for order, row in enumerate(regions, start=1):
        Region.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "kind": row["kind"], "order": order}
        )
        region_count += 1
    return department_count, region_count


def unresolved_unit_names(data: dict, index: dict[str, Department] | None = None) -> list[str]:
    """Names in a parsed plan that match no department or alias."""
    index = department_index() if index is None else index
    return sorted(name for name in set(data.get("unit_names", [])) if name not in index)


def department_suggestions(name: str, index: dict[str, Department], limit: int = 3) -> list:
    """The departments whose name or alias is closest to an unknown name."""
    matches = difflib.get_close_matches(name, list(index), n=limit * 2, cutoff=0.5)
    suggestions: list[Department] = []
    for match in matches:
        if index[match] not in suggestions:
            suggestions.append(index[match])
    return suggestions[:limit]


@transaction.atomic
def department_map_names(*, mappings: dict[str, int | None]) -> None:
    """Remember how unknown names map: an alias of an existing department, or a new one (None)."""
    for name, department_id in mappings.items():
        if (
            Department.objects.filter(name=name).exists()
            or DepartmentAlias.objects.filter(alias=name).exists()
        ):
            continue
        if department_id is None:
            Department.objects.create(name=name, kind="other")
        else:
            department = Department.objects.filter(pk=department_id).first()
            if department is None:
                raise ValidationError(f"“{name}”要映射的部门不存在。")
            DepartmentAlias.objects.create(department=department, alias=name)


def _task_key(campaign: int | None, section: str | None, parent: str | None, number: str):
    return (campaign, section or "", parent or "", number)


def _target_signature(rows: Iterable) -> list[tuple]:
    """What identifies a set of targets, for parsed rows and saved rows alike."""
    signature = []
    for row in rows:
        if isinstance(row, Target):
            signature.append((row.name, row.value.normalize(), row.unit, row.qualifier))
        else:
            value = Decimal(row["value"]).normalize()
            signature.append(
                (row["metric"][:200], value, row.get("unit", ""), row.get("qualifier", ""))
            )
    return signature


@dataclass
class PlanDiff:
    """What importing a parsed plan over an existing one would change."""

    added: list[dict] = field(default_factory=list)
    removed: list[Task] = field(default_factory=list)
    changed: list[tuple[Task, dict, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    campaigns_changed: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.campaigns_changed)


class _PlanWriter:
    """Writes one parsed plan (the parser's dict) into rows, resolving unit names."""

    CAMPAIGN_FIELDS = ("name", "annex_title", "goals", "convener", "deputy_conveners")

    def __init__(self, plan: Plan, index: dict[str, Department]) -> None:
        self.plan = plan
        self.index = index
        self.campaigns = {c.number: c for c in plan.campaigns.all()}
        self.sections = {
            (s.campaign.number if s.campaign else None, s.number): s
            for s in plan.sections.select_related("campaign")
        }

    def resolve(self, names: Iterable[str]) -> list[Department]:
        resolved: list[Department] = []
        for name in names:
            department = self.index.get(name)
            if department is not None and department not in resolved:
                resolved.append(department)
        return resolved

    def targets(self, rows: Iterable[dict], **owner) -> list[Target]:
        return [
            Target(
                plan=self.plan,
                name=row["metric"][:200],
                value=Decimal(row["value"]),
                unit=row.get("unit", ""),
                normalized_value=Decimal(row.get("normalized_value") or row["value"]),
                normalized_unit=row.get("normalized_unit", row.get("unit", "")),
                qualifier=row.get("qualifier", ""),
                kind=row.get("kind") or TargetKind.ABSOLUTE,
                source_text=row.get("text", ""),
                order=order,
                **owner,
            )
            for order, row in enumerate(rows, start=1)
        ]

    def campaign_values(self, row: dict) -> dict:
        return {
            "name": row["name"],
            "annex_title": row.get("annex_title", ""),
            "goals": row.get("goals", ""),
            "convener": row.get("convener") or "",
            "deputy_conveners": row.get("deputy_conveners", []),
        }

    def campaign_departments(self, row: dict) -> tuple[Department | None, list, list]:
        office = self.resolve([row["office"]]) if row.get("office") else []
        deputy_units = [
            name.removesuffix("主要负责人").removesuffix("主任")
            for name in row.get("deputy_conveners", [])
        ]
        return (
            office[0] if office else None,
            self.resolve(deputy_units),
            self.resolve(row.get("member_units", [])),
        )

    def campaign_differs(self, campaign: Campaign, row: dict) -> bool:
        values = self.campaign_values(row)
        office, leads, members = self.campaign_departments(row)
        goal_rows = row.get("goal_targets", [])
        return (
            any(getattr(campaign, name) != value for name, value in values.items())
            or campaign.office_department_id != (office.pk if office else None)
            or set(campaign.lead_departments.all()) != set(leads)
            or set(campaign.member_departments.all()) != set(members)
            or _target_signature(campaign.targets.filter(task__isnull=True))
            != _target_signature(goal_rows)
        )

    def campaign_write(self, row: dict) -> Campaign:
        office, leads, members = self.campaign_departments(row)
        campaign, _ = Campaign.objects.update_or_create(
            plan=self.plan,
            number=row["number"],
            defaults={**self.campaign_values(row), "office_department": office},
        )
        campaign.lead_departments.set(leads)
        campaign.member_departments.set(members)
        campaign.targets.filter(task__isnull=True).delete()
        Target.objects.bulk_create(
            self.targets(row.get("goal_targets", []), scope=TargetScope.CAMPAIGN, campaign=campaign)
        )
        self.campaigns[campaign.number] = campaign
        return campaign

    def section_for(
        self, campaign_number: int | None, number: str | None, title: str = "", order: int = 0
    ) -> Section:
        key = (campaign_number, number or "")
        section = self.sections.get(key)
        if section is None:
            section = Section.objects.create(
                plan=self.plan,
                campaign=self.campaigns.get(campaign_number) if campaign_number else None,
                number=number or "",
                title=title,
                order=order or len(self.sections) + 1,
            )
            self.sections[key] = section
        elif (title, order or section.order) != (section.title, section.order):
            section.title, section.order = title or section.title, order or section.order
            section.save(update_fields=["title", "order"])
        return section

    def task_values(self, row: dict) -> dict:
        return {
            "title": row["title"][:200],
            "text": row["text"],
            "unit_clause": row.get("unit_clause") or "",
            "collective_units": row.get("collective_units", []),
        }

    def task_changes(self, task: Task, row: dict) -> list[str]:
        """Names of the fields that differ between a saved task and a parsed row."""
        changes = [
            name for name, value in self.task_values(row).items() if getattr(task, name) != value
        ]
        if set(task.lead_departments.all()) != set(self.resolve(row["lead_units"])):
            changes.append("lead_departments")
        if set(task.co_departments.all()) != set(self.resolve(row["co_units"])):
            changes.append("co_departments")
        if _target_signature(task.targets.all()) != _target_signature(row.get("targets", [])):
            changes.append("targets")
        return changes

    def tasks_bulk_create(self, numbered_rows: list[tuple[int, dict]]) -> None:
        """Create many new tasks in a few queries: parents first, then their children."""
        Lead, Co = Task.lead_departments.through, Task.co_departments.through
        created: dict[tuple[int, str], Task] = {}
        for level in (False, True):  # top-level tasks, then children (the parser nests one level)
            batch = []
            for order, row in numbered_rows:
                if bool(row.get("parent")) != level:
                    continue
                section = self.section_for(row.get("campaign"), row.get("section"))
                task = Task(
                    plan=self.plan,
                    campaign=section.campaign,
                    section=section,
                    parent=created.get((section.pk, row["parent"])) if level else None,
                    number=row["number"],
                    order=order,
                    **self.task_values(row),
                )
                task.clean_fields(exclude=["plan", "campaign", "section", "parent"])
                batch.append((task, row))
            Task.objects.bulk_create([task for task, _ in batch])
            links_lead, links_co, targets = [], [], []
            for task, row in batch:
                if not level:
                    created[(task.section_id, task.number)] = task
                links_lead += [
                    Lead(task=task, department=d) for d in self.resolve(row["lead_units"])
                ]
                links_co += [Co(task=task, department=d) for d in self.resolve(row["co_units"])]
                targets += self.targets(row.get("targets", []), scope=TargetScope.TASK, task=task)
            Lead.objects.bulk_create(links_lead)
            Co.objects.bulk_create(links_co)
            Target.objects.bulk_create(targets)

    def task_write(self, row: dict, order: int, task: Task | None = None) -> Task:
        section = self.section_for(row.get("campaign"), row.get("section"))
        parent = None
        if row.get("parent"):
            parent = Task.objects.get(section=section, parent__isnull=True, number=row["parent"])
        if task is None:
            task = Task(
                plan=self.plan, campaign=section.campaign, section=section, number=row["number"]
            )
        task.parent, task.order = parent, order
        for name, value in self.task_values(row).items():
            setattr(task, name, value)
        task.full_clean(validate_unique=False, validate_constraints=False)
        task.save()
        task.lead_departments.set(self.resolve(row["lead_units"]))
        task.co_departments.set(self.resolve(row["co_units"]))
        task.targets.all().delete()
        Target.objects.bulk_create(
            self.targets(row.get("targets", []), scope=TargetScope.TASK, task=task)
        )
        return task


def _existing_tasks(plan: Plan) -> dict[tuple, Task]:
    # Items added by hand or split off from a plan task are not in the document: never diff them.
    tasks = plan.tasks.filter(section__isnull=False, split_from__isnull=True)
    tasks = tasks.select_related("campaign", "section", "parent").prefetch_related(
        "lead_departments", "co_departments", "targets"
    )
    return {
        _task_key(
            t.campaign.number if t.campaign else None,
            t.section.number,
            t.parent.number if t.parent else None,
            t.number,
        ): t
        for t in tasks
    }


def plan_diff(*, plan: Plan, data: dict, index: dict[str, Department] | None = None) -> PlanDiff:
    """Compare a parsed plan with the saved one, task by task (by campaign, section and number)."""
    writer = _PlanWriter(plan, department_index() if index is None else index)
    existing = _existing_tasks(plan)
    diff = PlanDiff()
    seen = set()
    for row in data.get("tasks", []):
        key = _task_key(row.get("campaign"), row.get("section"), row.get("parent"), row["number"])
        seen.add(key)
        task = existing.get(key)
        if task is None:
            diff.added.append(row)
        elif changes := writer.task_changes(task, row):
            diff.changed.append((task, row, changes))
        else:
            diff.unchanged += 1
    diff.removed = [task for key, task in existing.items() if key not in seen]
    for row in data.get("campaigns", []):
        campaign = writer.campaigns.get(row["number"])
        if campaign is None or writer.campaign_differs(campaign, row):
            diff.campaigns_changed.append(row["number"])
    plan_targets = plan.targets.filter(scope=TargetScope.PLAN)
    if _target_signature(plan_targets) != _target_signature(data.get("targets", [])):
        diff.campaigns_changed.append(0)  # 0 stands for the plan's headline targets
    return diff


def _plan_metadata(data: dict) -> dict:
    issue_date = date.fromisoformat(data["issue_date"]) if data.get("issue_date") else None
    return {
        "title": data["title"],
        "issuer": data.get("issuer") or "",
        "year": data.get("year") or (issue_date.year if issue_date else date.today().year),  # noqa: DTZ011
        "issue_date": issue_date,
    }


@transaction.atomic
def plan_load(*, data: dict) -> Plan:
    """Create a plan with its campaigns, sections, tasks and targets from the parser's dict."""
    index = department_index()
    missing = unresolved_unit_names(data, index)
    if missing:
        raise ValidationError("以下单位在部门表中不存在：" + "、".join(missing))
    plan = Plan.objects.create(
        document_number=data.get("document_number") or "", **_plan_metadata(data)
    )
    writer = _PlanWriter(plan, index)
    Target.objects.bulk_create(writer.targets(data.get("targets", []), scope=TargetScope.PLAN))
    for row in data.get("campaigns", []):
        writer.campaign_write(row)
    for order, row in enumerate(data.get("sections", []), start=1):
        writer.section_for(row.get("campaign"), row["number"], row.get("title", ""), order)
    writer.tasks_bulk_create(list(enumerate(data.get("tasks", []), start=1)))
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, data: dict) -> PlanDiff:
    """Apply a revised plan: add, change and remove tasks; unchanged tasks keep their rows."""
    index = department_index()
    missing = unresolved_unit_names(data, index)
    if missing:
        raise ValidationError("以下单位在部门表中不存在：" + "、".join(missing))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    diff = plan_diff(plan=plan, data=data, index=index)
    if diff.is_empty:
        return diff
    writer = _PlanWriter(plan, index)
    for name, value in _plan_metadata(data).items():
        setattr(plan, name, value)
    plan.save()
    if 0 in diff.campaigns_changed:
        plan.targets.filter(scope=TargetScope.PLAN).delete()
        Target.objects.bulk_create(writer.targets(data.get("targets", []), scope=TargetScope.PLAN))
    for row in data.get("campaigns", []):
        if row["number"] in diff.campaigns_changed:
            writer.campaign_write(row)
    for order, row in enumerate(data.get("sections", []), start=1):
        writer.section_for(row.get("campaign"), row["number"], row.get("title", ""), order)
    Task.objects.filter(pk__in=[t.pk for t in diff.removed]).delete()
    changed = {id(row): task for task, row, _ in diff.changed}
    added = {id(row) for row in diff.added}
    existing = _existing_tasks(plan)
    moved = []
    for order, row in enumerate(data.get("tasks", []), start=1):
        if id(row) in changed:
            writer.task_write(row, order, changed[id(row)])
        elif id(row) in added:
            writer.task_write(row, order)
        else:
            key = _task_key(
                row.get("campaign"), row.get("section"), row.get("parent"), row["number"]
            )
            task = existing[key]
            if task.order != order:
                task.order = order
                moved.append(task)
    Task.objects.bulk_update(moved, ["order"])
    return diff


def plan_document_parse(*, content: bytes, filename: str) -> dict:
    """Read and parse an uploaded plan document; a ValidationError in Chinese when it is not one."""
    if len(content) > MAX_PLAN_DOCUMENT_BYTES:
        raise ValidationError(f"文件过大：不能超过 {MAX_PLAN_DOCUMENT_BYTES // 1024 // 1024} MB。")
    try:
        return parse_plan(read_plan_document(content, filename))
    except PlanParseError as exc:
        raise ValidationError(str(exc)) from exc


def plan_import_create(*, content: bytes, filename: str, user) -> PlanImport:
    """Parse an uploaded document and keep it, unapplied, for preview."""
    parsed = plan_document_parse(content=content, filename=filename)
    return PlanImport.objects.create(
        file_name=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        parsed=parsed,
        created_by=user,
    )


def plan_apply(*, data: dict) -> tuple[Plan, dict]:
    """Create the plan, or bring the saved plan with the same document number up to date."""
    number = data.get("document_number") or ""
    plan = Plan.objects.filter(document_number=number).first() if number else None
    if plan is None:
        plan = plan_load(data=data)
        return plan, {"created": True, "added": plan.tasks.count(), "changed": 0, "removed": 0}
    diff = plan_update(plan=plan, data=data)
    return plan, {
        "created": False,
        "added": len(diff.added),
        "changed": len(diff.changed),
        "removed": len(diff.removed),
        "unchanged": diff.unchanged,
    }


@transaction.atomic
def plan_import_apply(
    *, plan_import: PlanImport, mappings: dict[str, int | None], user
) -> PlanImport:
    """Confirm a previewed import: remember the unit mappings, then create or update the plan."""
    plan_import = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if plan_import.status != PlanImportStatus.PREVIEW:
        raise ValidationError("该导入已处理，不能再次确认。")
    department_map_names(mappings=mappings)
    missing = unresolved_unit_names(plan_import.parsed)
    if missing:
        raise ValidationError("请为以下单位选择对应部门或新建：" + "、".join(missing))
    plan, summary = plan_apply(data=plan_import.parsed)
    plan_import.plan, plan_import.summary = plan, summary
    plan_import.status, plan_import.applied_at = PlanImportStatus.APPLIED, timezone.now()
    plan_import.applied_by = user
    plan_import.save(update_fields=["plan", "summary", "status", "applied_at", "applied_by"])
    return plan_import
