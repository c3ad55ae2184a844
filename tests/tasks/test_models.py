import pytest
from django.db import IntegrityError, transaction

from campaigns.models import DepartmentAlias
from tests.factories import DepartmentFactory, SectionFactory, TargetFactory, TaskFactory


@pytest.mark.django_db
def test_task_number_is_unique_among_its_siblings():
    section = SectionFactory()
    TaskFactory(section=section, number="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(section=section, number="1")


@pytest.mark.django_db
def test_child_numbers_are_unique_under_their_parent_only():
    section = SectionFactory()
    first = TaskFactory(section=section, number="1")
    second = TaskFactory(section=section, number="2")
    TaskFactory(section=section, parent=first, number="1")
    TaskFactory(section=section, parent=second, number="1")  # same number, other parent: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(section=section, parent=first, number="1")


@pytest.mark.django_db
def test_department_alias_is_unique():
    department = DepartmentFactory(name="市卫生健康委")
    DepartmentAlias.objects.create(department=department, alias="市卫健委")
    with pytest.raises(IntegrityError), transaction.atomic():
        DepartmentAlias.objects.create(department=DepartmentFactory(), alias="市卫健委")


@pytest.mark.django_db
def test_target_scope_must_match_its_owner():
    task_target = TargetFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(task=task_target.task, scope="plan")
