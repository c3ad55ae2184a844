"""Who sees and changes which project, on every page and endpoint."""

import pytest
from django.urls import reverse

from projects.models import ProjectUpdate

from .conftest import update_data

pytestmark = pytest.mark.django_db

SEES_BOTH = ["admin", "office", "leader"]
SEES_MINE = ["dept_user", "county_user", "staff", "liaison"]
WRITERS = ["admin", "office", "dept_user", "county_user", "staff", "liaison"]


def _visible_codes(client) -> set[str]:
    response = client.get(reverse("api:project-list"))
    assert response.status_code == 200
    return {row["code"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "persona, expected",
    [(p, {"XM001", "XM002"}) for p in SEES_BOTH]
    + [(p, {"XM001"}) for p in SEES_MINE]
    + [("other_staff", {"XM002"})],
)
def test_each_role_sees_exactly_its_projects(world, personas, login, persona, expected):
    client = login(personas[persona])
    assert _visible_codes(client) == expected
    page = client.get(reverse("project-list"))
    assert {code for code in ("XM001", "XM002") if code in page.content.decode()} == expected


@pytest.mark.parametrize("persona", SEES_MINE)
def test_another_units_project_is_not_found_on_page_and_api(world, personas, login, persona):
    client = login(personas[persona])
    pk = world.theirs.pk
    for url in (
        reverse("project-detail", args=[pk]),
        reverse("project-edit", args=[pk]),
        reverse("api:project-detail", args=[pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("project-detail", args=[pk]), {"period": world.period.pk, **_form()}
    )
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_login_or_refused(world, client):
    for name in ("project-list", "project-summary", "project-import", "project-export"):
        assert client.get(reverse(name)).status_code == 302
    assert client.get(reverse("api:project-list")).status_code in (401, 403)
    assert client.get(reverse("api:project-summary-list")).status_code in (401, 403)


def _form(**overrides) -> dict:
    data = update_data(**overrides)
    return {key: ("on" if value is True else value) for key, value in data.items() if value}


@pytest.mark.parametrize("persona", WRITERS)
def test_units_file_updates_for_their_own_projects(world, personas, login, persona):
    client = login(personas[persona])
    response = client.post(
        reverse("project-detail", args=[world.mine.pk]), {"period": world.period.pk, **_form()}
    )
    assert response.status_code == 302
    assert ProjectUpdate.objects.get(project=world.mine).filed_by == personas[persona]


def test_leader_reads_everything_but_changes_nothing(world, personas, login):
    client = login(personas["leader"])
    assert client.get(reverse("project-detail", args=[world.mine.pk])).status_code == 200
    assert client.get(reverse("project-summary")).status_code == 200
    page_post = client.post(
        reverse("project-detail", args=[world.mine.pk]), {"period": world.period.pk, **_form()}
    )
    api_post = client.post(
        reverse("api:project-update-list"),
        {"project": world.mine.pk, "period": world.period.pk, **update_data()},
        content_type="application/json",
    )
    assert (page_post.status_code, api_post.status_code) == (403, 403)
    assert client.post(reverse("project-import"), {"updates": "1"}).status_code == 403
    assert ProjectUpdate.objects.count() == 0


@pytest.mark.parametrize("persona", ["leader", "dept_user", "county_user", "staff"])
def test_only_the_office_keeps_the_register(world, personas, login, persona):
    client = login(personas[persona])
    assert client.get(reverse("project-create")).status_code == 403
    assert client.get(reverse("project-edit", args=[world.mine.pk])).status_code == 403
    assert client.post(reverse("project-import"), {"register": "1"}).status_code == 403
    api = client.patch(
        reverse("api:project-detail", args=[world.mine.pk]),
        {"name": "改名"},
        content_type="application/json",
    )
    created = client.post(reverse("api:project-list"), {}, content_type="application/json")
    assert (api.status_code, created.status_code) == (403, 403)
    world.mine.refresh_from_db()
    assert world.mine.name == "衡阳县产业园标准厂房"


@pytest.mark.parametrize("persona", ["office", "admin"])
def test_office_and_admin_open_the_register_forms(world, personas, login, persona):
    client = login(personas[persona])
    assert client.get(reverse("project-create")).status_code == 200
    assert client.get(reverse("project-edit", args=[world.mine.pk])).status_code == 200
    assert client.get(reverse("project-import")).status_code == 200


def test_api_refuses_an_update_for_a_project_outside_the_users_reach(world, personas, login):
    client = login(personas["dept_user"])
    response = client.post(
        reverse("api:project-update-list"),
        {"project": world.theirs.pk, "period": world.period.pk, **update_data()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "project" in response.json()
    assert ProjectUpdate.objects.count() == 0


def test_update_list_and_export_hold_only_the_users_projects(world, personas, login):
    from projects import services

    for project in (world.mine, world.theirs):
        services.project_update_file(
            user=personas["office"], project=project, period=world.period, data=update_data()
        )
    client = login(personas["county_user"])
    rows = client.get(reverse("api:project-update-list")).json()["results"]
    assert [row["project_code"] for row in rows] == ["XM001"]
    summary = client.get(reverse("api:project-summary-list")).json()
    assert summary["overall"]["projects"] == 1
