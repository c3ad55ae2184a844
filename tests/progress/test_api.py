from datetime import date

import pytest

from progress.models import TaskProgress
from reporting.models import Period


def _create(client, task, period, **extra):
    payload = {"task": task.pk, "period": period.pk, "status": "in_progress", "percent": 10}
    response = client.post("/api/progress/", {**payload, **extra}, content_type="application/json")
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.django_db
def test_created_entry_carries_its_figures_and_unit(personas, login, led_task, march):
    target = led_task.targets.order_by("order", "pk").first()
    body = _create(
        login(personas["dept_user"]),
        led_task,
        march,
        done="开展活动",
        values=[{"target": target.pk, "actual": "3", "cumulative": "12.5"}],
    )
    assert body["department"]["name"] == "市商务局"
    assert body["period_label"] == "2025年3月"
    assert body["values"] == [
        {
            "target": target.pk,
            "target_name": target.name,
            "actual": "3.0000",
            "cumulative": "12.5000",
        }
    ]


@pytest.mark.django_db
def test_list_filters_by_campaign_task_period_department_and_status(
    personas, login, led_task, shared_task, march, commerce
):
    april = Period.objects.get(kind="month", start=date(2025, 4, 1))
    client = login(personas["office"])
    _create(client, led_task, march)
    _create(client, shared_task, april, status="lagging")
    TaskProgress.objects.create(
        task=shared_task, period=march, department=commerce, updated_by=personas["dept_user"]
    )

    def ids(query: str) -> set[int]:
        response = client.get(f"/api/progress/?{query}")
        assert response.status_code == 200
        return {row["task"] for row in response.json()["results"]}

    assert ids(f"period={march.pk}") == {led_task.pk, shared_task.pk}
    assert ids(f"task={shared_task.pk}&period={april.pk}") == {shared_task.pk}
    assert ids("status=lagging") == {shared_task.pk}
    assert ids(f"department={commerce.pk}") == {shared_task.pk}
    assert ids("task_force=true") == {led_task.pk, shared_task.pk}
    assert ids(f"campaign={personas['other_campaign'].pk}") == set()
    assert client.get("/api/progress/?period=abc&status=bogus").status_code == 400


@pytest.mark.django_db
def test_ten_day_periods_can_be_reported_and_listed(personas, login, led_task, periods):
    xun = Period.objects.get(kind="ten_day", start=date(2025, 3, 11))
    client = login(personas["dept_user"])
    _create(client, led_task, xun)
    rows = client.get(f"/api/progress/my-tasks/?period={xun.pk}").json()["results"]
    row = next(r for r in rows if r["task"] == led_task.pk)
    assert row["reported"] and row["entry_version"] == 1 and row["can_report"]
    page = client.get(f"/progress/?period={xun.pk}").content.decode()
    assert "2025年3月中旬" in page


@pytest.mark.django_db
def test_my_tasks_of_office_cover_every_task_and_of_a_department_only_its_own(
    personas, login, march, commerce, hengyang_plan
):
    from django.db.models import Q

    from tasks.models import Task

    office = login(personas["office"]).get(f"/api/progress/my-tasks/?period={march.pk}").json()
    assert office["count"] == Task.objects.count()
    mine = login(personas["dept_user"]).get(
        f"/api/progress/my-tasks/?period={march.pk}&page_size=500"
    )
    expected = set(
        Task.objects.filter(Q(lead_departments=commerce) | Q(co_departments=commerce)).values_list(
            "pk", flat=True
        )
    )
    assert {row["task"] for row in mine.json()["results"]} == expected


@pytest.mark.django_db
def test_my_tasks_reported_filter_splits_filed_and_unfiled(personas, login, led_task, march):
    client = login(personas["dept_user"])
    _create(client, led_task, march)
    filed = client.get(f"/api/progress/my-tasks/?period={march.pk}&reported=true").json()
    unfiled = client.get(f"/api/progress/my-tasks/?period={march.pk}&reported=false").json()
    assert [row["task"] for row in filed["results"]] == [led_task.pk]
    assert led_task.pk not in {row["task"] for row in unfiled["results"]}
    assert (
        filed["count"] + unfiled["count"]
        == client.get(f"/api/progress/my-tasks/?period={march.pk}").json()["count"]
    )


@pytest.mark.django_db
def test_progress_endpoints_are_in_the_openapi_schema(user_client):
    response = user_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in (
        "/api/progress/",
        "/api/progress/{id}/",
        "/api/progress/{id}/evidence/",
        "/api/progress/my-tasks/",
    ):
        assert path in paths
    assert (
        "multipart/form-data"
        in paths["/api/progress/{id}/evidence/"]["post"]["requestBody"]["content"]
    )


@pytest.mark.django_db
def test_progress_cannot_be_deleted_through_the_api(personas, login, led_task, march):
    client = login(personas["office"])
    entry = _create(client, led_task, march)
    assert client.delete(f"/api/progress/{entry['id']}/").status_code == 405
    assert TaskProgress.objects.filter(pk=entry["id"]).exists()
