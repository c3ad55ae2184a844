"""The lists through the API: create, edit, split, close, reopen, history, export, scoping."""

from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from campaigns.models import Department
from tasks.choices import TaskStatus
from tasks.models import Task
from tests.factories import DepartmentFactory, SectionFactory, TaskFactory
from tests.tasks import test_lists

# The same small world as the page tests: two campaigns and one user per role.
board = test_lists.board
fast_passwords = test_lists.fast_passwords

JSON = "application/json"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def _patch(client, url, data):
    return client.patch(url, data, content_type=JSON)


def test_staff_create_an_item_and_ownership_fields_come_from_the_server(board, login):
    client = login(board["staff"])
    lead = board["departments"][0]
    response = _post(
        client,
        "/api/tasks/",
        {
            "campaign": board["campaign"].pk,
            "list_kind": "project",
            "title": "新建冷链物流园",
            "deadline": "2025-09-30",
            "lead_departments": [lead.pk],
            "status": "closed",
            "closed_at": "2025-01-01T00:00:00Z",
            "created_by": board["office"].pk,
            "split_from": board["tasks"][0].pk,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["number"], body["list_kind"], body["status"]) == ("1", "project", "not_started")
    assert body["closed_at"] is None and body["split_from"] is None and body["section"] is None
    assert body["lead_departments"] == [{"id": lead.pk, "name": lead.name}]
    item = Task.objects.get(pk=body["id"])
    assert item.created_by == board["staff"]
    assert AuditEntry.objects.get(object_id=str(item.pk)).source == "api"


@pytest.mark.parametrize("persona", ["other_staff", "dept_user"])
def test_creating_in_a_campaign_the_user_does_not_run_is_403(board, login, persona):
    response = _post(
        login(board[persona]), "/api/tasks/", {"campaign": board["campaign"].pk, "title": "x"}
    )
    assert response.status_code == 403
    assert "没有修改该攻坚清单的权限" in response.json()["detail"]
    assert Task.objects.count() == 4


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"title": "x"}, "campaign", "请指定所属攻坚"),
        ({"campaign": 999999, "title": "x"}, "campaign", "不存在"),
        ({"campaign": "{c}"}, "title", "请填写标题"),
        ({"campaign": "{c}", "title": "x", "deadline": "2025-02-30"}, "deadline", "不是有效日期"),
        ({"campaign": "{c}", "title": "x", "percent": 101}, "percent", "0 到 100"),
        (
            {"campaign": "{c}", "title": "x", "lead_departments": [999999]},
            "lead_departments",
            "不存在",
        ),
        ({"campaign": "{c}", "title": "x", "list_kind": "bogus"}, "list_kind", "不是有效的清单"),
        ({"campaign": "{c}", "title": "x", "number": "2"}, "number", "已被使用"),
    ],
)
def test_bad_create_payloads_are_400_naming_the_field_and_write_nothing(
    board, login, payload, field, message
):
    payload = {k: board["campaign"].pk if v == "{c}" else v for k, v in payload.items()}
    response = _post(login(board["staff"]), "/api/tasks/", payload)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert Task.objects.count() == 4 and not AuditEntry.objects.exists()


def test_patch_and_put_update_an_item_with_an_audit_entry(board, login):
    task = board["tasks"][0]
    client = login(board["staff"])
    response = _patch(client, f"/api/tasks/{task.pk}/", {"lead_leader": "李副市长", "percent": 60})
    assert response.status_code == 200
    assert (response.json()["lead_leader"], response.json()["percent"]) == ("李副市长", 60)
    put = client.put(
        f"/api/tasks/{task.pk}/",
        {"list_kind": "task", "title": "新标题", "text": "新内容", "status": "closed"},
        content_type=JSON,
    )
    assert put.status_code == 200
    task.refresh_from_db()
    assert (task.title, task.status) == ("新标题", TaskStatus.NOT_STARTED)
    history = client.get(f"/api/tasks/{task.pk}/history/").json()
    assert [entry["action"] for entry in history] == ["update", "update"]
    assert {"field": "title", "label": "标题", "before": "计划任务1", "after": "新标题"} in (
        history[0]["changes"]
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"percent": 150}, "percent"),
        ({"deadline": "明天"}, "deadline"),
        ({"co_departments": [999999]}, "co_departments"),
        ({"list_kind": "policy"}, "list_kind"),
    ],
)
def test_bad_updates_are_400_and_change_nothing(board, login, payload, field):
    task = board["tasks"][0]
    response = _patch(login(board["staff"]), f"/api/tasks/{task.pk}/", payload)
    assert response.status_code == 400
    assert field in response.json()
    task.refresh_from_db()
    assert (task.title, task.percent, task.list_kind) == ("计划任务1", 0, "task")
    assert not AuditEntry.objects.exists()


def test_split_close_reopen_and_history_through_the_api(board, login):
    task = board["tasks"][1]
    client = login(board["staff"])
    url = f"/api/tasks/{task.pk}"
    one = _post(client, f"{url}/split/", {"parts": [{"title": "只有一项"}]})
    assert one.status_code == 400 and "至少需要两项" in str(one.json()["parts"])
    blank = _post(client, f"{url}/split/", {"parts": [{"title": "甲"}, {"title": ""}]})
    assert blank.status_code == 400
    split = _post(
        client, f"{url}/split/", {"parts": [{"title": "甲"}, {"title": "乙", "text": "乙的内容"}]}
    )
    assert split.status_code == 201
    assert [p["number"] for p in split.json()] == ["2-1", "2-2"]
    assert {p["split_from"] for p in split.json()} == {task.pk}
    assert _post(client, f"{url}/close/").status_code == 400  # split already closed it
    reopened = _post(client, f"{url}/reopen/", {"note": "还要推进"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "not_started"
    again = _post(client, f"{url}/reopen/")
    assert again.status_code == 400 and "未办结" in again.json()["status"][0]
    closed = _post(client, f"{url}/close/", {"note": "完成"})
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    summaries = [e["summary"] for e in client.get(f"{url}/history/").json()]
    assert summaries == ["办结：完成", "重新打开：还要推进", "拆分为 2-1、2-2，原事项办结"]


def test_items_are_never_deleted_through_the_api(board, login):
    task = board["tasks"][0]
    assert login(board["office"]).delete(f"/api/tasks/{task.pk}/").status_code == 405
    assert Task.objects.filter(pk=task.pk).exists()


def test_leader_is_refused_every_write(board, login):
    client, task = login(board["leader"]), board["tasks"][0]
    assert client.get(f"/api/tasks/{task.pk}/").status_code == 200
    assert client.get(f"/api/tasks/{task.pk}/history/").status_code == 200
    writes = [
        _post(client, "/api/tasks/", {"campaign": board["campaign"].pk, "title": "x"}),
        _patch(client, f"/api/tasks/{task.pk}/", {"title": "x"}),
        client.put(f"/api/tasks/{task.pk}/", {}, content_type=JSON),
        _post(client, f"/api/tasks/{task.pk}/split/", {"parts": [{"title": "a"}, {"title": "b"}]}),
        _post(client, f"/api/tasks/{task.pk}/close/"),
        _post(client, f"/api/tasks/{task.pk}/reopen/"),
        client.delete(f"/api/tasks/{task.pk}/"),
    ]
    assert [r.status_code for r in writes] == [403] * len(writes)
    assert not AuditEntry.objects.exists()


def test_other_campaigns_items_are_404_and_department_items_read_only(board, login):
    task = board["tasks"][0]
    shared = board["tasks"][1]
    shared.co_departments.add(board["departments"][2])
    other = login(board["other_staff"])
    for response in (
        other.get(f"/api/tasks/{task.pk}/"),
        _patch(other, f"/api/tasks/{task.pk}/", {"title": "x"}),
        _post(other, f"/api/tasks/{task.pk}/close/"),
        other.get(f"/api/tasks/{task.pk}/history/"),
    ):
        assert response.status_code == 404
    assert [t["id"] for t in other.get("/api/tasks/").json()["results"]] == [board["other_task"].pk]
    dept = login(board["dept_user"])
    assert [t["id"] for t in dept.get("/api/tasks/").json()["results"]] == [shared.pk]
    assert dept.get(f"/api/tasks/{task.pk}/").status_code == 404
    assert _patch(dept, f"/api/tasks/{shared.pk}/", {"title": "x"}).status_code == 403
    assert _post(dept, f"/api/tasks/{shared.pk}/close/").status_code == 403
    shared.refresh_from_db()
    assert shared.title == "计划任务2" and shared.status == TaskStatus.NOT_STARTED


def test_api_filters_by_status_and_sorts(board, login):
    first, second, third = board["tasks"]
    first.status = TaskStatus.LAGGING
    first.save()
    client = login(board["office"])
    lagging = client.get(f"/api/tasks/?campaign={board['campaign'].pk}&status=lagging").json()
    assert [t["id"] for t in lagging["results"]] == [first.pk]
    ordered = client.get(f"/api/tasks/?campaign={board['campaign'].pk}&ordering=-number").json()
    assert [t["number"] for t in ordered["results"]] == ["3", "2", "1"]
    bad = client.get("/api/tasks/?ordering=bogus&status=nope")
    assert bad.status_code == 400 and set(bad.json()) == {"ordering", "status"}


def test_api_export_applies_filters_and_scope(board, login):
    first = board["tasks"][0]
    first.title = "@SUM(1+1)*cmd|' /C calc'!A0"
    first.save()
    client = login(board["staff"])
    response = client.get(f"/api/tasks/export/?campaign={board['campaign'].pk}&q=SUM")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "标题" and len(rows) == 2
    assert sheet["C2"].value == first.title and sheet["C2"].data_type == "s"
    everything = openpyxl.load_workbook(BytesIO(client.get("/api/tasks/export/").content)).active
    assert everything.max_row == 1 + 3  # campaign two's task is out of reach


def test_openapi_schema_documents_the_list_actions(board, login):
    paths = (
        login(board["office"])
        .get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()["paths"]
    )
    for suffix in ("split/", "close/", "reopen/", "history/"):
        assert "post" in paths[f"/api/tasks/{{id}}/{suffix}"] or suffix == "history/"
    assert "get" in paths["/api/tasks/export/"]
    assert {"post"} <= set(paths["/api/tasks/"]) and "delete" not in paths["/api/tasks/{id}/"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # session, user, memberships, count, rows, two prefetches
        ("/api/tasks/?page_size=500&ordering=deadline", 7),
        # session, user, memberships, the chosen department, count, rows, two prefetches
        ("/api/tasks/?page_size=500&department={dept}", 8),
        # session, user, memberships, rows, two prefetches
        ("/api/tasks/export/", 6),
    ],
)
def test_api_list_and_export_query_counts_are_pinned_and_flat(board, login, url, expected):
    client = login(board["staff"])
    shared = board["departments"][1]
    url = url.format(dept=shared.pk)

    def grow(count):
        section = SectionFactory(campaign=board["campaign"])
        for _ in range(count):
            task = TaskFactory(section=section)
            task.lead_departments.set(DepartmentFactory.create_batch(2))
            task.co_departments.add(shared)

    grow(5)
    small = _queries(client, url)
    grow(60)
    large = _queries(client, url)
    assert small == large == expected


def test_personas_on_the_real_plan_through_the_api(personas, login):
    campaign = personas["campaign"]
    task = Task.objects.filter(campaign=campaign).order_by("order").first()
    commerce = Department.objects.get(name="市商务局")
    theirs = Task.objects.filter(lead_departments=commerce) | Task.objects.filter(
        co_departments=commerce
    )
    for name in ("liaison", "staff", "office", "admin"):
        response = _patch(login(personas[name]), f"/api/tasks/{task.pk}/", {"lead_leader": name})
        assert response.status_code == 200, name
    assert (
        _patch(login(personas["leader"]), f"/api/tasks/{task.pk}/", {"title": "x"}).status_code
        == 403
    )
    assert (
        _patch(login(personas["other_staff"]), f"/api/tasks/{task.pk}/", {"title": "x"}).status_code
        == 404
    )
    dept = login(personas["dept_user"])
    listed = dept.get("/api/tasks/?page_size=500").json()
    assert listed["count"] == theirs.distinct().count()
    own = theirs.filter(campaign=campaign).first()
    assert _patch(dept, f"/api/tasks/{own.pk}/", {"title": "x"}).status_code == 403
    assert AuditEntry.objects.filter(object_id=str(task.pk)).count() == 4
