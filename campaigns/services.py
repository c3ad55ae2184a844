"""Writes for plans, campaigns, departments and regions."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from tasks.choices import TargetKind, TargetScope
from tasks.models import Target, Task

from .models import Campaign, Department, DepartmentAlias, Plan, Region, Section


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


@dataclass
class _PlanWriter:
    """Turns one parsed plan (the parser's dict) into rows, resolving unit names."""

    plan: Plan
    index: dict[str, Department]

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


def unresolved_unit_names(data: dict) -> list[str]:
    """Names in a parsed plan that match no department or alias."""
    index = department_index()
    names = set(data.get("unit_names", []))
    return sorted(name for name in names if name not in index)


@transaction.atomic
def plan_load(*, data: dict) -> Plan:
    """Create a plan with its campaigns, sections, tasks and targets from the parser's dict."""
    missing = unresolved_unit_names(data)
    if missing:
        raise ValidationError("以下单位在部门表中不存在：" + "、".join(missing))
    issue_date = date.fromisoformat(data["issue_date"]) if data.get("issue_date") else None
    plan = Plan.objects.create(
        title=data["title"],
        document_number=data.get("document_number") or "",
        issuer=data.get("issuer") or "",
        year=data.get("year") or (issue_date.year if issue_date else date.today().year),  # noqa: DTZ011
        issue_date=issue_date,
    )
    writer = _PlanWriter(plan=plan, index=department_index())
    targets = writer.targets(data.get("targets", []), scope=TargetScope.PLAN)

    campaigns: dict[int, Campaign] = {}
    for row in data.get("campaigns", []):
        office = writer.resolve([row["office"]]) if row.get("office") else []
        campaign = Campaign.objects.create(
            plan=plan,
            number=row["number"],
            name=row["name"],
            annex_title=row.get("annex_title", ""),
            goals=row.get("goals", ""),
            convener=row.get("convener") or "",
            deputy_conveners=row.get("deputy_conveners", []),
            office_department=office[0] if office else None,
        )
        deputy_units = [
            name.removesuffix("主要负责人").removesuffix("主任")
            for name in row.get("deputy_conveners", [])
        ]
        campaign.lead_departments.set(writer.resolve(deputy_units))
        campaign.member_departments.set(writer.resolve(row.get("member_units", [])))
        campaigns[campaign.number] = campaign
        targets += writer.targets(
            row.get("goal_targets", []), scope=TargetScope.CAMPAIGN, campaign=campaign
        )

    sections: dict[tuple[int | None, str | None], Section] = {}

    def section_for(campaign_number: int | None, number: str | None) -> Section:
        key = (campaign_number, number)
        if key not in sections:
            sections[key] = Section.objects.create(
                plan=plan,
                campaign=campaigns.get(campaign_number) if campaign_number else None,
                number=number or "",
                order=len(sections) + 1,
            )
        return sections[key]

    for order, row in enumerate(data.get("sections", []), start=1):
        section = section_for(row.get("campaign"), row["number"])
        section.title, section.order = row.get("title", ""), order
        section.save(update_fields=["title", "order"])

    tasks: dict[tuple, Task] = {}
    lead_links, co_links = [], []
    Lead, Co = Task.lead_departments.through, Task.co_departments.through
    # Parents come before their children in document order, so one pass resolves them.
    for order, row in enumerate(data.get("tasks", []), start=1):
        section = section_for(row.get("campaign"), row.get("section"))
        parent = tasks.get((section.pk, row["parent"])) if row.get("parent") else None
        task = Task(
            plan=plan,
            campaign=section.campaign,
            section=section,
            parent=parent,
            number=row["number"],
            order=order,
            title=row["title"][:200],
            text=row["text"],
            unit_clause=row.get("unit_clause") or "",
            collective_units=row.get("collective_units", []),
        )
        task.full_clean(validate_unique=False, validate_constraints=False)
        task.save()
        if parent is None:
            tasks[(section.pk, task.number)] = task
        lead_links += [Lead(task=task, department=d) for d in writer.resolve(row["lead_units"])]
        co_links += [Co(task=task, department=d) for d in writer.resolve(row["co_units"])]
        targets += writer.targets(row.get("targets", []), scope=TargetScope.TASK, task=task)
    Lead.objects.bulk_create(lead_links)
    Co.objects.bulk_create(co_links)
    Target.objects.bulk_create(targets)
    return plan
