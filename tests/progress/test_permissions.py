import pytest

from progress.models import TaskProgress

from .helpers import page_url, progress_form


def _entry(task, period, user, department=None, **fields):
    return TaskProgress.objects.create(
        task=task, period=period, department=department, updated_by=user, **fields
    )


@pytest.mark.django_db
def test_department_user_reports_its_part_of_a_task_it_leads(
    personas, login, led_task, march, commerce
):
    client = login(personas["dept_user"])
    assert client.get(page_url(led_task, march)).status_code == 200
    response = client.post(page_url(led_task, march), progress_form(done="举办活动30场"))
    assert response.status_code == 302
    entry = TaskProgress.objects.get(task=led_task, period=march)
    assert entry.department == commerce
    assert entry.updated_by == personas["dept_user"]


@pytest.mark.django_db
def test_department_user_reports_its_part_of_a_task_it_shares(
    personas, login, shared_task, march, commerce
):
    client = login(personas["dept_user"])
    response = client.post(page_url(shared_task, march), progress_form(percent=20))
    assert response.status_code == 302
    assert TaskProgress.objects.get(task=shared_task, period=march).department == commerce


@pytest.mark.django_db
def test_department_user_cannot_open_a_task_it_has_no_part_in(personas, login, foreign_task, march):
    client = login(personas["dept_user"])
    assert client.get(page_url(foreign_task, march)).status_code == 404
    assert client.post(page_url(foreign_task, march), progress_form()).status_code == 404
    assert not TaskProgress.objects.exists()


@pytest.mark.django_db
def test_department_user_cannot_report_on_a_foreign_task_through_the_api(
    personas, login, foreign_task, march
):
    client = login(personas["dept_user"])
    response = client.post(
        "/api/progress/",
        {"task": foreign_task.pk, "period": march.pk, "status": "in_progress", "percent": 10},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "task" in response.json()
    assert not TaskProgress.objects.exists()


@pytest.mark.django_db
def test_campaign_staff_report_for_the_task_force(personas, login, foreign_task, march):
    client = login(personas["staff"])
    assert client.post(page_url(foreign_task, march), progress_form()).status_code == 302
    assert TaskProgress.objects.get(task=foreign_task, period=march).department is None


@pytest.mark.django_db
def test_other_campaign_staff_cannot_see_campaign_ones_progress(personas, login, led_task, march):
    entry = _entry(led_task, march, personas["staff"], done="一专班的进展")
    client = login(personas["other_staff"])
    assert client.get(page_url(led_task, march)).status_code == 404
    assert client.get(f"/api/progress/{entry.pk}/").status_code == 404
    assert client.get("/api/progress/").json()["count"] == 0
    my_tasks = client.get(f"/api/progress/my-tasks/?period={march.pk}").json()
    assert led_task.pk not in [row["task"] for row in my_tasks["results"]]
    assert my_tasks["count"] == personas["other_campaign"].tasks.count()


@pytest.mark.django_db
def test_leader_reads_everything_and_changes_nothing(personas, login, led_task, march):
    entry = _entry(led_task, march, personas["staff"], done="专班的进展")
    client = login(personas["leader"])
    page = client.get(page_url(led_task, march))
    assert page.status_code == 200
    assert "专班的进展" in page.content.decode()
    assert "不能填报" in page.content.decode()
    assert client.post(page_url(led_task, march), progress_form()).status_code == 403
    assert client.get(f"/api/progress/{entry.pk}/").status_code == 200
    create = client.post(
        "/api/progress/",
        {"task": led_task.pk, "period": march.pk, "status": "in_progress", "percent": 10},
        content_type="application/json",
    )
    assert create.status_code == 403
    update = client.patch(
        f"/api/progress/{entry.pk}/", {"percent": 99, "version": 1}, content_type="application/json"
    )
    assert update.status_code == 403
    assert "只读" in update.json()["detail"]
    entry.refresh_from_db()
    assert entry.percent == 0


@pytest.mark.django_db
def test_office_reports_on_any_task_and_office_and_admin_see_all_entries(
    personas, login, led_task, shared_task, march, commerce
):
    _entry(shared_task, march, personas["dept_user"], department=commerce)
    client = login(personas["office"])
    assert client.post(page_url(led_task, march), progress_form()).status_code == 302
    assert TaskProgress.objects.get(task=led_task, period=march).department is None
    assert client.get("/api/progress/").json()["count"] == 2
    assert login(personas["admin"]).get("/api/progress/").json()["count"] == 2


@pytest.mark.django_db
def test_lead_department_sees_co_units_entries_but_a_co_unit_sees_only_its_own(
    personas, login, led_task, shared_task, march, commerce, django_user_model
):
    from accounts.models import Membership

    co_unit = led_task.co_departments.first()
    colleague = django_user_model.objects.create_user(username="co", first_name="协办人")
    Membership.objects.create(user=colleague, role="department", department=co_unit)
    _entry(led_task, march, colleague, department=co_unit, done="协办单位的进展")
    lead_of_shared = shared_task.lead_departments.first()
    _entry(shared_task, march, colleague, department=lead_of_shared, done="人社局的汇总")

    html = login(personas["dept_user"]).get(page_url(led_task, march)).content.decode()
    assert "协办单位填报情况" in html and "协办单位的进展" in html
    shared_html = login(personas["dept_user"]).get(page_url(shared_task, march)).content.decode()
    assert "人社局的汇总" not in shared_html


@pytest.mark.django_db
def test_department_user_cannot_update_another_units_entry_it_can_see(
    personas, login, led_task, march, django_user_model
):
    co_unit = led_task.co_departments.first()
    entry = _entry(led_task, march, personas["staff"], department=co_unit, done="原文")
    client = login(personas["dept_user"])
    assert client.get(f"/api/progress/{entry.pk}/").status_code == 200
    response = client.patch(
        f"/api/progress/{entry.pk}/",
        {"done": "改写", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.done == "原文"


@pytest.mark.django_db
def test_county_user_has_no_tasks_to_report(personas, login, march):
    client = login(personas["county_user"])
    assert client.get(f"/api/progress/my-tasks/?period={march.pk}").json()["count"] == 0
    assert client.get("/progress/").status_code == 200


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login_or_refused(client, led_task, march):
    assert client.get("/progress/").status_code == 302
    assert client.get(page_url(led_task, march)).status_code == 302
    assert client.get("/api/progress/").status_code in (401, 403)


@pytest.mark.django_db
def test_evidence_download_is_scoped_to_who_may_read_the_entry(
    personas, login, led_task, march, commerce
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(personas["dept_user"])
    upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(page_url(led_task, march), {**progress_form(), "files": upload})
    evidence = TaskProgress.objects.get(task=led_task).evidence.get()
    download = client.get(f"/progress/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    other = login(personas["other_staff"])
    assert other.get(f"/progress/evidence/{evidence.pk}/").status_code == 404
    api_url = f"/api/progress/{evidence.progress_id}/evidence/{evidence.pk}/"
    assert other.get(api_url).status_code == 404
    assert login(personas["office"]).get(api_url).status_code == 200
