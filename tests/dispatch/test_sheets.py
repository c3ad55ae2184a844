"""旬调度: the sheet lists what is due, overdue and outstanding; follow-ups carry until closed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.selectors import access_for
from dispatch import selectors, services
from dispatch.models import FollowUp
from reporting.models import Period
from tasks.models import Task


def _ten_day(start: date) -> Period:
    return Period.objects.get(kind="ten_day", start=start)


@pytest.fixture
def sheets(personas, periods, today):
    office = personas["office"]
    return [
        services.sheet_create(actor=office, period=_ten_day(date(2025, 5, start)))
        for start in (1, 11, 21)
    ]


def test_follow_up_is_carried_to_later_sheets_until_it_is_closed(personas, sheets, commerce):
    office, first, second, third = personas["office"], *sheets
    item = services.follow_up_create(
        actor=office,
        sheet=first,
        decision="协调解决项目用地",
        department=commerce,
        deadline=date(2025, 5, 30),
    )
    assert item not in selectors.carried_follow_ups(first)  # decided there, not carried into it
    assert item in selectors.carried_follow_ups(second)
    assert item in selectors.carried_follow_ups(third)
    FollowUp.objects.filter(pk=item.pk).update(status="closed", closed_at="2025-05-15T10:00+08:00")
    assert item in selectors.carried_follow_ups(second)  # still open when 中旬 began
    assert item not in selectors.carried_follow_ups(third)


def test_the_unit_sees_its_follow_up_in_its_todo_and_closes_it(personas, sheets, commerce, login):
    item = services.follow_up_create(
        actor=personas["office"],
        sheet=sheets[0],
        decision="协调解决项目用地",
        department=commerce,
        deadline=date(2025, 5, 30),
    )
    client = login(personas["dept_user"])
    assert "协调解决项目用地" in client.get("/dispatch/todo/").content.decode()
    refused = client.post(f"/dispatch/follow-ups/{item.pk}/close/", {"result": ""}, follow=True)
    assert "办理情况：此项为必填项。" in refused.content.decode()
    client.post(f"/dispatch/follow-ups/{item.pk}/close/", {"result": "已完成用地报批"})
    item.refresh_from_db()
    assert item.status == "closed" and item.result == "已完成用地报批"
    assert (
        login(personas["other_staff"])
        .post(f"/dispatch/follow-ups/{item.pk}/close/", {"result": "x"})
        .status_code
        == 404
    )


def test_sheet_lists_tasks_due_in_the_ten_days_and_those_overdue(personas, sheets):
    first = sheets[0]
    tasks = list(Task.objects.filter(campaign=personas["campaign"]).order_by("pk")[:2])
    Task.objects.filter(pk=tasks[0].pk).update(deadline=date(2025, 5, 8), status="in_progress")
    Task.objects.filter(pk=tasks[1].pk).update(deadline=date(2025, 4, 30), status="in_progress")
    content = selectors.sheet_content(access_for(personas["office"]), first)
    assert tasks[0] in content.due and tasks[0] not in content.overdue
    assert tasks[1] in content.overdue
    assert {row.name for row in content.reports_outstanding} >= {personas["campaign"].name}


def test_sheet_refuses_a_second_sheet_for_the_same_ten_days_and_non_office(personas, sheets):
    with pytest.raises(ValidationError, match="已存在"):
        services.sheet_create(actor=personas["office"], period=sheets[0].period)
    with pytest.raises(PermissionDenied):
        services.sheet_update(
            actor=personas["leader"],
            sheet=sheets[0],
            meeting_date=None,
            chair="x",
            attendees="",
            discussion="",
        )


def test_meeting_record_and_decision_from_the_page(personas, sheets, commerce, login):
    client = login(personas["office"])
    url = f"/dispatch/sheets/{sheets[0].pk}/"
    client.post(
        url,
        {
            "meeting_date": "2025-05-02",
            "chair": "副市长",
            "attendees": "各专班",
            "discussion": "研究消费券发放",
        },
    )
    bad = client.post(
        f"{url}follow-ups/",
        {"decision": "x", "department": commerce.pk, "deadline": "五月"},
        follow=True,
    )
    assert "完成时限：请输入有效日期" in bad.content.decode()
    client.post(
        f"{url}follow-ups/",
        {"decision": "发放第二批消费券", "department": commerce.pk, "deadline": "2025-05-25"},
    )
    sheets[0].refresh_from_db()
    assert sheets[0].chair == "副市长"
    page = client.get(url).content.decode()
    assert "发放第二批消费券" in page and "变更记录" in page
    export = client.get(f"{url}export/")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
