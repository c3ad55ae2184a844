from datetime import date

import pytest

from audit.models import AuditEntry
from progress.models import TaskProgress
from reporting.models import Period

from .helpers import page_url, progress_form


@pytest.mark.django_db
def test_lead_departments_entry_updates_the_tasks_status_and_percent(
    personas, login, led_task, march
):
    login(personas["dept_user"]).post(
        page_url(led_task, march), progress_form(status="lagging", percent=35)
    )
    led_task.refresh_from_db()
    assert (led_task.status, led_task.percent) == ("lagging", 35)
    entry = AuditEntry.objects.filter(object_id=str(led_task.pk), action="update").get()
    assert entry.actor == personas["dept_user"]
    assert {c["field"] for c in entry.changes} == {"status", "percent"}


@pytest.mark.django_db
def test_co_units_entry_does_not_change_the_task(personas, login, shared_task, march):
    before = (shared_task.status, shared_task.percent)
    login(personas["dept_user"]).post(
        page_url(shared_task, march), progress_form(status="completed", percent=100)
    )
    assert TaskProgress.objects.get(task=shared_task).percent == 100
    shared_task.refresh_from_db()
    assert (shared_task.status, shared_task.percent) == before


@pytest.mark.django_db
def test_task_force_entry_updates_the_task_through_the_api(personas, login, shared_task, march):
    response = login(personas["staff"]).post(
        "/api/progress/",
        {"task": shared_task.pk, "period": march.pk, "status": "in_progress", "percent": 55},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["department"] is None
    shared_task.refresh_from_db()
    assert shared_task.percent == 55


@pytest.mark.django_db
def test_an_earlier_periods_entry_does_not_overwrite_a_later_consolidated_state(
    personas, login, led_task, march
):
    client = login(personas["dept_user"])
    april = Period.objects.get(kind="month", start=date(2025, 4, 1))
    client.post(page_url(led_task, april), progress_form(percent=50))
    client.post(page_url(led_task, march), progress_form(percent=30))
    led_task.refresh_from_db()
    assert led_task.percent == 50


@pytest.mark.django_db
def test_every_save_is_audited_with_its_author_and_changes(personas, login, led_task, march):
    client = login(personas["dept_user"])
    client.post(page_url(led_task, march), progress_form(done="第一稿"))
    client.post(page_url(led_task, march), progress_form(version=1, done="第二稿"))
    entry = TaskProgress.objects.get(task=led_task, period=march)
    records = AuditEntry.objects.filter(object_id=str(entry.pk), object_repr=str(entry))
    assert [r.action for r in records.order_by("created_at", "pk")] == ["create", "update"]
    update = records.get(action="update")
    assert update.actor == personas["dept_user"]
    assert update.source == "page"
    assert {"field": "done", "label": "工作进展", "before": "第一稿", "after": "第二稿"} in (
        update.changes
    )
    page = client.get(page_url(led_task, march)).content.decode()
    assert "变更记录" in page and "第二稿" in page


@pytest.mark.django_db
def test_target_values_are_saved_and_their_change_is_audited(personas, login, led_task, march):
    target = led_task.targets.order_by("order", "pk").first()
    client = login(personas["dept_user"])
    client.post(
        page_url(led_task, march),
        progress_form(
            **{f"target_{target.pk}_actual": "12", f"target_{target.pk}_cumulative": "30"}
        ),
    )
    value = TaskProgress.objects.get(task=led_task).values.get(target=target)
    assert (value.actual, value.cumulative) == (12, 30)
    client.post(
        page_url(led_task, march),
        progress_form(version=1, **{f"target_{target.pk}_cumulative": "31"}),
    )
    update = AuditEntry.objects.get(action="update", object_id=str(value.progress_id))
    assert any(c["field"] == "指标完成值" for c in update.changes)
