"""The three lists: services, pages, filters, export and who may do what."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from campaigns.models import Department
from tasks import services
from tasks.choices import ListKind, TaskStatus
from tasks.models import Task
from tests.factories import CampaignFactory, DepartmentFactory, SectionFactory, TaskFactory


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas are created with passwords; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def member(django_user_model, username: str, **binding):
    """A user bound to a role (no password: tests log in with force_login)."""
    from accounts.models import Membership

    user = django_user_model.objects.create(username=username, first_name=username)
    if binding:
        Membership.objects.create(user=user, **binding)
    return user


@pytest.fixture
def board(db, django_user_model):
    """Two campaigns; campaign one holds three plan tasks; users of each role around them."""
    first = CampaignFactory(number=1, name="内需扩量提效攻坚")
    second = CampaignFactory(plan=first.plan, number=2, name="产业提质攻坚")
    section = SectionFactory(campaign=first, number="一")
    departments = DepartmentFactory.create_batch(3)
    tasks = [
        TaskFactory(section=section, number=str(n), title=f"计划任务{n}", order=n)
        for n in (1, 2, 3)
    ]
    for task in tasks:
        task.lead_departments.set(departments[:1])
        task.co_departments.set(departments[1:2])
    other = TaskFactory(section=SectionFactory(campaign=second, number="一"), number="1")
    return {
        "campaign": first,
        "other_campaign": second,
        "tasks": tasks,
        "other_task": other,
        "departments": departments,
        "staff": member(django_user_model, "staff", role="campaign", campaign=first),
        "other_staff": member(django_user_model, "other", role="campaign", campaign=second),
        "office": member(django_user_model, "office", role="office"),
        "leader": member(django_user_model, "leader", role="leader"),
        "dept_user": member(
            django_user_model, "dept", role="department", department=departments[2]
        ),
    }


def _audits(task: Task):
    return list(AuditEntry.objects.filter(object_id=str(task.pk)).order_by("id"))


def _changes(entry: AuditEntry) -> dict:
    return {c["field"]: (c["before"], c["after"]) for c in entry.changes}


# --- services ---------------------------------------------------------------------------------


def test_added_items_are_numbered_next_in_their_own_list(board):
    staff, campaign = board["staff"], board["campaign"]
    first = services.task_create(
        user=staff, campaign=campaign, list_kind=ListKind.PROJECT, title="新建物流园"
    )
    second = services.task_create(
        user=staff, campaign=campaign, list_kind=ListKind.PROJECT, title="建设冷链中心"
    )
    task_list_item = services.task_create(
        user=staff, campaign=campaign, list_kind=ListKind.TASK, title="补充任务"
    )
    assert (first.number, second.number) == ("1", "2")
    assert task_list_item.number == "4"  # after the plan's tasks 1–3
    assert first.created_by == staff and first.status == TaskStatus.NOT_STARTED
    assert first.text == "新建物流园" and first.section is None


def test_typed_number_is_kept_and_a_used_one_is_refused(board):
    staff, campaign = board["staff"], board["campaign"]
    item = services.task_create(
        user=staff, campaign=campaign, list_kind=ListKind.POLICY, title="政策一", number="P7"
    )
    assert item.number == "P7"
    with pytest.raises(ValidationError) as error:
        services.task_create(
            user=staff, campaign=campaign, list_kind=ListKind.TASK, title="重号", number="2"
        )
    assert "已被使用" in error.value.message_dict["number"][0]


def test_creating_an_item_records_its_values_in_the_audit(board):
    lead = board["departments"][0]
    item = services.task_create(
        user=board["staff"],
        campaign=board["campaign"],
        list_kind=ListKind.PROJECT,
        title="新建物流园",
        lead_leader="李副市长",
        deadline=date(2025, 9, 30),
        lead_departments=[lead],
    )
    (entry,) = _audits(item)
    assert entry.action == "create" and entry.actor == board["staff"]
    changes = _changes(entry)
    assert changes["title"] == (None, "新建物流园")
    assert changes["lead_departments"] == (None, [lead.name])
    assert changes["deadline"] == (None, "2025-09-30")


def test_updating_an_item_records_before_and_after(board):
    task = board["tasks"][0]
    new_lead = board["departments"][2]
    services.task_update(
        user=board["staff"],
        task=task,
        data={"title": "改后的标题", "lead_departments": [new_lead], "percent": 40},
    )
    task.refresh_from_db()
    assert task.title == "改后的标题" and task.percent == 40
    assert list(task.lead_departments.all()) == [new_lead]
    (entry,) = _audits(task)
    changes = _changes(entry)
    assert changes["title"] == ("计划任务1", "改后的标题")
    assert changes["lead_departments"] == ([board["departments"][0].name], [new_lead.name])
    assert changes["percent"] == (0, 40)
    assert "text" not in changes


def test_a_plan_task_stays_in_the_task_list_and_keeps_its_number(board):
    task = board["tasks"][0]
    with pytest.raises(ValidationError) as error:
        services.task_update(user=board["staff"], task=task, data={"list_kind": "project"})
    assert "list_kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.task_update(user=board["staff"], task=task, data={"number": "9"})
    assert "number" in error.value.message_dict
    task.refresh_from_db()
    assert (task.list_kind, task.number) == ("task", "1")


def test_an_added_item_may_move_to_another_list(board):
    item = services.task_create(
        user=board["staff"], campaign=board["campaign"], list_kind="task", title="待调整"
    )
    services.task_update(user=board["staff"], task=item, data={"list_kind": "policy"})
    item.refresh_from_db()
    assert item.list_kind == "policy"


def test_splitting_copies_units_and_deadline_numbers_parts_and_closes_the_original(board):
    task = board["tasks"][1]
    task.deadline, task.responsible_person = date(2025, 10, 31), "王科长"
    task.save()
    parts = services.task_split(
        user=board["staff"], task=task, parts=[{"title": "上半年部分"}, {"title": "下半年部分"}]
    )
    assert [p.number for p in parts] == ["2-1", "2-2"]
    for part in parts:
        assert part.split_from == task and part.section == task.section
        assert part.deadline == date(2025, 10, 31) and part.responsible_person == "王科长"
        assert set(part.lead_departments.all()) == set(task.lead_departments.all())
        assert set(part.co_departments.all()) == set(task.co_departments.all())
        assert _audits(part)[0].action == "create"
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.closed_at is not None
    (entry,) = _audits(task)
    assert "2-1、2-2" in entry.summary
    assert _changes(entry)["status"] == ("not_started", "closed")


def test_splitting_again_after_reopening_skips_numbers_already_taken(board):
    task = board["tasks"][0]
    services.task_split(user=board["staff"], task=task, parts=[{"title": "甲"}, {"title": "乙"}])
    services.task_reopen(user=board["staff"], task=task)
    again = services.task_split(
        user=board["staff"], task=task, parts=[{"title": "丙"}, {"title": "丁"}]
    )
    assert [p.number for p in again] == ["1-3", "1-4"]


@pytest.mark.parametrize(
    ("parts", "message"),
    [([{"title": "只有一项"}], "至少需要两项"), ([{"title": "甲"}, {"title": " "}], "第2项")],
)
def test_bad_splits_are_refused_and_write_nothing(board, parts, message):
    task = board["tasks"][0]
    before = Task.objects.count()
    with pytest.raises(ValidationError) as error:
        services.task_split(user=board["staff"], task=task, parts=parts)
    assert message in str(error.value.message_dict["parts"])
    assert Task.objects.count() == before and not _audits(task)


def test_close_and_reopen_are_recorded_and_cannot_be_repeated(board):
    task = board["tasks"][0]
    services.task_close(user=board["staff"], task=task, note="已全部完成")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.closed_at
    with pytest.raises(ValidationError, match="已办结"):
        services.task_close(user=board["staff"], task=task)
    with pytest.raises(ValidationError, match="已办结"):
        services.task_split(user=board["staff"], task=task, parts=[{"title": "a"}, {"title": "b"}])
    services.task_reopen(user=board["staff"], task=task)
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED and task.closed_at is None
    with pytest.raises(ValidationError, match="未办结"):
        services.task_reopen(user=board["staff"], task=task)
    closed, reopened = _audits(task)
    assert closed.summary == "办结：已全部完成"
    assert _changes(closed)["status"] == ("not_started", "closed")
    assert _changes(reopened)["closed_at"][1] is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "  "}, "title"),
        ({"percent": 101}, "percent"),
        ({"percent": -1}, "percent"),
        ({"deadline": "2025-13-01"}, "deadline"),
        ({"text": ""}, "text"),
        ({"status": "closed"}, "status"),
    ],
)
def test_bad_updates_name_the_field_and_change_nothing(board, data, field):
    task = board["tasks"][0]
    with pytest.raises(ValidationError) as error:
        services.task_update(user=board["staff"], task=task, data=data)
    assert field in error.value.message_dict
    task.refresh_from_db()
    assert (task.title, task.percent, task.status) == ("计划任务1", 0, TaskStatus.NOT_STARTED)
    assert not _audits(task)


@pytest.mark.parametrize("persona", ["other_staff", "leader", "dept_user"])
def test_services_refuse_users_who_do_not_run_the_campaign(board, persona):
    user, task = board[persona], board["tasks"][0]
    with pytest.raises(PermissionDenied):
        services.task_create(user=user, campaign=board["campaign"], list_kind="task", title="x")
    with pytest.raises(PermissionDenied):
        services.task_update(user=user, task=task, data={"title": "x"})
    with pytest.raises(PermissionDenied):
        services.task_close(user=user, task=task)
    assert Task.objects.count() == 4 and not AuditEntry.objects.exists()


# --- pages ------------------------------------------------------------------------------------


def _list_url(board, kind="task", query=""):
    return f"/campaigns/{board['campaign'].pk}/lists/{kind}/{query}"


@time_machine.travel(date(2025, 7, 1))
def test_list_page_shows_owners_deadline_status_and_marks_overdue_items(board, login):
    late, done, future = board["tasks"]
    late.deadline, late.lead_leader, late.responsible_person = (
        date(2025, 6, 30),
        "李副市长",
        "王科长",
    )
    done.deadline, done.status = date(2025, 6, 1), TaskStatus.COMPLETED
    future.deadline = date(2025, 12, 31)
    for task in board["tasks"]:
        task.save()
    response = login(board["staff"]).get(_list_url(board))
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("牵头领导", "牵头单位", "责任单位", "责任人", "完成时限", "状态", "导出 Excel"):
        assert heading in html
    assert "李副市长" in html and "王科长" in html and board["departments"][0].name in html
    rows = {t.pk: t.is_overdue for t in response.context["page"]}
    assert rows == {late.pk: True, done.pk: False, future.pk: False}
    assert html.count('class="tag overdue"') == 1
    assert "新增事项" in html


def test_list_tabs_count_each_list_and_unknown_lists_are_404(board, login):
    services.task_create(
        user=board["staff"], campaign=board["campaign"], list_kind="policy", title="p"
    )
    client = login(board["staff"])
    tabs = client.get(_list_url(board, "policy")).context["tabs"]
    assert tabs == [("task", "任务清单", 3), ("project", "项目清单", 0), ("policy", "政策清单", 1)]
    assert client.get(_list_url(board, "bogus")).status_code == 404


def test_list_filters_by_status_department_deadline_and_text_and_sorts(board, login):
    first, second, third = board["tasks"]
    first.deadline, first.status = date(2025, 12, 1), TaskStatus.LAGGING
    second.deadline, second.title = date(2025, 3, 1), "建设智慧停车平台"
    third.lead_departments.set([board["departments"][2]])
    for task in board["tasks"]:
        task.save()
    client = login(board["office"])

    def numbers(query):
        return [t.number for t in client.get(_list_url(board, query=query)).context["page"]]

    assert numbers("?status=lagging") == ["1"]
    assert numbers(f"?department={board['departments'][2].pk}") == ["3"]
    assert numbers("?deadline_after=2025-01-01&deadline_before=2025-06-30") == ["2"]
    assert numbers("?q=智慧停车") == ["2"]
    assert numbers("?ordering=deadline") == ["2", "1", "3"]
    assert numbers("?ordering=-number") == ["3", "2", "1"]
    assert numbers("?ordering=status") == ["2", "3", "1"]


def test_bad_filter_values_show_a_chinese_message_not_a_500(board, login):
    client = login(board["staff"])
    response = client.get(_list_url(board, query="?deadline_after=abc&status=x"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "完成时限：" in html and "状态：" in html
    export = client.get(_list_url(board, query="export.xlsx?status=x"))
    assert export.status_code == 302 and export["Location"].endswith("/lists/task/?status=x")


def test_pager_and_export_link_keep_the_filters(board, login):
    for n in range(55):
        Task.objects.create(
            plan=board["campaign"].plan,
            campaign=board["campaign"],
            number=f"9{n}",
            title="批量",
            text="批量",
            list_kind="project",
        )
    html = login(board["staff"]).get(_list_url(board, "project", "?q=批量&page=1")).content.decode()
    assert "?q=%E6%89%B9%E9%87%8F&amp;page=2" in html
    assert "/lists/project/export.xlsx?q=%E6%89%B9%E9%87%8F" in html
    assert "第 1 / 2 页" in html


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(BytesIO(response.content)).active


def test_export_applies_the_filters_and_is_formula_safe(board, login):
    first = board["tasks"][0]
    first.title = '=HYPERLINK("http://evil","点我")'
    first.save()
    client = login(board["staff"])
    response = client.get(_list_url(board, query="export.xlsx?q=HYPERLINK"))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = _sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "清单", "标题", "内容")
    assert len(rows) == 2
    title = sheet.cell(row=2, column=3)
    assert title.value == first.title and title.data_type == "s"
    everything = list(_sheet(client.get(_list_url(board, query="export.xlsx"))).iter_rows())
    assert len(everything) == 1 + 3


def test_staff_add_an_item_through_the_page(board, login):
    client = login(board["staff"])
    response = client.post(
        _list_url(board, "project", "new/"),
        {
            "list_kind": "project",
            "title": "新建冷链物流园",
            "lead_leader": "李副市长",
            "lead_departments": [board["departments"][0].pk],
            "deadline": "2025-09-30",
            "percent": "0",
        },
    )
    assert response.status_code == 302
    item = Task.objects.get(title="新建冷链物流园")
    assert (item.number, item.list_kind, item.deadline) == ("1", "project", date(2025, 9, 30))
    assert list(item.lead_departments.all()) == [board["departments"][0]]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "请填写标题"),
        ("deadline", "2025-02-30", "完成时限不是有效日期"),
        ("percent", "101", "0 到 100"),
        ("lead_departments", "999999", "不存在"),
        ("number", "1", "已被使用"),
    ],
)
def test_add_form_explains_bad_input_in_chinese_and_writes_nothing(
    board, login, field, value, message
):
    data = {"list_kind": "task", "title": "标题", "percent": "0", field: value}
    response = login(board["staff"]).post(_list_url(board, "task", "new/"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Task.objects.count() == 4


def test_edit_page_keeps_a_plan_tasks_list_and_number_fixed(board, login):
    task = board["tasks"][0]
    client = login(board["staff"])
    form = client.get(f"/tasks/{task.pk}/edit/").context["form"]
    assert form.fields["list_kind"].disabled and form.fields["number"].disabled
    response = client.post(
        f"/tasks/{task.pk}/edit/",
        {
            "list_kind": "policy",
            "number": "8",
            "title": "改后的标题",
            "text": "改后的内容",
            "percent": "30",
            "co_departments": [d.pk for d in board["departments"]],
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.list_kind, task.number, task.title, task.percent) == (
        "task",
        "1",
        "改后的标题",
        30,
    )
    assert task.co_departments.count() == 3


def test_split_close_and_reopen_through_the_pages(board, login):
    task = board["tasks"][2]
    client = login(board["staff"])
    refused = client.post(f"/tasks/{task.pk}/split/", {"parts": "只有一行"})
    assert "至少需要两项" in refused.content.decode()
    assert (
        client.post(f"/tasks/{task.pk}/split/", {"parts": "甲部分\n\n乙部分\n"}).status_code == 302
    )
    assert list(task.split_into.values_list("number", flat=True).order_by("number")) == [
        "3-1",
        "3-2",
    ]
    html = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "已办结" in html and "重新打开" in html and "拆分为 3-1、3-2" in html
    again = client.post(f"/tasks/{task.pk}/close/", {"note": ""}, follow=True)
    assert "无需重复办结" in again.content.decode()
    client.post(f"/tasks/{task.pk}/reopen/", {"note": "还需补充"})
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED
    assert client.get(f"/tasks/{task.pk}/close/").status_code == 405


def test_task_page_shows_history_and_buttons_only_to_editors(board, login):
    task = board["tasks"][0]
    services.task_update(user=board["staff"], task=task, data={"lead_leader": "李副市长"})
    staff_html = login(board["staff"]).get(f"/tasks/{task.pk}/").content.decode()
    assert "变更记录" in staff_html and "李副市长" in staff_html and "牵头领导" in staff_html
    assert f"/tasks/{task.pk}/edit/" in staff_html
    leader_html = login(board["leader"]).get(f"/tasks/{task.pk}/").content.decode()
    assert "变更记录" in leader_html and f"/tasks/{task.pk}/edit/" not in leader_html


def test_writes_through_pages_are_refused_to_readers_and_hidden_from_other_campaigns(board, login):
    task, other = board["tasks"][0], board["other_task"]
    board["tasks"][1].co_departments.add(board["departments"][2])  # the department user's task
    shared = board["tasks"][1]
    writes = [
        ("get", _list_url(board, "task", "new/")),
        ("post", f"/tasks/{shared.pk}/edit/"),
        ("post", f"/tasks/{shared.pk}/split/"),
        ("post", f"/tasks/{shared.pk}/close/"),
    ]
    for method, url in writes:
        assert getattr(login(board["leader"]), method)(url).status_code == 403
        assert getattr(login(board["dept_user"]), method)(url).status_code == 403
    for url in (f"/tasks/{task.pk}/", f"/tasks/{task.pk}/edit/", _list_url(board)):
        assert login(board["other_staff"]).get(url).status_code == 404
    assert login(board["dept_user"]).get(f"/tasks/{task.pk}/").status_code == 404
    assert login(board["staff"]).get(f"/tasks/{other.pk}/edit/").status_code == 404
    assert Task.objects.filter(status=TaskStatus.CLOSED).count() == 0


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(board, count: int) -> None:
    section = SectionFactory(campaign=board["campaign"])
    for _ in range(count):
        task = TaskFactory(section=section)
        task.lead_departments.set(DepartmentFactory.create_batch(2))
        task.co_departments.set(board["departments"])


@pytest.mark.parametrize(
    ("persona", "url", "expected"),
    [
        # session, user, memberships, campaign, page count, rows, 2 prefetches, tab counts,
        # departments for the filter, and base.html's own two (role labels, unread notices)
        ("staff", "", 12),
        ("office", "?department={dept}&ordering=deadline", 13),  # + the chosen department
        ("staff", "export.xlsx", 7),  # session, user, memberships, campaign, rows, 2 prefetches
    ],
)
def test_list_page_and_export_query_counts_are_pinned_and_flat(
    board, login, persona, url, expected
):
    client = login(board[persona])
    url = _list_url(board, query=url.format(dept=board["departments"][1].pk))
    _grow(board, 5)
    small = _queries(client, url)
    _grow(board, 45)
    large = _queries(client, url)
    assert small == large == expected


# --- the real plan and its personas -------------------------------------------------------------


def test_each_persona_sees_campaign_ones_task_list_as_far_as_their_reach(personas, login):
    campaign = personas["campaign"]
    url = f"/campaigns/{campaign.pk}/lists/task/"
    everything = Task.objects.filter(campaign=campaign).count()
    for name in ("liaison", "staff", "office", "admin", "leader"):
        response = login(personas[name]).get(url)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == everything
        assert response.context["can_edit"] is (name != "leader")
    commerce = Department.objects.get(name="市商务局")
    theirs = set(
        Task.objects.filter(campaign=campaign, lead_departments=commerce).values_list(
            "pk", flat=True
        )
    ) | set(
        Task.objects.filter(campaign=campaign, co_departments=commerce).values_list("pk", flat=True)
    )
    assert 0 < len(theirs) < everything
    response = login(personas["dept_user"]).get(url)
    assert {t.pk for t in response.context["page"]} == theirs
    assert response.context["can_edit"] is False
    assert "新增事项" not in response.content.decode()
    assert login(personas["other_staff"]).get(url).status_code == 404
    other_url = f"/campaigns/{personas['other_campaign'].pk}/lists/task/"
    assert login(personas["other_staff"]).get(other_url).context["can_edit"] is True
