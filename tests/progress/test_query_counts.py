import pytest

from accounts.models import Membership
from progress.models import TargetValue, TaskProgress
from tests.factories import DepartmentFactory, SectionFactory, build_tasks

# session, user, memberships + the list's own queries (+ the base page's context on pages)
PINNED = {
    "/progress/?period={period}": 14,
    "/api/progress/my-tasks/?period={period}": 10,
    "/api/progress/": 8,
}


def _department_user_with_tasks(django_user_model, period, count: int):
    """A department user whose department leads `count` tasks, each reported with a figure."""
    departments = [DepartmentFactory() for _ in range(4)]
    tasks = build_tasks(SectionFactory(), count, departments)
    user = django_user_model.objects.create_user(username=f"dept{count}", first_name="测试")
    Membership.objects.create(user=user, role="department", department=departments[1])
    for task in tasks:
        entry = TaskProgress.objects.create(
            task=task, period=period, department=departments[1], percent=30, updated_by=user
        )
        TargetValue.objects.create(progress=entry, target=task.targets.get(), cumulative=5)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(PINNED))
@pytest.mark.parametrize("size", [3, 12])
def test_list_query_count_is_pinned_whatever_the_number_of_tasks(
    client, django_user_model, django_assert_num_queries, march, url, size
):
    client.force_login(_department_user_with_tasks(django_user_model, march, size))
    with django_assert_num_queries(PINNED[url]):
        response = client.get(url.format(period=march.pk))
    assert response.status_code == 200
    rows = response.context["page"] if "/api/" not in url else response.json()["results"]
    assert len(rows) == size
