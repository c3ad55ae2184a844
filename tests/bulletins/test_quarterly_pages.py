"""Quarterly review pages and API: who builds, edits, issues and reads; bad input; flat queries."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from bulletins import services
from bulletins.choices import BulletinStatus
from bulletins.models import QuarterlyReview
from campaigns.models import Plan
from reporting.models import Period

from .conftest import REVIEW_DAY

READERS = ["leader", "liaison", "staff", "other_staff", "dept_user", "county_user"]
COORDINATORS = ["office", "admin"]


def _links(pk: int) -> dict[str, str]:
    return {
        name: reverse(f"quarterly-{name}", args=[pk])
        for name in ("detail", "edit", "issue", "correct", "pdf", "docx")
    }


@pytest.mark.parametrize("role", COORDINATORS)
def test_coordinators_build_edit_and_issue_from_the_pages(demo, first_quarter, login, role):
    client = login(demo[role])
    assert "编制季度讲评" in client.get(reverse("quarterly-list")).content.decode()
    with time_machine.travel(REVIEW_DAY, tick=False):
        response = client.post(
            reverse("quarterly-build"), {"plan": Plan.objects.get().pk, "period": first_quarter.pk}
        )
    review = QuarterlyReview.objects.get()
    assert response.url == reverse("quarterly-edit", args=[review.pk])
    form = client.get(response.url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["opinion"] = "一季度各专班总体推进有力。"
    assert client.post(response.url, data).status_code == 302
    page = client.get(review.get_absolute_url()).content.decode()
    assert "一季度各专班总体推进有力。" in page and "印发季度讲评" in page
    client.post(reverse("quarterly-issue", args=[review.pk]))
    review.refresh_from_db()
    assert review.is_issued and review.issued_by == demo[role]


def test_others_neither_see_drafts_nor_build(review, demo, client, first_quarter):
    links = _links(review.pk)
    build = {"plan": review.plan_id, "period": first_quarter.pk}
    for role in READERS:
        client.force_login(demo[role])
        for name in ("detail", "edit", "pdf", "docx"):
            assert client.get(links[name]).status_code == 404, (role, name)
        assert client.post(links["issue"]).status_code == 404, role
        assert client.post(reverse("quarterly-build"), build).status_code == 403, role
        api = reverse("api:quarterly-review-detail", args=[review.pk])
        assert client.get(api).status_code == 404, role
        assert client.post(reverse("api:quarterly-review-build"), build).status_code == 403, role
        assert "编制季度讲评" not in client.get(reverse("quarterly-list")).content.decode()


def test_everyone_with_a_role_reads_issued_reviews_and_changes_nothing(review, demo, client):
    services.review_issue(actor=demo["office"], review=review)
    links = _links(review.pk)
    api = reverse("api:quarterly-review-detail", args=[review.pk])
    for role in READERS:
        client.force_login(demo[role])
        assert review.title in client.get(reverse("quarterly-list")).content.decode(), role
        page = client.get(links["detail"]).content.decode()
        assert "评分办法" in page and "印发季度讲评" not in page and "生成更正草稿" not in page
        assert client.post(links["issue"]).status_code == 403, role
        assert client.post(links["correct"], {"reason": "改"}).status_code == 403, role
        assert client.get(links["edit"]).status_code == 403, role
        assert client.get(api).json()["status"] == BulletinStatus.ISSUED, role
        response = client.patch(api, {"opinion": "改"}, content_type="application/json")
        assert response.status_code == 403, role
    review.refresh_from_db()
    assert review.opinion != "改" and review.version == 1


def test_a_leader_downloads_issued_reviews(review, demo, login):
    services.review_issue(actor=demo["office"], review=review)
    client = login(demo["leader"])
    links = _links(review.pk)
    assert client.get(links["pdf"])["Content-Type"] == "application/pdf"
    assert client.get(links["docx"]).content.startswith(b"PK")
    chart = client.get(reverse("quarterly-chart", args=[review.pk, "campaign_scores"]))
    assert chart["Content-Type"] == "image/png"


def test_anonymous_is_sent_to_login_and_refused_by_the_api(review, client):
    assert client.get(reverse("quarterly-list")).status_code == 302
    assert client.get(review.get_absolute_url()).status_code == 302
    assert client.get(reverse("api:quarterly-review-list")).status_code in (401, 403)


def test_bulletin_archive_links_to_the_reviews(demo, login):
    page = login(demo["leader"]).get(reverse("bulletin-list")).content.decode()
    assert reverse("quarterly-list") in page


def test_archive_search_finds_issued_reviews_by_their_text(review, demo, login):
    services.review_update(actor=demo["office"], review=review, opinion="表扬珠晖区的做法。")
    services.review_issue(actor=demo["office"], review=review)
    client = login(demo["county_user"])
    url = reverse("quarterly-list")
    assert review.title in client.get(url, {"q": "珠晖区的做法"}).content.decode()
    assert review.title not in client.get(url, {"q": "没有的词"}).content.decode()
    assert review.title not in client.get(url, {"year": "2024"}).content.decode()
    response = client.get(url, {"year": "abc"})
    assert response.status_code == 200 and "输入整数" in response.content.decode()
    # The API list takes the same filter set.
    api = reverse("api:quarterly-review-list")
    found = client.get(api, {"q": "珠晖区的做法", "year": 2025}).json()["results"]
    assert [row["id"] for row in found] == [review.pk]
    assert client.get(api, {"q": "没有的词"}).json()["count"] == 0
    response = client.get(api, {"year": "abc"})
    assert response.status_code == 400 and "输入" in response.json()["year"][0]


def test_building_a_month_or_nothing_says_so_in_chinese(demo, login):
    client = login(demo["office"])
    march = Period.objects.get(kind="month", start=date(2025, 3, 1))
    response = client.post(
        reverse("quarterly-build"), {"plan": Plan.objects.get().pk, "period": march.pk}, follow=True
    )
    assert "请选择有效的季度" in response.content.decode()
    api = reverse("api:quarterly-review-build")
    response = client.post(api, {"plan": Plan.objects.get().pk, "period": march.pk})
    assert response.status_code == 400 and "季度" in response.json()["period"][0]
    response = client.post(api, {"plan": "x"})
    assert response.status_code == 400
    assert response.json() == {"plan": ["请选择有效的方案。"], "period": ["请选择季度。"]}
    assert not QuarterlyReview.objects.exists()


def test_unknown_review_is_a_404(demo, login):
    client = login(demo["office"])
    assert client.get(reverse("quarterly-detail", args=[999999])).status_code == 404
    response = client.get(reverse("api:quarterly-review-detail", args=[999999]))
    assert response.status_code == 404
    assert response.json() == {"detail": "没有找到这份季度讲评，或您无权查看。"}
    response = client.get(reverse("api:quarterly-review-pdf", args=[999999]))
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert client.get(reverse("quarterly-chart", args=[999999, "campaign_scores"])).status_code == (
        404
    )


def test_unknown_chart_is_a_404(review, demo, login):
    client = login(demo["office"])
    assert client.get(reverse("quarterly-chart", args=[review.pk, "targets"])).status_code == 404


def test_issued_review_refuses_edits_on_the_page_and_in_the_api(review, demo, login):
    services.review_issue(actor=demo["office"], review=review)
    client = login(demo["office"])
    response = client.post(
        reverse("quarterly-edit", args=[review.pk]), {"title": "改"}, follow=True
    )
    assert "已印发的季度讲评不能修改" in response.content.decode()
    api = reverse("api:quarterly-review-detail", args=[review.pk])
    response = client.patch(api, {"opinion": "改"}, content_type="application/json")
    assert response.status_code == 400 and "已印发的季度讲评不能修改" in str(response.json())
    review.refresh_from_db()
    assert "改" not in (review.title, review.opinion)


def test_edit_page_shows_field_errors_in_chinese(review, demo, login):
    response = login(demo["office"]).post(reverse("quarterly-edit", args=[review.pk]), {})
    assert response.status_code == 200
    assert "标题：该字段是必填项" in response.content.decode()


def test_api_edits_issues_corrects_and_downloads(review, demo, login):
    client = login(demo["office"])
    api = reverse("api:quarterly-review-detail", args=[review.pk])
    edited = client.patch(
        api, {"opinion": "接口写的讲评。", "status": "issued"}, content_type="application/json"
    ).json()
    assert (edited["opinion"], edited["status"]) == ("接口写的讲评。", "draft")
    assert client.post(reverse("api:quarterly-review-issue", args=[review.pk])).json()[
        "status"
    ] == ("issued")
    correct = reverse("api:quarterly-review-correct", args=[review.pk])
    assert client.post(correct, {"reason": ""}).json() == {"reason": ["请填写更正原因。"]}
    corrected = client.post(correct, {"reason": "更正得分"})
    assert corrected.status_code == 201 and corrected.json()["version"] == 2
    pdf = client.get(reverse("api:quarterly-review-pdf", args=[review.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("api:quarterly-review-docx", args=[review.pk]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def _issue_more_quarters(review, office, count: int) -> None:
    """Issue `review` and `count - 1` more quarters carrying its figures (rows only grow)."""
    services.review_issue(actor=office, review=review)
    quarters = Period.objects.filter(kind="quarter", start__year=2025).order_by("start")[1:count]
    for quarter in quarters:
        QuarterlyReview.objects.create(
            plan=review.plan,
            period=quarter,
            title=f"{quarter.label}讲评",
            status=BulletinStatus.ISSUED,
            data=review.data,
            opinion=review.opinion,
            issued_by=office,
        )


@pytest.mark.parametrize("quarters", [1, 3])
def test_archive_and_api_list_take_the_same_queries_for_more_reviews(
    review, demo, login, django_assert_num_queries, quarters
):
    _issue_more_quarters(review, demo["office"], quarters)
    client = login(demo["leader"])
    client.get(reverse("quarterly-list"))
    with django_assert_num_queries(7):
        client.get(reverse("quarterly-list"))
    with django_assert_num_queries(5):
        assert client.get(reverse("api:quarterly-review-list")).json()["count"] == quarters


@pytest.mark.parametrize("corrections", [0, 2])
def test_detail_takes_the_same_queries_for_more_versions(
    review, demo, login, django_assert_num_queries, corrections
):
    services.review_issue(actor=demo["office"], review=review)
    latest = review
    for number in range(corrections):
        latest = services.review_correct(
            actor=demo["office"], review=latest, reason=f"更正{number}"
        )
        services.review_issue(actor=demo["office"], review=latest)
    client = login(demo["leader"])
    client.get(latest.get_absolute_url())
    with django_assert_num_queries(7):
        client.get(latest.get_absolute_url())
    with django_assert_num_queries(4):
        client.get(reverse("api:quarterly-review-detail", args=[latest.pk]))
