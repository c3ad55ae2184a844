import pytest

from accounts.models import Membership
from progress.models import TaskProgress

from .helpers import page_url, progress_form


@pytest.fixture
def colleague(personas, commerce, django_user_model):
    """A second 市商务局 user editing the same entry."""
    user = django_user_model.objects.create_user(username="commerce2", first_name="商务局周")
    Membership.objects.create(user=user, role="department", department=commerce)
    return user


@pytest.mark.django_db
def test_second_page_writer_is_told_and_both_texts_stay_visible(
    personas, colleague, client, led_task, march
):
    client.force_login(personas["dept_user"])
    client.post(page_url(led_task, march), progress_form(done="初稿"))
    client.force_login(colleague)
    client.post(page_url(led_task, march), progress_form(version=1, done="周的文字"))
    client.force_login(personas["dept_user"])
    response = client.post(page_url(led_task, march), progress_form(version=1, done="刘的文字"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "保存冲突" in html and "商务局周" in html
    assert "周的文字" in html  # the saved text
    assert "刘的文字" in html  # the second writer's own text, still in the form
    assert 'name="version" value="2"' in html
    assert TaskProgress.objects.get(task=led_task).done == "周的文字"
    resend = client.post(page_url(led_task, march), progress_form(version=2, done="刘的文字"))
    assert resend.status_code == 302
    assert TaskProgress.objects.get(task=led_task).done == "刘的文字"


@pytest.mark.django_db
def test_two_first_entries_for_the_same_unit_conflict_instead_of_duplicating(
    personas, colleague, client, led_task, march
):
    client.force_login(colleague)
    client.post(page_url(led_task, march), progress_form(done="周先填"))
    client.force_login(personas["dept_user"])
    response = client.post(page_url(led_task, march), progress_form(version=0, done="刘后填"))
    assert "保存冲突" in response.content.decode()
    assert TaskProgress.objects.filter(task=led_task, period=march).count() == 1
    assert TaskProgress.objects.get(task=led_task).done == "周先填"


@pytest.mark.django_db
def test_stale_api_update_is_a_409_with_the_saved_entry_and_nothing_changes(
    personas, colleague, client, led_task, march
):
    client.force_login(personas["dept_user"])
    created = client.post(
        "/api/progress/",
        {"task": led_task.pk, "period": march.pk, "status": "in_progress", "percent": 10},
        content_type="application/json",
    ).json()
    assert created["version"] == 1
    client.force_login(colleague)
    first = client.patch(
        f"/api/progress/{created['id']}/",
        {"done": "周的文字", "version": 1},
        content_type="application/json",
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    client.force_login(personas["dept_user"])
    second = client.put(
        f"/api/progress/{created['id']}/",
        {"status": "lagging", "percent": 20, "done": "刘的文字", "version": 1},
        content_type="application/json",
    )
    assert second.status_code == 409
    body = second.json()
    assert "保存冲突" in body["detail"]
    assert body["current"]["done"] == "周的文字" and body["current"]["version"] == 2
    entry = TaskProgress.objects.get(pk=created["id"])
    assert (entry.done, entry.percent, entry.version) == ("周的文字", 10, 2)


@pytest.mark.django_db
def test_api_create_when_the_units_entry_exists_is_a_409(personas, login, led_task, march):
    client = login(personas["dept_user"])
    payload = {"task": led_task.pk, "period": march.pk, "status": "in_progress", "percent": 10}
    assert (
        client.post("/api/progress/", payload, content_type="application/json").status_code == 201
    )
    again = client.post("/api/progress/", payload, content_type="application/json")
    assert again.status_code == 409
    assert "保存冲突" in again.json()["detail"]


@pytest.mark.django_db
def test_api_update_without_a_version_is_refused(personas, login, led_task, march):
    client = login(personas["dept_user"])
    created = client.post(
        "/api/progress/",
        {"task": led_task.pk, "period": march.pk, "status": "in_progress", "percent": 10},
        content_type="application/json",
    ).json()
    response = client.patch(
        f"/api/progress/{created['id']}/", {"percent": 30}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "版本号" in response.json()["version"][0]


@pytest.mark.django_db
def test_payload_department_and_version_bump_come_from_the_server(
    personas, login, led_task, march, commerce
):
    other = led_task.co_departments.first()
    client = login(personas["dept_user"])
    response = client.post(
        "/api/progress/",
        {
            "task": led_task.pk,
            "period": march.pk,
            "status": "in_progress",
            "percent": 10,
            "department": other.pk,
            "version": 7,
            "updated_by": personas["office"].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    entry = TaskProgress.objects.get(pk=response.json()["id"])
    assert (entry.department, entry.version, entry.updated_by) == (
        commerce,
        1,
        personas["dept_user"],
    )
