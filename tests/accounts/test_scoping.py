import pytest

from campaigns.models import Department


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "visible"), [("office", 7), ("leader", 7), ("liaison", 1)])
def test_home_shows_the_campaigns_a_user_works_on(personas, login, persona, visible):
    response = login(personas[persona]).get("/")
    assert len(response.context["campaigns"]) == visible


@pytest.mark.django_db
def test_department_user_sees_only_campaigns_with_their_departments_tasks(
    personas, login, django_user_model
):
    from accounts.models import Membership

    women = django_user_model.objects.create_user(username="fulian", password="x-Passw0rd-9")
    Membership.objects.create(
        user=women, role="department", department=Department.objects.get(name="市妇联")
    )
    response = login(women).get("/")
    assert [c.number for c in response.context["campaigns"]] == [7]
    campaign = response.context["campaigns"][0]
    tasks = login(women).get(f"/campaigns/{campaign.pk}/").context["task_count"]
    assert tasks == 1  # （3）实施家庭教育指导服务“向阳花”行动 — the only task 市妇联 has


@pytest.mark.django_db
def test_task_force_staff_cannot_open_another_campaign(personas, login):
    client = login(personas["other_staff"])
    assert client.get(f"/campaigns/{personas['campaign'].pk}/").status_code == 404
    assert client.get(f"/api/campaigns/{personas['campaign'].pk}/").status_code == 404
    assert client.get(f"/campaigns/{personas['other_campaign'].pk}/").status_code == 200


@pytest.mark.django_db
def test_department_page_lists_only_tasks_in_reach(personas, login):
    commerce = Department.objects.get(name="市商务局")
    response = login(personas["other_staff"]).get(f"/departments/{commerce.pk}/")
    campaigns = {t.campaign_id for t in response.context["led"] + response.context["shared"]}
    assert campaigns <= {personas["other_campaign"].pk}


@pytest.mark.django_db
def test_user_without_a_role_sees_no_campaign(user_client, django_user_model, client):
    nobody = django_user_model.objects.create_user(username="nobody", password="x-Passw0rd-9")
    client.force_login(nobody)
    assert client.get("/").context["campaigns"] == []
    assert client.get("/api/campaigns/").json()["count"] == 0
