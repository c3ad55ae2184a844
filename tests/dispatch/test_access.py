"""Who reaches which dispatch page and endpoint; bad API input; flat query counts."""

from datetime import date

import pytest
from django.urls import reverse

from dispatch import services
from reporting.models import Period

READERS = {"admin", "office", "leader"}
COORDINATORS = {"admin", "office"}
PERSONAS = [
    "admin",
    "office",
    "liaison",
    "staff",
    "other_staff",
    "dept_user",
    "county_user",
    "leader",
]


@pytest.fixture
def sheet(personas, periods, today):
    period = Period.objects.get(kind="ten_day", start=date(2025, 5, 11))
    return services.sheet_create(actor=personas["office"], period=period)


def _expect(persona: str, allowed: set, refused: int) -> int:
    return 200 if persona in allowed else refused


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_reaches_the_dispatch_pages_it_should(persona, personas, issue, sheet, login):
    notice = issue()
    client = login(personas[persona])
    # the notice about campaign 1, issued to 市商务局: readers, its unit and campaign 1's staff
    notice_readers = READERS | {"dept_user", "liaison", "staff"}
    expected = {
        "/dispatch/todo/": 200,
        "/dispatch/notices/": 200,
        "/dispatch/notices/export/": 200,
        f"/dispatch/notices/{notice.pk}/": _expect(persona, notice_readers, 404),
        "/dispatch/notices/new/": _expect(persona, COORDINATORS, 403),
        "/dispatch/notices/suggestions/": _expect(persona, COORDINATORS, 403),
        "/dispatch/sheets/": _expect(persona, READERS, 404),
        f"/dispatch/sheets/{sheet.pk}/": _expect(persona, READERS, 404),
        f"/dispatch/sheets/{sheet.pk}/export/": _expect(persona, READERS, 404),
        reverse("api:notice-list"): 200,
        reverse("api:notice-detail", args=[notice.pk]): _expect(persona, notice_readers, 404),
        reverse("api:notice-suggestions"): _expect(persona, COORDINATORS, 403),
        reverse("api:dispatch-sheet-list"): 200,
        reverse("api:dispatch-sheet-detail", args=[sheet.pk]): _expect(persona, READERS, 404),
        reverse("api:dispatch-sheet-content", args=[sheet.pk]): _expect(persona, READERS, 404),
        reverse("api:follow-up-list"): 200,
    }
    got = {url: client.get(url).status_code for url in expected}
    assert got == expected


@pytest.mark.parametrize("persona", ["leader", "staff"])
def test_readers_change_nothing(persona, personas, issue, sheet, login):
    notice = issue()
    client = login(personas[persona])
    assert client.post(f"/dispatch/notices/{notice.pk}/urge/", {"message": "快"}).status_code == 403
    assert client.post(f"/dispatch/notices/{notice.pk}/sign/").status_code == 403
    api = reverse("api:notice-sign", args=[notice.pk])
    assert client.post(api).status_code == 403
    notice.refresh_from_db()
    assert notice.status == "issued" and not notice.events.filter(kind="urge").exists()


def test_another_unit_gets_404_on_the_notice_and_its_actions(personas, issue, login):
    notice = issue()
    client = login(personas["other_staff"])
    assert client.post(f"/dispatch/notices/{notice.pk}/sign/").status_code == 404
    assert client.post(reverse("api:notice-sign", args=[notice.pk])).status_code == 404
    assert notice.pk not in [
        row["id"] for row in client.get(reverse("api:notice-list")).json()["results"]
    ]


def test_api_issue_and_lifecycle_with_server_owned_fields(
    personas, commerce, commerce_task, login, today
):
    office = login(personas["office"])
    bad = office.post(
        reverse("api:notice-list"), {"departments": [commerce.pk]}, content_type="application/json"
    )
    assert bad.status_code == 400 and "title" in bad.json() and "deadline" in bad.json()
    both = office.post(
        reverse("api:notice-list"),
        {
            "task": commerce_task.pk,
            "target": None,
            "departments": [commerce.pk],
            "title": "督办",
            "requirement": "请办理",
            "level": "purple",
            "deadline": "2025-05-30",
            "status": "closed",
        },
        content_type="application/json",
    )
    assert both.status_code == 400 and "督办等级无效" in str(both.json())
    created = office.post(
        reverse("api:notice-list"),
        {
            "task": commerce_task.pk,
            "departments": [commerce.pk],
            "title": "督办",
            "requirement": "请办理",
            "level": "orange",
            "deadline": "2025-05-30",
            "status": "closed",
            "campaign": personas["other_campaign"].pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    row = created.json()[0]
    assert row["status"] == "issued" and row["campaign"] == personas["campaign"].pk
    unit = login(personas["dept_user"])
    signed = unit.post(reverse("api:notice-sign", args=[row["id"]]))
    assert signed.json()["status"] == "signed" and "reply" in signed.json()["allowed_actions"]
    again = unit.post(reverse("api:notice-sign", args=[row["id"]]))
    assert again.status_code == 400 and "不能签收" in str(again.json())
    empty = unit.post(reverse("api:notice-reply", args=[row["id"]]), {"reply": ""})
    assert empty.status_code == 400 and "reply" in empty.json()


def _notices(issue, count: int) -> None:
    for _ in range(count):
        issue()


@pytest.mark.parametrize("url_name", ["page", "api"])
def test_notice_list_query_count_is_flat(
    url_name, personas, issue, login, django_assert_max_num_queries
):
    client = login(personas["dept_user"])
    url = "/dispatch/notices/" if url_name == "page" else reverse("api:notice-list")
    _notices(issue, 2)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    _notices(issue, 12)
    with django_assert_max_num_queries(20) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
