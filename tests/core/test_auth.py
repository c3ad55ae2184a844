import pytest

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_pages_require_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_login_succeeds_with_the_right_password(client, user):
    response = client.post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_wrong_password_shows_a_chinese_error(client, user):
    response = client.post("/accounts/login/", {"username": "reader", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_out_username_and_ip_but_not_other_users(
    client, user, django_user_model
):
    django_user_model.objects.create_user(username="colleague", password=PASSWORD)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "reader", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    # Same office address, other user: still allowed (never lock by IP alone).
    other = client.post("/accounts/login/", {"username": "colleague", "password": PASSWORD})
    assert other.status_code == 302


@pytest.mark.django_db
def test_password_change_applies_the_validators(user_client):
    response = user_client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "密码长度太短。密码必须包含至少 8 个字符。" in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_is_a_chinese_404(user_client):
    response = user_client.get("/campaigns/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
