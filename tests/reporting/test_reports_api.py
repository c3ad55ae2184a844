"""The monthly report API: create-or-get, version-checked edits, workflow actions, review queue."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import CampaignReport
from reporting.services import report_get_or_create, report_transition, report_update
from tests.factories import CampaignFactory
from tests.reporting.test_reports_support import build_cast, month

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def cast(db):
    return build_cast()


def _open(client, cast, number=3):
    return client.post(
        "/api/reports/",
        {"campaign": cast.campaign.pk, "period": month(number).pk},
        content_type="application/json",
    )


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _patch(client, report_id, data):
    return client.patch(f"/api/reports/{report_id}/", data, content_type="application/json")


def test_whole_workflow_through_the_api(cast, login):
    client = login(cast["staff"])
    opened = _open(client, cast)
    assert opened.status_code == 201
    body = opened.json()
    report_id = body["id"]
    assert (body["status"], body["version"], body["allowed_actions"]) == ("draft", 1, [])
    assert _open(client, cast).status_code == 200  # the same month again: no second report

    edited = _patch(
        client,
        report_id,
        {
            "version": 1,
            "practices": "以赛促销",
            "ranks": [{"indicator": "社零增速", "rank": 4, "previous_rank": 6}],
        },
    )
    assert edited.status_code == 200
    assert edited.json()["ranks"] == [
        {"indicator": "社零增速", "rank": 4, "previous_rank": 6, "change": 2, "note": ""}
    ]
    assert _post(client, f"/api/reports/{report_id}/submit/").status_code == 403

    client = login(cast["liaison"])
    with time_machine.travel(datetime(2025, 3, 24, 10, tzinfo=SHANGHAI), tick=False):
        submitted = _post(client, f"/api/reports/{report_id}/submit/")
    assert submitted.status_code == 200
    assert (submitted.json()["status"], submitted.json()["submitted_late"]) == ("submitted", False)

    client = login(cast["office"])
    assert _post(client, f"/api/reports/{report_id}/return/").status_code == 400
    returned = _post(client, f"/api/reports/{report_id}/return/", {"reason": "请补充成效数据"})
    assert (returned.json()["status"], returned.json()["return_reason"]) == (
        "returned",
        "请补充成效数据",
    )

    client = login(cast["staff"])
    fixed = _patch(client, report_id, {"version": 2, "practices": "以赛促销，带动消费1.2亿元"})
    assert fixed.status_code == 200
    client = login(cast["liaison"])
    assert _post(client, f"/api/reports/{report_id}/submit/").json()["status"] == "submitted"

    client = login(cast["office"])
    accepted = _post(client, f"/api/reports/{report_id}/accept/").json()
    assert (accepted["status"], accepted["returned_count"], accepted["allowed_actions"]) == (
        "accepted",
        1,
        ["reopen"],
    )
    locked = _patch(client, report_id, {"version": 3, "practices": "改动"})
    assert locked.status_code == 409
    assert "已采纳并锁定" in locked.json()["detail"]

    reopened = _post(client, f"/api/reports/{report_id}/reopen/", {"reason": "口径调整"})
    assert reopened.json()["status"] == "returned"


def test_a_stale_version_gets_409_with_the_saved_report(cast, login):
    client = login(cast["staff"])
    report_id = _open(client, cast).json()["id"]
    assert _patch(client, report_id, {"version": 1, "problems": "先保存"}).status_code == 200
    stale = _patch(client, report_id, {"version": 1, "problems": "后保存"})
    assert stale.status_code == 409
    body = stale.json()
    assert "已被他人修改" in body["detail"]
    assert (body["current"]["problems"], body["current"]["version"]) == ("先保存", 2)
    assert CampaignReport.objects.get(pk=report_id).problems == "先保存"


def test_an_edit_without_version_is_refused_naming_the_field(cast, login):
    client = login(cast["staff"])
    report_id = _open(client, cast).json()["id"]
    response = _patch(client, report_id, {"problems": "无版本"})
    assert response.status_code == 400
    assert "version" in response.json()


def test_status_and_ownership_in_the_payload_are_ignored(cast, login):
    client = login(cast["staff"])
    report_id = _open(client, cast).json()["id"]
    response = _patch(
        client,
        report_id,
        {
            "version": 1,
            "practices": "正文",
            "status": "accepted",
            "campaign": cast.other_campaign.pk,
            "submitted_late": True,
        },
    )
    assert response.status_code == 200
    report = CampaignReport.objects.get(pk=report_id)
    assert (report.status, report.campaign_id, report.submitted_late, report.practices) == (
        "draft",
        cast.campaign.pk,
        False,
        "正文",
    )


@pytest.mark.parametrize(
    ("ranks", "field", "message"),
    [
        ([{"indicator": "增速", "rank": 0}], "rank", "大于或者等于 1"),
        ([{"indicator": "增速", "rank": 15}], "rank", "小于或者等于 14"),
        ([{"indicator": "增速", "rank": "三"}], "rank", "合法的整数"),
        ([{"indicator": "", "rank": 3}], "indicator", "不能为空"),
    ],
)
def test_bad_rank_rows_get_400_naming_the_field(cast, login, ranks, field, message):
    client = login(cast["staff"])
    report_id = _open(client, cast).json()["id"]
    response = _patch(client, report_id, {"version": 1, "ranks": ranks})
    assert response.status_code == 400
    assert message in response.json()["ranks"]["0"][field][0]  # rows are keyed by their index


def test_duplicate_indicators_get_400(cast, login):
    client = login(cast["staff"])
    report_id = _open(client, cast).json()["id"]
    ranks = [{"indicator": "增速", "rank": 3}, {"indicator": "增速", "rank": 4}]
    response = _patch(client, report_id, {"version": 1, "ranks": ranks})
    assert response.status_code == 400
    assert "第2行 指标：“增速”重复。" in response.json()["ranks"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"campaign": "self", "period": 999999}, "period"),
        ({"campaign": "self", "period": "三月"}, "period"),
        ({"campaign": "other", "period": "march"}, "campaign"),
        ({"period": "march"}, "campaign"),
        ({"campaign": "self", "period": "ten_day"}, "period"),
    ],
)
def test_opening_with_a_bad_campaign_or_period_is_a_400_naming_it(cast, login, payload, field):
    from reporting.models import Period

    values = {
        "self": cast.campaign.pk,
        "other": cast.other_campaign.pk,
        "march": month(3).pk,
        "ten_day": Period.objects.filter(kind="ten_day").first().pk,
    }
    data = {key: values.get(value, value) for key, value in payload.items()}
    response = _post(login(cast["staff"]), "/api/reports/", data)
    assert response.status_code == 400
    assert field in response.json()
    assert not CampaignReport.objects.exists()


def test_regenerate_checks_the_version(cast, login):
    client = login(cast["staff"])
    report_id = _open(client, cast).json()["id"]
    assert _post(client, f"/api/reports/{report_id}/regenerate/", {"version": 1}).status_code == 200
    stale = _post(client, f"/api/reports/{report_id}/regenerate/", {"version": 1})
    assert stale.status_code == 409


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("staff", 200, 200),
        ("liaison", 200, 200),
        ("office", 200, 200),
        ("admin", 200, 200),
        ("leader", 200, 403),
        ("other_staff", 404, 404),
        ("dept_user", 404, 404),
        ("county_user", 404, 404),
    ],
)
def test_report_api_reach_per_role(cast, login, persona, read, write):
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(3), user=cast["staff"])
    client = login(cast[persona])
    assert client.get(f"/api/reports/{report.pk}/").status_code == read
    listed = client.get("/api/reports/").json()["count"]
    assert listed == (1 if read == 200 else 0)
    assert _patch(client, report.pk, {"version": 1, "problems": "x"}).status_code == write


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("liaison", {"submit": 200, "accept": 403}),
        ("staff", {"submit": 403}),
        ("leader", {"submit": 403, "accept": 403}),
        ("other_staff", {"submit": 404}),
        ("dept_user", {"submit": 404}),
        ("office", {"submit": 200, "accept": 200}),
    ],
)
def test_workflow_actions_per_role(cast, login, persona, expected):
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(3), user=cast["staff"])
    client = login(cast[persona])
    for action, status in expected.items():
        response = _post(client, f"/api/reports/{report.pk}/{action}/")
        assert response.status_code == status, (action, response.json())


def test_leader_and_staff_cannot_return_even_with_a_reason(cast, login):
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(3), user=cast["staff"])
    report_transition(report=report, user=cast["liaison"], action="submit")
    for persona in ("leader", "liaison"):
        response = _post(login(cast[persona]), f"/api/reports/{report.pk}/return/", {"reason": "x"})
        assert response.status_code == 403


def test_an_illegal_transition_is_a_409_in_chinese(cast, login):
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(3), user=cast["staff"])
    response = _post(login(cast["office"]), f"/api/reports/{report.pk}/accept/")
    assert response.status_code == 409
    assert response.json()["detail"] == "月报当前状态为“草稿”，不能采纳。"


def test_reports_filter_by_campaign_period_and_status(cast, login):
    march, _ = report_get_or_create(campaign=cast.campaign, period=month(3), user=cast["office"])
    report_get_or_create(campaign=cast.campaign, period=month(4), user=cast["office"])
    other, _ = report_get_or_create(
        campaign=cast.other_campaign, period=month(3), user=cast["office"]
    )
    report_transition(report=march, user=cast["office"], action="submit")
    client = login(cast["office"])

    def ids(query):
        return sorted(r["id"] for r in client.get(f"/api/reports/?{query}").json()["results"])

    assert ids(f"period={month(3).pk}") == sorted([march.pk, other.pk])
    assert ids(f"campaign={cast.other_campaign.pk}") == [other.pk]
    assert ids("status=submitted") == [march.pk]
    bad = client.get("/api/reports/?status=bogus&period=abc")
    assert bad.status_code == 400
    assert set(bad.json()) == {"status", "period"}


def test_review_queue_lists_every_campaign_including_those_without_a_report(cast, login):
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(3), user=cast["staff"])
    report_transition(report=report, user=cast["liaison"], action="submit")
    report_transition(report=report, user=cast["office"], action="return", reason="补充")
    client = login(cast["office"])
    rows = client.get(f"/api/reports/review/?period={month(3).pk}").json()["results"]
    assert [(r["campaign"], r["status"], r["returned_count"]) for r in rows] == [
        (cast.campaign.pk, "returned", 1),
        (cast.other_campaign.pk, "missing", 0),
    ]
    assert rows[1]["status_display"] == "未报送" and rows[1]["report"] is None
    missing = client.get(f"/api/reports/review/?period={month(3).pk}&status=missing").json()
    assert [r["campaign"] for r in missing["results"]] == [cast.other_campaign.pk]


def test_review_queue_defaults_to_the_current_month(cast, login):
    with time_machine.travel(datetime(2025, 5, 10, tzinfo=SHANGHAI), tick=False):
        report_get_or_create(campaign=cast.campaign, period=month(5), user=cast["staff"])
        rows = login(cast["office"]).get("/api/reports/review/").json()["results"]
    assert [r["status"] for r in rows] == ["draft", "missing"]


def test_review_queue_refuses_bad_filters_and_hides_from_task_forces(cast, login):
    client = login(cast["office"])
    bad = client.get("/api/reports/review/?period=abc&status=late")
    assert bad.status_code == 400
    assert set(bad.json()) == {"period", "status"}
    assert client.get("/api/reports/review/?period=999999").status_code == 400
    assert login(cast["leader"]).get("/api/reports/review/").status_code == 200
    for persona in ("liaison", "dept_user", "county_user"):
        assert login(cast[persona]).get("/api/reports/review/").status_code == 404


def test_the_general_task_force_moves_a_deadline_through_the_api(cast, login):
    url = f"/api/periods/{month(3).pk}/deadline/"
    assert _post(login(cast["liaison"]), url, {"deadline": "2025-03-28"}).status_code == 403
    client = login(cast["office"])
    assert _post(client, url, {"deadline": "不是日期"}).status_code == 400
    early = _post(client, url, {"deadline": "2025-01-01"})
    assert early.status_code == 400 and "不能早于" in early.json()["deadline"][0]
    moved = _post(client, url, {"deadline": "2025-03-28"})
    assert moved.json()["deadline"] == "2025-03-28"


def test_every_report_endpoint_is_in_the_openapi_schema(cast, login):
    paths = (
        login(cast["staff"])
        .get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()["paths"]
    )
    for path in (
        "/api/reports/",
        "/api/reports/{id}/",
        "/api/reports/{id}/submit/",
        "/api/reports/{id}/return/",
        "/api/reports/{id}/accept/",
        "/api/reports/{id}/reopen/",
        "/api/reports/{id}/regenerate/",
        "/api/reports/review/",
        "/api/periods/{id}/deadline/",
    ):
        assert path in paths
    assert "patch" in paths["/api/reports/{id}/"] and "post" in paths["/api/reports/"]


def _fill(cast, months: range, campaigns) -> None:
    for number in months:
        for campaign in campaigns:
            report, _ = report_get_or_create(
                campaign=campaign, period=month(number), user=cast["office"]
            )
            report_update(
                report=report,
                user=cast["office"],
                version=1,
                fields={},
                ranks=[{"indicator": "增速", "rank": 3}, {"indicator": "投资", "rank": 5}],
            )
            report_transition(report=report, user=cast["office"], action="submit")
            report_transition(report=report, user=cast["office"], action="return", reason="x")


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_report_api_list_query_count_is_flat(cast, login):
    campaigns = (cast.campaign, cast.other_campaign)
    client = login(cast["office"])
    client.get("/api/reports/")
    _fill(cast, range(1, 2), campaigns)
    small = _count(client, "/api/reports/?page_size=500")
    _fill(cast, range(2, 8), campaigns)
    # session, user, memberships, count, reports (with return counts), their ranks
    assert (small, _count(client, "/api/reports/?page_size=500")) == (6, 6)


def test_review_api_query_count_is_flat(cast, login):
    _fill(cast, range(1, 3), (cast.campaign, cast.other_campaign))
    client = login(cast["office"])
    url = f"/api/reports/review/?period={month(2).pk}"
    client.get(url)
    small = _count(client, url)
    more = [CampaignFactory(plan=cast.campaign.plan, number=n) for n in range(3, 11)]
    _fill(cast, range(1, 3), more)
    # session, user, memberships, the month, count, rows (with return counts)
    assert (small, _count(client, url)) == (6, 6)
