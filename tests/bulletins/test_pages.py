"""Pages and API: who builds, edits, issues and reads; bad input; flat query counts."""

import pytest
import time_machine
from django.urls import reverse

from bulletins import services
from bulletins.models import Bulletin
from campaigns.models import Plan
from reporting.models import Period

from .conftest import TODAY


def _issue_months(office, months: int) -> None:
    plan = Plan.objects.get()
    for period in Period.objects.filter(kind="month", start__year=2025).order_by("start")[:months]:
        with time_machine.travel(TODAY, tick=False):
            bulletin = services.bulletin_draft_build(actor=office, plan=plan, period=period)
        services.bulletin_issue(actor=office, bulletin=bulletin)


@pytest.mark.parametrize("role", ["office", "admin"])
def test_coordinators_build_edit_and_issue_from_the_pages(demo, march, login, role):
    client = login(demo[role])
    with time_machine.travel(TODAY, tick=False):
        response = client.post(
            reverse("bulletin-build"), {"plan": Plan.objects.get().pk, "period": march.pk}
        )
    bulletin = Bulletin.objects.get()
    assert response.url == reverse("bulletin-edit", args=[bulletin.pk])
    form = client.get(response.url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["overview"] = "本月总体进展平稳。"
    data["commended"] = [bulletin.data["campaigns"][0]["id"]]
    response = client.post(response.url, data)
    assert response.status_code == 302
    page = client.get(reverse("bulletin-detail", args=[bulletin.pk])).content.decode()
    assert "本月总体进展平稳。" in page
    assert bulletin.data["campaigns"][0]["name"] in page
    client.post(reverse("bulletin-issue", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.is_issued


def test_edit_page_shows_field_errors_in_chinese(draft, login, demo):
    client = login(demo["office"])
    response = client.post(reverse("bulletin-edit", args=[draft.pk]), {"title": ""})
    assert response.status_code == 200
    assert "标题：该字段是必填项" in response.content.decode()


def test_building_with_a_bad_month_says_so(demo, login):
    client = login(demo["office"])
    response = client.post(
        reverse("bulletin-build"), {"plan": "x", "period": "999999"}, follow=True
    )
    assert "请选择有效的月份" in response.content.decode()
    assert not Bulletin.objects.exists()


def test_issued_bulletin_edit_page_refuses(draft, demo, login):
    services.bulletin_issue(actor=demo["office"], bulletin=draft)
    client = login(demo["office"])
    response = client.post(reverse("bulletin-edit", args=[draft.pk]), {"title": "改"}, follow=True)
    assert "已印发的通报不能修改" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "改"


@pytest.mark.parametrize("role", ["leader", "liaison", "county_user", "dept_user"])
def test_others_cannot_see_drafts_or_build(draft, demo, login, role, march):
    client = login(demo[role])
    assert client.get(reverse("bulletin-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("bulletin-pdf", args=[draft.pk])).status_code == 404
    response = client.post(reverse("bulletin-build"), {"plan": draft.plan_id, "period": march.pk})
    assert response.status_code == 403
    assert client.post(reverse("bulletin-issue", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("role", ["leader", "liaison", "county_user"])
def test_everyone_with_a_role_reads_and_downloads_issued_bulletins(draft, demo, login, role):
    services.bulletin_issue(actor=demo["office"], bulletin=draft)
    client = login(demo[role])
    assert draft.title in client.get(reverse("bulletin-list")).content.decode()
    page = client.get(reverse("bulletin-detail", args=[draft.pk])).content.decode()
    assert "印发通报" not in page
    pdf = client.get(reverse("bulletin-pdf", args=[draft.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("bulletin-docx", args=[draft.pk])).status_code == 200
    assert client.get(reverse("bulletin-chart", args=[draft.pk, "targets"]))["Content-Type"] == (
        "image/png"
    )
    assert client.post(reverse("bulletin-issue", args=[draft.pk])).status_code == 403


def test_archive_search_finds_by_text(draft, demo, login):
    services.bulletin_update(actor=demo["office"], bulletin=draft, commendation="表扬雁峰区做法")
    services.bulletin_issue(actor=demo["office"], bulletin=draft)
    client = login(demo["leader"])
    assert draft.title in client.get(reverse("bulletin-list"), {"q": "雁峰区做法"}).content.decode()
    assert (
        draft.title not in client.get(reverse("bulletin-list"), {"q": "没有的词"}).content.decode()
    )
    response = client.get(reverse("bulletin-list"), {"year": "abc"})
    assert response.status_code == 200 and "输入整数" in response.content.decode()


@pytest.mark.parametrize("months", [1, 3])
def test_archive_and_api_list_take_the_same_queries_for_more_bulletins(
    demo, login, django_assert_num_queries, months
):
    _issue_months(demo["office"], months)
    client = login(demo["leader"])
    client.get(reverse("bulletin-list"))
    with django_assert_num_queries(7):
        client.get(reverse("bulletin-list"))
    with django_assert_num_queries(5):
        assert client.get(reverse("api:bulletin-list")).json()["count"] == months


def test_api_build_and_issue_for_office_only(demo, march, login):
    url = reverse("api:bulletin-build")
    payload = {"plan": Plan.objects.get().pk, "period": march.pk}
    assert login(demo["leader"]).post(url, payload).status_code == 403
    client = login(demo["office"])
    assert "period" in client.post(url, {"plan": payload["plan"], "period": 0}).json()
    with time_machine.travel(TODAY, tick=False):
        created = client.post(url, payload).json()
    assert created["status"] == "draft"
    issued = client.post(reverse("api:bulletin-issue", args=[created["id"]])).json()
    assert issued["status"] == "issued"
    again = client.post(reverse("api:bulletin-issue", args=[created["id"]]))
    assert again.status_code == 400 and "已印发" in str(again.json())
