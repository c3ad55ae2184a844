import pytest

from progress.models import TaskProgress

from .helpers import page_url, progress_form

PERCENT_CASES = [
    ("101", "完成进度须在 0 到 100 之间"),
    ("-1", "完成进度须在 0 到 100 之间"),
    ("五十", "完成进度须为 0 到 100 之间的整数"),
    ("", "请填写完成进度"),
]


@pytest.mark.django_db
def test_page_refuses_a_bad_percent_naming_the_field(personas, login, led_task, march):
    client = login(personas["dept_user"])
    for percent, message in PERCENT_CASES:
        response = client.post(
            page_url(led_task, march), progress_form(percent=percent, done="保留的文字")
        )
        assert response.status_code == 200, percent
        html = response.content.decode()
        assert f"完成进度（%）：{message}" in html, percent
        assert "保留的文字" in html
    assert not TaskProgress.objects.exists()


@pytest.mark.django_db
def test_page_refuses_text_in_target_figures_and_a_bad_status(personas, login, led_task, march):
    target = led_task.targets.order_by("order", "pk").first()
    response = login(personas["dept_user"]).post(
        page_url(led_task, march),
        progress_form(status="finished", **{f"target_{target.pk}_cumulative": "三十"}),
    )
    html = response.content.decode()
    assert f"{target.name}·累计完成：请输入数字" in html
    assert 'value="三十"' in html  # what was typed stays visible
    assert "状态：状态无效" in html
    assert not TaskProgress.objects.exists()


@pytest.mark.django_db
def test_page_for_a_period_that_does_not_exist_is_a_404(personas, login, led_task, march):
    client = login(personas["dept_user"])
    assert client.get(f"/progress/tasks/{led_task.pk}/999999/").status_code == 404
    assert client.post(f"/progress/tasks/{led_task.pk}/999999/", progress_form()).status_code == 404


@pytest.mark.django_db
def test_page_for_a_quarter_is_a_404_progress_is_monthly_or_per_xun(personas, login, led_task):
    from reporting.models import Period
    from reporting.services import period_ensure_year

    period_ensure_year(year=2025)
    quarter = Period.objects.filter(kind="quarter").first()
    assert login(personas["dept_user"]).get(page_url(led_task, quarter)).status_code == 404


API_CASES = [
    ({"percent": 101}, "percent", "完成进度须在 0 到 100 之间"),
    ({"percent": -1}, "percent", "完成进度须在 0 到 100 之间"),
    ({"percent": "abc"}, "percent", "整数"),
    ({"period": 999999}, "period", "无效主键"),
    ({"period": "x"}, "period", ""),
    ({"status": "finished"}, "status", "不是合法选项"),
    ({"values": [{"target": 1, "cumulative": "三十"}]}, "values", "数字"),
]


@pytest.mark.django_db
def test_api_refuses_bad_input_naming_the_field(personas, login, led_task, march):
    client = login(personas["dept_user"])
    payload = {"task": led_task.pk, "period": march.pk, "status": "in_progress", "percent": 10}
    for change, field, message in API_CASES:
        response = client.post(
            "/api/progress/", {**payload, **change}, content_type="application/json"
        )
        assert response.status_code == 400, change
        assert message in str(response.json()[field]), change
    assert not TaskProgress.objects.exists()


@pytest.mark.django_db
def test_api_refuses_a_target_of_another_task(personas, login, led_task, shared_task, march):
    other_target = led_task.targets.first()
    response = login(personas["dept_user"]).post(
        "/api/progress/",
        {
            "task": shared_task.pk,
            "period": march.pk,
            "status": "in_progress",
            "percent": 10,
            "values": [{"target": other_target.pk, "cumulative": "3"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "不属于该任务" in response.json()["values"][0]
    assert not TaskProgress.objects.exists()


@pytest.mark.django_db
def test_my_tasks_api_refuses_bad_filters_naming_them(personas, login, march):
    client = login(personas["dept_user"])
    response = client.get("/api/progress/my-tasks/?period=999999&flag=late&reported=maybe")
    assert response.status_code == 400
    assert set(response.json()) == {"period", "flag", "reported"}


@pytest.mark.django_db
def test_my_tasks_page_shows_bad_filters_and_falls_back_to_this_month(personas, login, march):
    import time_machine

    with time_machine.travel("2025-03-10 09:00 +0800", tick=False):
        response = login(personas["dept_user"]).get("/progress/?period=999999")
    assert response.status_code == 200
    assert response.context["period"] == march
    assert "周期：" in response.content.decode()


@pytest.mark.django_db
def test_my_tasks_without_periods_says_so(personas, login):
    client = login(personas["dept_user"])
    assert "尚未设置本月的报送周期" in client.get("/progress/").content.decode()
    response = client.get("/api/progress/my-tasks/")
    assert response.status_code == 400 and "period" in response.json()
