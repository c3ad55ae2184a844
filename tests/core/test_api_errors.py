"""The API's one exception handler: services' Django errors and unknown ids answer in Chinese."""

import pytest
from django.urls import reverse

from core.api.exceptions import NOT_FOUND

pytestmark = pytest.mark.django_db


def test_an_unknown_id_is_a_chinese_404(personas, login):
    response = login(personas["office"]).get(reverse("api:task-detail", args=[987654]))
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND}


def test_a_service_validation_error_is_a_400_keyed_by_field(personas, login):
    payload = {
        "username": personas["office"].username,
        "full_name": "重名",
        "password": "Hengyang-2025-x",
    }
    response = login(personas["admin"]).post(
        reverse("api:user-list"), payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"username": ["该用户名已存在。"]}


def test_a_service_permission_error_keeps_its_chinese_message(personas, login):

    response = login(personas["liaison"]).put(
        reverse("api:dashboard-rule-change"), {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] != "You do not have permission to perform this action."
    assert any("\u4e00" <= char <= "\u9fff" for char in response.json()["detail"])
