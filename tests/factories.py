"""factory_boy factories for the domain model."""

from decimal import Decimal

import factory

from campaigns.models import Campaign, Department, Plan, Region, Section
from tasks.models import Target, Task


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"市测试局{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"R{n:04d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    kind = "county"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"测试方案{n}")
    document_number = factory.Sequence(lambda n: f"测政发〔2025〕{n}号")
    year = 2025


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n % 7 + 1)
    name = factory.Sequence(lambda n: f"测试攻坚{n}")
    convener = "市政府分管副市长"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    campaign = factory.SubFactory(CampaignFactory)
    plan = factory.SelfAttribute("campaign.plan")
    number = factory.Sequence(lambda n: f"S{n}")
    title = "测试章节"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    section = factory.SubFactory(SectionFactory)
    campaign = factory.SelfAttribute("section.campaign")
    plan = factory.SelfAttribute("section.plan")
    number = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"测试任务{n}")
    text = "推进测试工作。（市测试局牵头，市其他局按职责分工负责）"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    task = factory.SubFactory(TaskFactory)
    plan = factory.SelfAttribute("task.plan")
    scope = "task"
    name = "新增测试数量"
    value = Decimal("100")
    unit = "个"
    normalized_value = Decimal("100")
    normalized_unit = "个"
    qualifier = "以上"
    source_text = "新增测试数量100个以上。"


def build_tasks(section: Section, count: int, departments: list[Department]) -> list[Task]:
    """Create `count` tasks under one section, each with two lead and two co departments."""
    tasks = [TaskFactory(section=section) for _ in range(count)]
    for index, task in enumerate(tasks):
        task.lead_departments.set(departments[index % 2 : index % 2 + 2])
        task.co_departments.set(departments[2:4])
        TargetFactory(task=task)
    return tasks
