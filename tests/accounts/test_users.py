import pytest

from accounts.models import Membership
from audit.models import AuditEntry
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_administrator_creates_a_user_and_binds_a_role_in_the_page(personas, login):
    client = login(personas["admin"])
    response = client.post(
        "/accounts/users/new/",
        {"username": "newbie", "full_name": "新用户", "email": "", "password": "Gongjian-2025x"},
    )
    assert response.status_code == 302
    user = Membership.objects.model._meta.get_field("user").related_model.objects.get(
        username="newbie"
    )
    detail = response["Location"]
    response = client.post(
        detail,
        {
            "action": "membership",
            "role": "department",
            "department": personas["dept_user"].memberships.get().department_id,
        },
    )
    assert response.status_code == 302
    assert user.memberships.get().role == "department"
    summaries = list(
        AuditEntry.objects.filter(object_id=str(user.pk)).values_list("summary", flat=True)
    )
    assert any("新增角色" in s for s in summaries)


@pytest.mark.django_db
def test_role_requiring_a_binding_without_one_is_refused_in_chinese(personas, login):
    client = login(personas["admin"])
    target = personas["leader"]
    response = client.post(
        f"/accounts/users/{target.pk}/", {"action": "membership", "role": "campaign"}
    )
    assert response.status_code == 200
    assert "该角色必须选择攻坚专班" in response.content.decode()


@pytest.mark.django_db
def test_a_campaign_has_at_most_one_liaison(personas, login):
    client = login(personas["admin"])
    response = client.post(
        f"/accounts/users/{personas['staff'].pk}/",
        {
            "action": "membership",
            "role": "campaign",
            "campaign": personas["campaign"].pk,
            "is_liaison": "on",
        },
    )
    assert "该专班已有联络员" in response.content.decode()


@pytest.mark.django_db
def test_weak_password_is_refused_when_creating_a_user(personas, login):
    response = login(personas["admin"]).post(
        "/accounts/users/new/", {"username": "x1", "full_name": "某", "password": "12345678"}
    )
    assert "这个密码太常见了" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["office", "liaison", "dept_user", "county_user", "leader"])
def test_only_administrators_manage_users(personas, login, persona):
    client = login(personas[persona])
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/api/users/").status_code == 403
    membership = personas["staff"].memberships.get()
    assert client.post(f"/accounts/memberships/{membership.pk}/delete/").status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_administrator_removes_a_binding(personas, login):
    membership = personas["staff"].memberships.get()
    response = login(personas["admin"]).post(f"/accounts/memberships/{membership.pk}/delete/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_me_endpoint_lists_the_users_roles(personas, login):
    body = login(personas["liaison"]).get("/api/me/").json()
    assert body["roles"] == ["campaign"]
    assert body["memberships"][0]["is_liaison"] is True


@pytest.mark.django_db
def test_api_creates_users_and_bindings_for_administrators(personas, login):
    client = login(personas["admin"])
    response = client.post(
        "/api/users/",
        {"username": "api_user", "full_name": "接口用户", "password": "Gongjian-2025x"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    user_id = response.json()["id"]
    bad = client.post(
        "/api/memberships/", {"user": user_id, "role": "region"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "该角色必须选择县市区" in bad.content.decode()
    region = personas["county_user"].memberships.get().region_id
    ok = client.post(
        "/api/memberships/",
        {"user": user_id, "role": "region", "region": region},
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content


@pytest.mark.django_db
def test_demo_accounts_command_creates_one_account_per_role(hengyang_plan):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_accounts", stdout=out)
    call_command("seed_accounts", stdout=StringIO())  # twice: nothing duplicated
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"admin", "office", "campaign", "department", "region", "leader"}
    assert Membership.objects.filter(is_liaison=True).count() == 1
    assert "Hengyang-2025" in out.getvalue()
    assert PASSWORD not in out.getvalue()
