import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import PASSWORD
from tests.factories import DepartmentFactory, RegionFactory, SectionFactory, build_tasks

API_LISTS = [
    "/api/plans/",
    "/api/campaigns/",
    "/api/tasks/",
    "/api/targets/",
    "/api/departments/",
    "/api/regions/",
    "/api/periods/",
]
# Lists that nobody may write to through their collection URL (tasks are added by POST, so
# their collection refuses DELETE instead).
READ_ONLY_COLLECTIONS = [(url, "post") for url in API_LISTS if url != "/api/tasks/"]


@pytest.fixture
def user(db, django_user_model):
    """A 总专班 user: the API is scoped, and these tests read every task."""
    from accounts.models import Membership

    user = django_user_model.objects.create_user(
        username="staff", password=PASSWORD, first_name="总专班人员"
    )
    Membership.objects.create(user=user, role="office")
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("url", API_LISTS)
def test_anonymous_user_cannot_read_the_api(client, url):
    response = client.get(url)
    assert response.status_code in (401, 403)
    assert "身份认证信息未提供" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", API_LISTS)
def test_logged_in_user_reads_every_list_paginated(user_client, url):
    response = user_client.get(url)
    assert response.status_code == 200
    assert set(response.json()) == {"count", "next", "previous", "results"}


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "method"), [*READ_ONLY_COLLECTIONS, ("/api/tasks/", "delete")])
def test_wrong_method_is_refused_with_a_chinese_message(user_client, url, method):
    response = getattr(user_client, method)(url, {}, content_type="application/json")
    assert response.status_code == 405
    assert "不被允许" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", API_LISTS)
def test_malformed_id_is_a_404_not_a_500(user_client, url):
    response = user_client.get(f"{url}abc/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_token_authentication_reads_the_api(client, user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=user)
    response = client.get("/api/tasks/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_filter_value_is_a_400_naming_the_field(user_client):
    response = user_client.get("/api/tasks/?campaign=999999&list_kind=bogus")
    assert response.status_code == 400
    body = response.json()
    assert "选择一个有效的选项" in body["campaign"][0]
    assert "选择一个有效的选项" in body["list_kind"][0]


@pytest.mark.django_db
def test_malformed_filter_values_are_400s(user_client):
    response = user_client.get("/api/tasks/?campaign=abc&deadline_after=not-a-date&page_size=x")
    assert response.status_code == 400
    body = response.json()
    assert "campaign" in body and "deadline" in body


@pytest.mark.django_db
def test_page_out_of_range_is_a_404_with_a_message(user_client):
    response = user_client.get("/api/tasks/?page=99")
    assert response.status_code == 404
    assert "无效页" in response.json()["detail"]


@pytest.mark.django_db
def test_task_filters_by_department_as_lead_or_co(user_client):
    departments = DepartmentFactory.create_batch(5)
    section = SectionFactory()
    tasks = build_tasks(section, 4, departments)
    # departments[0] leads tasks 0 and 2; departments[3] shares all four.
    led = user_client.get(f"/api/tasks/?lead_department={departments[0].pk}").json()
    assert sorted(r["id"] for r in led["results"]) == sorted([tasks[0].pk, tasks[2].pk])
    shared = user_client.get(f"/api/tasks/?co_department={departments[3].pk}").json()
    assert shared["count"] == 4
    either = user_client.get(f"/api/tasks/?department={departments[1].pk}").json()
    assert either["count"] == 4
    none = user_client.get(f"/api/tasks/?department={departments[4].pk}").json()
    assert none["count"] == 0


@pytest.mark.django_db
def test_task_filters_by_campaign_text_and_deadline(user_client):
    departments = DepartmentFactory.create_batch(4)
    first, second = SectionFactory(), SectionFactory()
    build_tasks(first, 2, departments)
    other = build_tasks(second, 3, departments)
    other[0].deadline = "2025-06-30"
    other[0].title = "建设智慧停车平台"
    other[0].save()
    by_campaign = user_client.get(f"/api/tasks/?campaign={second.campaign.pk}").json()
    assert by_campaign["count"] == 3
    by_text = user_client.get("/api/tasks/?q=智慧停车").json()
    assert [r["id"] for r in by_text["results"]] == [other[0].pk]
    by_deadline = user_client.get(
        "/api/tasks/?deadline_after=2025-06-01&deadline_before=2025-07-01"
    ).json()
    assert [r["id"] for r in by_deadline["results"]] == [other[0].pk]


@pytest.mark.django_db
def test_task_filters_by_region_of_its_regional_targets(user_client):
    from tasks.models import RegionalTarget

    departments = DepartmentFactory.create_batch(4)
    tasks = build_tasks(SectionFactory(), 3, departments)
    region = RegionFactory()
    target = tasks[1].targets.get()
    RegionalTarget.objects.create(target=target, region=region, value=10, unit="个")
    body = user_client.get(f"/api/tasks/?region={region.pk}").json()
    assert [r["id"] for r in body["results"]] == [tasks[1].pk]
    targets = user_client.get(f"/api/targets/?region={region.pk}").json()
    assert [r["id"] for r in targets["results"]] == [target.pk]
    assert targets["results"][0]["regional_targets"][0]["region"] == region.name


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # session, user, memberships (access_for), count, rows, then one per prefetch
        ("/api/tasks/?page_size=500", 7),
        ("/api/targets/?page_size=500", 6),
        ("/api/campaigns/?page_size=500", 6),
        ("/api/departments/?page_size=500", 5),
        ("/api/plans/?page_size=500", 4),
    ],
)
def test_list_query_count_is_pinned_and_flat_as_rows_grow(user_client, url, expected):
    departments = DepartmentFactory.create_batch(4)
    build_tasks(SectionFactory(), 5, departments)
    small = _queries_for(user_client, url)
    for _ in range(4):
        build_tasks(SectionFactory(), 30, DepartmentFactory.create_batch(4))
    large = _queries_for(user_client, url)
    assert small == large == expected
