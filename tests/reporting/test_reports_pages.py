"""The monthly report pages: list, report page (edit, ranks, workflow, conflict), review queue."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress.models import TaskProgress
from reporting.models import CampaignReport, Period
from reporting.services import report_get_or_create, report_transition, report_update
from tests.factories import CampaignFactory
from tests.reporting.test_reports_support import build_cast, campaign_task, month

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def cast(db):
    return build_cast()


def _url(cast, number=3, suffix=""):
    return f"/reports/{cast.campaign.pk}/{month(number).pk}/{suffix}"


def _form(version=1, ranks=(), **texts):
    data = {
        "version": version,
        "progress": "",
        "practices": "",
        "problems": "",
        "next_plans": "",
        "ranks-TOTAL_FORMS": len(ranks),
        "ranks-INITIAL_FORMS": 0,
        "ranks-MIN_NUM_FORMS": 0,
        "ranks-MAX_NUM_FORMS": 1000,
        **texts,
    }
    for index, row in enumerate(ranks):
        for key, value in row.items():
            data[f"ranks-{index}-{key}"] = value
    return data


def _report(cast, user="staff", number=3):
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(number), user=cast[user])
    return report


def _text(response) -> str:
    return response.content.decode()


def test_first_open_creates_a_draft_prefilled_from_task_progress(cast, login):
    task = campaign_task(cast.campaign, "开展消费季活动", order=1)
    TaskProgress.objects.create(
        task=task, period=month(3), updated_by=cast["staff"], percent=80, done="举办两场活动"
    )
    response = login(cast["staff"]).get(_url(cast))
    assert response.status_code == 200
    assert "（1）开展消费季活动：举办两场活动（进度 80%）" in _text(response)
    assert CampaignReport.objects.get().status == "draft"
    assert 'name="version" value="1"' in _text(response)


def test_staff_saves_text_and_the_rank_table(cast, login):
    client = login(cast["staff"])
    client.get(_url(cast))
    ranks = [
        {"indicator": "社零增速", "rank": 4, "previous_rank": 6, "note": ""},
        {"indicator": "被删除的行", "rank": 9, "DELETE": "on"},
        {"indicator": "", "rank": ""},  # the blank extra row
    ]
    response = client.post(_url(cast), _form(practices="以赛促销", ranks=ranks))
    assert response.status_code == 302
    report = CampaignReport.objects.get()
    assert (report.practices, report.version) == ("以赛促销", 2)
    assert list(report.ranks.values_list("indicator", "rank", "previous_rank")) == [
        ("社零增速", 4, 6)
    ]
    page = _text(client.get(_url(cast)))
    assert "月报已保存" in page


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ([{"indicator": "增速", "rank": 0}], "第1行 本月排名：确保该值大于或等于1。"),
        ([{"indicator": "增速", "rank": 15}], "第1行 本月排名：确保该值小于或等于14。"),
        ([{"indicator": "增速", "rank": "第三"}], "第1行 本月排名：输入整数。"),
        (
            [{"indicator": "增速", "rank": 3, "previous_rank": 99}],
            "第1行 上月排名：确保该值小于或等于14。",
        ),
        ([{"indicator": "", "rank": 3}], "第1行 指标：该字段是必填项。"),
        (
            [{"indicator": "增速", "rank": 3}, {"indicator": "增速", "rank": 4}],
            "全省排名：指标“增速”重复。",
        ),
    ],
)
def test_bad_rank_rows_are_shown_by_row_and_field_and_nothing_is_saved(cast, login, ranks, message):
    client = login(cast["staff"])
    client.get(_url(cast))
    response = client.post(_url(cast), _form(practices="不应保存", ranks=ranks))
    assert response.status_code == 200
    assert message in _text(response)
    assert "不应保存" in _text(response)  # the user's text is kept in the form
    assert CampaignReport.objects.get().practices == ""


def test_a_stale_save_shows_both_texts_side_by_side_and_loses_nothing(cast, login):
    report = _report(cast)
    report_update(
        report=report, user=cast["liaison"], version=1, fields={"problems": "联络员先保存"}
    )
    response = login(cast["staff"]).post(
        _url(cast),
        _form(version=1, problems="专班人员后保存", ranks=[{"indicator": "增速", "rank": 3}]),
    )
    assert response.status_code == 409
    page = _text(response)
    assert "保存冲突" in page
    assert page.count("联络员先保存") >= 1 and page.count("专班人员后保存") >= 2
    assert 'name="version" value="2"' in page  # saving again is a deliberate overwrite
    assert 'value="增速"' in page
    report.refresh_from_db()
    assert (report.problems, report.version) == ("联络员先保存", 2)


def test_liaison_submits_and_staff_cannot(cast, login):
    _report(cast)
    assert (
        login(cast["staff"]).post(_url(cast, suffix="action/"), {"action": "submit"}).status_code
        == 403
    )
    page = login(cast["liaison"]).get(_url(cast))
    assert "报送月报" in _text(page)
    response = login(cast["liaison"]).post(_url(cast, suffix="action/"), {"action": "submit"})
    assert response.status_code == 302
    assert CampaignReport.objects.get().status == "submitted"


def test_office_returns_only_with_a_reason_then_accepts_and_the_report_locks(cast, login):
    report = _report(cast)
    report_transition(report=report, user=cast["liaison"], action="submit")
    client = login(cast["office"])
    refused = client.post(
        _url(cast, suffix="action/"), {"action": "return", "reason": ""}, follow=True
    )
    assert "请填写退回原因" in _text(refused)
    client.post(_url(cast, suffix="action/"), {"action": "return", "reason": "请补充数据"})
    report.refresh_from_db()
    assert (report.status, report.return_reason) == ("returned", "请补充数据")

    staff_page = _text(login(cast["staff"]).get(_url(cast)))
    assert "退回原因" in staff_page and "请补充数据" in staff_page and "编辑月报" in staff_page

    report_transition(report=report, user=cast["liaison"], action="submit")
    client = login(cast["office"])
    client.post(_url(cast, suffix="action/"), {"action": "accept"})
    page = _text(login(cast["staff"]).get(_url(cast)))
    assert "已采纳并锁定" in page and "编辑月报" not in page
    refused = login(cast["staff"]).post(_url(cast), _form(version=1, practices="改"), follow=True)
    assert "已采纳并锁定" in _text(refused)
    assert CampaignReport.objects.get().practices == ""


def test_an_illegal_step_from_the_page_gives_a_chinese_message(cast, login):
    _report(cast)
    response = login(cast["office"]).post(
        _url(cast, suffix="action/"), {"action": "accept"}, follow=True
    )
    assert "月报当前状态为“草稿”，不能采纳。" in _text(response)


def test_leader_reads_the_report_but_changes_nothing(cast, login):
    _report(cast)
    client = login(cast["leader"])
    page = client.get(_url(cast))
    assert page.status_code == 200
    assert "编辑月报" not in _text(page) and "流转记录" in _text(page)
    assert client.post(_url(cast), _form()).status_code == 403
    assert client.post(_url(cast, suffix="action/"), {"action": "submit"}).status_code == 403
    assert client.post(_url(cast, suffix="regenerate/"), {"version": 1}).status_code == 403


def test_leader_opening_a_month_without_report_creates_nothing(cast, login):
    response = login(cast["leader"]).get(_url(cast))
    assert response.status_code == 200
    assert "尚未创建" in _text(response)
    assert not CampaignReport.objects.exists()


@pytest.mark.parametrize("persona", ["other_staff", "dept_user", "county_user"])
def test_reports_are_hidden_from_other_units(cast, login, persona):
    _report(cast)
    client = login(cast[persona])
    assert client.get(_url(cast)).status_code == 404
    assert client.post(_url(cast, suffix="action/"), {"action": "submit"}).status_code == 404
    assert client.get("/reports/review/").status_code == 404
    expected_list = 200 if persona == "other_staff" else 404
    assert client.get("/reports/").status_code == expected_list


def test_unknown_or_non_monthly_periods_are_404(cast, login):
    client = login(cast["staff"])
    ten_day = Period.objects.filter(kind="ten_day").first()
    assert client.get(f"/reports/{cast.campaign.pk}/999999/").status_code == 404
    assert client.get(f"/reports/{cast.campaign.pk}/{ten_day.pk}/").status_code == 404
    assert not CampaignReport.objects.exists()


def test_regenerating_edited_text_asks_for_confirmation_first(cast, login):
    report = _report(cast)
    report_update(
        report=report, user=cast["staff"], version=1, fields={"progress": "手工改写的内容"}
    )
    task = campaign_task(cast.campaign, "新任务", order=1)
    TaskProgress.objects.create(task=task, period=month(3), updated_by=cast["staff"], done="启动")
    client = login(cast["staff"])
    asked = client.post(_url(cast, suffix="regenerate/"), {"version": 2})
    assert asked.status_code == 200
    assert "确认覆盖并重新生成" in _text(asked) and "手工改写的内容" in _text(asked)
    assert CampaignReport.objects.get().progress == "手工改写的内容"
    client.post(_url(cast, suffix="regenerate/"), {"version": 2, "confirm": "on"})
    assert CampaignReport.objects.get().progress == "（1）新任务：启动（进度 0%）"


def test_regenerating_untouched_text_needs_no_confirmation(cast, login):
    _report(cast)
    response = login(cast["staff"]).post(_url(cast, suffix="regenerate/"), {"version": 1})
    assert response.status_code == 302
    assert CampaignReport.objects.get().version == 2


def test_report_list_shows_own_campaigns_reports_and_month_links(cast, login):
    _report(cast)
    report_get_or_create(campaign=cast.other_campaign, period=month(3), user=cast["office"])
    with time_machine.travel(datetime(2025, 3, 10, tzinfo=SHANGHAI), tick=False):
        page = _text(login(cast["staff"]).get("/reports/"))
    assert "填报2025年3月月报" in page
    assert page.count(f'href="/reports/{cast.campaign.pk}/') >= 13
    assert f"/reports/{cast.other_campaign.pk}/" not in page
    office_page = _text(login(cast["office"]).get(f"/reports/?period={month(3).pk}"))
    assert cast.other_campaign.name in office_page and "审核队列" in office_page


def test_review_queue_shows_missing_campaigns_late_flags_and_filters(cast, login):
    report = _report(cast)
    with time_machine.travel(datetime(2025, 3, 27, tzinfo=SHANGHAI), tick=False):
        report_transition(report=report, user=cast["liaison"], action="submit")
        page = _text(login(cast["office"]).get(f"/reports/review/?period={month(3).pk}"))
    assert "已报送" in page and "逾期" in page and "未报送" in page and "逾期未报" in page
    assert "调整本月报送截止日期" in page and 'value="2025-03-25"' in page
    filtered = _text(
        login(cast["office"]).get(f"/reports/review/?period={month(3).pk}&status=missing")
    )
    assert cast.other_campaign.name in filtered and cast.campaign.name not in filtered
    bad = login(cast["office"]).get("/reports/review/?period=abc&status=late")
    assert bad.status_code == 200 and "选择一个有效的选项" in _text(bad)


def test_leader_sees_the_review_queue_without_the_deadline_form(cast, login):
    page = _text(login(cast["leader"]).get(f"/reports/review/?period={month(3).pk}"))
    assert "月报审核" in page and "调整本月报送截止日期" not in page
    response = login(cast["leader"]).post(
        "/reports/review/deadline/", {"period": month(3).pk, "deadline": "2025-03-28"}
    )
    assert response.status_code == 403
    assert month(3).deadline == date(2025, 3, 25)


def test_office_changes_a_months_deadline_from_the_review_queue(cast, login):
    client = login(cast["office"])
    bad = client.post(
        "/reports/review/deadline/", {"period": month(3).pk, "deadline": "三月"}, follow=True
    )
    assert "报送截止：输入一个有效的日期" in _text(bad)
    response = client.post(
        "/reports/review/deadline/", {"period": month(3).pk, "deadline": "2025-03-28"}, follow=True
    )
    assert "已调整为 2025-03-28" in _text(response)
    assert month(3).deadline == date(2025, 3, 28)


def test_pages_show_no_english_placeholders(cast, login):
    report = _report(cast)
    report_transition(report=report, user=cast["liaison"], action="submit")
    for url in (_url(cast), "/reports/", f"/reports/review/?period={month(3).pk}"):
        page = _text(login(cast["office"]).get(url))
        body = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])
        assert not re.search(r"\b(None|True|False|Submit|Edit|Delete)\b", body), url


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(cast, months: range, campaigns) -> None:
    for number in months:
        for campaign in campaigns:
            report, _ = report_get_or_create(
                campaign=campaign, period=month(number), user=cast["office"]
            )
            report_transition(report=report, user=cast["office"], action="submit")
            report_transition(report=report, user=cast["office"], action="return", reason="x")


def test_report_list_page_query_count_is_flat(cast, login):
    campaigns = (cast.campaign, cast.other_campaign)
    client = login(cast["office"])
    client.get("/reports/")
    _fill(cast, range(1, 2), campaigns)
    small = _count(client, "/reports/")
    _fill(cast, range(2, 8), campaigns)
    assert (small, _count(client, "/reports/")) == (10, 10)
    liaison = login(cast["liaison"])
    # plus the liaison's own campaign and its month links
    assert _count(liaison, "/reports/") == 14


def test_review_page_query_count_is_flat(cast, login):
    _fill(cast, range(1, 3), (cast.campaign, cast.other_campaign))
    client = login(cast["office"])
    url = f"/reports/review/?period={month(2).pk}"
    client.get(url)
    small = _count(client, url)
    more = [CampaignFactory(plan=cast.campaign.plan, number=n) for n in range(3, 11)]
    _fill(cast, range(1, 3), more)
    assert (small, _count(client, url)) == (8, 8)


def test_bad_list_filters_are_named_in_chinese_not_a_500(cast, login):
    response = login(cast["staff"]).get("/reports/?year=abc&status=bogus&campaign=zz&page=99")
    assert response.status_code == 200
    page = _text(response)
    assert "年度：输入一个数字" in page and "状态：选择一个有效的选项" in page
