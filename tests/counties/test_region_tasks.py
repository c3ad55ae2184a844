"""Which tasks involve a region: 总专班 sets them on a page and by API; the workbook follows."""

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from audit.selectors import history_for
from campaigns.models import Campaign, Plan, Region
from counties.selectors import workbook_rows
from tasks.models import Task
from tasks.services import region_tasks_set
from tests.factories import CampaignFactory, SectionFactory, TaskFactory

pytestmark = pytest.mark.django_db


@dataclass
class Lists:
    plan: Plan
    first: Campaign  # the world's campaign: its two workbook tasks involve the region already
    second: Campaign
    roads: Task  # 任务清单 of the second campaign
    warehouse: Task  # 项目清单 of the second campaign
    subsidy: Task  # 政策清单 of the second campaign
    foreign: Task  # a task of another plan


@pytest.fixture
def lists(world) -> Lists:
    """A second campaign with one item in each of the three lists, and another plan's task."""
    first = Task.objects.get(pk=920001).campaign
    second = CampaignFactory(plan=first.plan, number=first.number % 7 + 1, name="物流提质")
    section = SectionFactory(campaign=second, number="一")

    def item(list_kind: str, title: str) -> Task:
        return TaskFactory(
            section=None, campaign=second, plan=first.plan, list_kind=list_kind, title=title
        )

    return Lists(
        plan=first.plan,
        first=first,
        second=second,
        roads=TaskFactory(section=section, title="建设县乡道路"),
        warehouse=item("project", "冷链仓储中心项目"),
        subsidy=item("policy", "物流降本补贴政策"),
        foreign=TaskFactory(section=SectionFactory(campaign=CampaignFactory(number=1))),
    )


def _ids(region: Region, plan: Plan) -> set[int]:
    return set(Task.objects.filter(regions=region, plan=plan).values_list("pk", flat=True))


def _checklist(response) -> str:
    """The page's checklist form, without the history below it (which names tasks too)."""
    text = response.content.decode()
    return text[text.index('id="region-tasks-form"') : text.index('id="history"')]


def _page(region: Region, **query) -> str:
    url = reverse("county-region-tasks", args=[region.pk])
    return f"{url}?{urlencode(query)}" if query else url


def test_office_ticks_tasks_on_the_page_and_the_workbook_lists_them(world, lists, client):
    client.force_login(world.office)
    page = client.get(_page(world.region))
    text = page.content.decode()
    assert page.status_code == 200
    for title in (
        "推进产业园区标准厂房建设",
        "建设县乡道路",
        "冷链仓储中心项目",
        "物流降本补贴政策",
    ):
        assert title in text
    assert "任务清单" in text and "项目清单" in text and "政策清单" in text
    assert lists.foreign.title not in text  # another plan's tasks are not offered

    response = client.post(
        _page(world.region), {"tasks": [920001, lists.warehouse.pk]}, follow=True
    )
    assert "已保存：新增 1 项，取消 1 项。" in response.content.decode()
    assert _ids(world.region, lists.plan) == {920001, lists.warehouse.pk}
    rows = {row[0]: row for row in workbook_rows(world.region, world.period)["tasks"]}
    assert set(rows) == {920001, lists.warehouse.pk}
    assert "冷链仓储中心项目" in rows[lists.warehouse.pk][1]
    assert "新增涉及事项" in response.content.decode()  # the region's history on the page


def test_saving_the_same_ticks_changes_nothing_and_writes_no_history(world, lists, client):
    client.force_login(world.office)
    response = client.post(_page(world.region), {"tasks": [920001, 920002]}, follow=True)
    assert "没有变化。" in response.content.decode()
    assert not history_for(world.region).exists()


def test_select_all_and_clear_all_of_a_campaign(world, lists, client):
    client.force_login(world.office)
    client.post(
        _page(world.region),
        {"tasks": [920001, 920002], "select_all": [lists.second.pk]},
    )
    second = {lists.roads.pk, lists.warehouse.pk, lists.subsidy.pk}
    assert _ids(world.region, lists.plan) == {920001, 920002} | second
    client.post(
        _page(world.region),
        {"tasks": [920001, 920002, lists.roads.pk], "clear_all": [lists.second.pk]},
    )
    assert _ids(world.region, lists.plan) == {920001, 920002}
    both = client.post(
        _page(world.region),
        {"select_all": [lists.second.pk], "clear_all": [lists.second.pk]},
    )
    assert "同一攻坚不能同时选择“全选”和“全部取消”。" in both.content.decode()
    assert _ids(world.region, lists.plan) == {920001, 920002}


def test_a_filtered_page_leaves_the_tasks_it_does_not_show_unchanged(world, lists, client):
    client.force_login(world.office)
    url = _page(world.region, q="物流", list_kind="policy")
    page = _checklist(client.get(url))
    assert "物流降本补贴政策" in page and "冷链仓储中心项目" not in page
    assert "推进产业园区标准厂房建设" not in page
    client.post(url, {"tasks": [lists.subsidy.pk]})
    assert _ids(world.region, lists.plan) == {920001, 920002, lists.subsidy.pk}
    ticked = _checklist(client.get(_page(world.region, state="in")))
    assert "物流降本补贴政策" in ticked and "建设县乡道路" not in ticked
    unticked = _checklist(client.get(_page(world.region, state="out", campaign=lists.second.pk)))
    assert "建设县乡道路" in unticked and "物流降本补贴政策" not in unticked


def test_bad_filters_and_ticks_are_named_in_chinese(world, lists, client):
    client.force_login(world.office)
    foreign_campaign = lists.foreign.campaign_id
    page = client.get(
        _page(world.region, plan="abc", campaign=foreign_campaign, state="all", q="x" * 101)
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "方案：所选方案不存在。" in text
    assert "攻坚：所选攻坚不属于该方案。" in text
    assert "勾选情况：勾选情况无效。" in text
    assert "搜索：搜索内容不超过 100 个字。" in text
    assert "建设县乡道路" in text and "只列出符合筛选条件的事项" not in text  # shows everything
    stale = client.post(_page(world.region, list_kind="policy"), {"tasks": [lists.roads.pk]})
    assert f"事项 {lists.roads.pk} 不在当前列表中" in stale.content.decode()
    junk = client.post(_page(world.region), {"tasks": ["很多"], "select_all": ["x"]})
    assert junk.status_code == 200 and "不在当前列表中" in junk.content.decode()
    assert _ids(world.region, lists.plan) == {920001, 920002}


def test_audit_entry_names_added_and_removed_tasks(world, lists):
    added, removed = region_tasks_set(
        region=world.region,
        plan=lists.plan,
        task_ids=[920001, lists.roads.pk, lists.subsidy.pk],
        user=world.office,
    )
    assert [t.pk for t in added] == [lists.roads.pk, lists.subsidy.pk]
    assert [t.pk for t in removed] == [920002]
    entry = AuditEntry.objects.get()
    assert entry.actor == world.office and entry.object_id == str(world.region.pk)
    assert entry.summary.endswith("新增 2 项，取消 1 项")
    changes = {change["label"]: change for change in entry.changes}
    assert changes["新增涉及事项"]["after"] == (
        f"物流提质 （一）{lists.roads.number} 建设县乡道路；"
        f"物流提质 {lists.subsidy.number} 物流降本补贴政策"
    )
    assert "开展消费促进月活动" in changes["取消涉及事项"]["before"]
    assert changes["取消涉及事项"]["after"] is None


def test_service_refuses_unknown_and_foreign_tasks_and_non_coordinators(world, lists):
    with pytest.raises(ValidationError) as unknown:
        region_tasks_set(
            region=world.region, plan=lists.plan, task_ids=[920001, 99999998], user=world.office
        )
    assert unknown.value.message_dict["tasks"] == ["以下事项不存在：99999998。"]
    with pytest.raises(ValidationError) as foreign:
        region_tasks_set(
            region=world.region, plan=lists.plan, task_ids=[lists.foreign.pk], user=world.office
        )
    assert str(lists.foreign.pk) in foreign.value.message_dict["tasks"][0]
    assert f"不属于《{lists.plan.title}》" in foreign.value.message_dict["tasks"][0]
    for user in (world.county_user, world.leader):
        with pytest.raises(PermissionDenied):
            region_tasks_set(region=world.region, plan=lists.plan, task_ids=[], user=user)
    assert _ids(world.region, lists.plan) == {920001, 920002}
    assert not AuditEntry.objects.exists()


def test_setting_one_plan_keeps_the_regions_tasks_of_another(world, lists):
    lists.foreign.regions.add(world.region)
    region_tasks_set(region=world.region, plan=lists.plan, task_ids=[], user=world.office)
    assert set(world.region.tasks.values_list("pk", flat=True)) == {lists.foreign.pk}


def test_api_reads_and_replaces_a_regions_tasks(world, lists, client):
    client.force_login(world.office)
    url = reverse("api:county-region-tasks", args=[world.region.pk])
    got = client.get(url).json()
    assert got == {
        "plan": lists.plan.pk,
        "region": world.region.pk,
        "region_name": "衡阳县",
        "tasks": [920001, 920002],
    }
    put = client.put(url, {"tasks": [lists.warehouse.pk, 920002]}, content_type="application/json")
    assert put.status_code == 200
    assert put.json()["tasks"] == sorted([lists.warehouse.pk, 920002])
    assert _ids(world.region, lists.plan) == {lists.warehouse.pk, 920002}
    assert AuditEntry.objects.get().request_path == url
    other = client.get(url, {"plan": lists.foreign.plan_id}).json()
    assert (other["plan"], other["tasks"]) == (lists.foreign.plan_id, [])
    client.force_login(world.county_user)
    assert client.get(url).json()["tasks"] == sorted([lists.warehouse.pk, 920002])


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({}, "tasks", "请提供事项编号列表。"),
        ({"tasks": "920001"}, "tasks", "事项应为编号列表。"),
        ({"tasks": ["abc"]}, "tasks", "事项编号应为整数。"),
        ({"tasks": [920001], "plan": 99999997}, "plan", "方案不存在。"),
        ({"tasks": [920001, 99999998, 99999999]}, "tasks", "以下事项不存在：99999998、99999999。"),
    ],
)
def test_api_bad_input_is_a_chinese_400_naming_the_field(
    world, lists, client, payload, field, message
):
    client.force_login(world.office)
    url = reverse("api:county-region-tasks", args=[world.region.pk])
    response = client.put(url, payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()[field]
    assert message in (body[0] if isinstance(body, list) else str(body))
    assert _ids(world.region, lists.plan) == {920001, 920002}


def test_api_refuses_tasks_of_another_plan_naming_them(world, lists, client):
    client.force_login(world.office)
    url = reverse("api:county-region-tasks", args=[world.region.pk])
    response = client.put(url, {"tasks": [lists.foreign.pk]}, content_type="application/json")
    assert response.status_code == 400
    assert f"{lists.foreign.pk}" in response.json()["tasks"][0]
    assert "不属于" in response.json()["tasks"][0]


def test_leader_reads_the_page_without_changing_anything(world, lists, client):
    client.force_login(world.leader)
    page = client.get(_page(world.region)).content.decode()
    assert "只有总专班可以修改。" in page
    assert 'name="tasks" value="920001" checked disabled' in page
    assert "保存</button>" not in page
    assert client.post(_page(world.region), {"tasks": []}).status_code == 403
    url = reverse("api:county-region-tasks", args=[world.region.pk])
    assert client.put(url, {"tasks": []}, content_type="application/json").status_code == 403
    assert _ids(world.region, lists.plan) == {920001, 920002}


def test_region_and_breakdown_pages_link_to_the_checklist(world, client):
    link = reverse("county-region-tasks", args=[world.region.pk])
    client.force_login(world.office)
    region_page = client.get(reverse("county-region", args=[world.region.pk])).content.decode()
    assert link in region_page and "设定涉及的任务" in region_page
    assert link in client.get(reverse("county-breakdown")).content.decode()
    client.force_login(world.county_user)
    own = client.get(reverse("county-region", args=[world.region.pk])).content.decode()
    assert link not in own
    assert "推进产业园区标准厂房建设" in own and "开展消费促进月活动" in own


def test_who_may_read_and_set_a_regions_tasks(personas, client):
    county = Region.objects.get(name="衡阳县")
    plan = personas["campaign"].plan
    page = reverse("county-region-tasks", args=[county.pk])
    api = reverse("api:county-region-tasks", args=[county.pk])
    expected = {
        # persona: (page GET, page POST, API GET, API PUT)
        "admin": (200, 302, 200, 200),
        "office": (200, 302, 200, 200),
        "leader": (200, 403, 200, 403),
        "county_user": (404, 404, 200, 403),
        "liaison": (404, 404, 404, 403),
        "staff": (404, 404, 404, 403),
        "other_staff": (404, 404, 404, 403),
        "dept_user": (404, 404, 404, 403),
    }
    first, second = Task.objects.filter(plan=plan).order_by("pk")[:2]
    # each writer changes the set, so each accepted write leaves one history entry
    page_writes = {"admin": [first.pk], "office": [first.pk, second.pk]}
    api_writes = {"admin": [second.pk], "office": [first.pk]}
    for persona, statuses in expected.items():
        client.force_login(personas[persona])
        got = (
            client.get(page).status_code,
            client.post(page, {"tasks": page_writes.get(persona, [])}).status_code,
            client.get(api).status_code,
            client.put(
                api, {"tasks": api_writes.get(persona, [])}, content_type="application/json"
            ).status_code,
        )
        assert got == statuses, persona
    client.logout()
    assert client.get(page).status_code == 302
    assert client.post(page, {"tasks": []}).status_code == 302
    assert client.get(api).status_code in (401, 403)
    assert client.put(api, {"tasks": []}, content_type="application/json").status_code in (401, 403)
    assert set(county.tasks.values_list("pk", flat=True)) == {first.pk}
    actors = list(history_for(county).values_list("actor__username", flat=True))
    assert actors == ["office", "office", "admin_user", "admin_user"]


def _more_tasks(lists: Lists, count: int) -> None:
    section = SectionFactory(campaign=lists.second, number="二")
    for index in range(count):
        TaskFactory(
            section=section, list_kind="task" if index % 2 else "project", title=f"扩展任务{index}"
        ).regions.add(Region.objects.get(name="衡阳县"))


@pytest.mark.parametrize("extra", [0, 40])
def test_query_counts_do_not_grow_with_tasks(
    world, lists, client, django_assert_num_queries, extra
):
    _more_tasks(lists, extra)
    region_tasks_set(
        region=world.region, plan=lists.plan, task_ids=[920001], user=world.office
    )  # one history entry
    client.force_login(world.office)
    api = reverse("api:county-region-tasks", args=[world.region.pk])
    with django_assert_num_queries(13):
        assert client.get(_page(world.region)).status_code == 200
    with django_assert_num_queries(14):
        assert (
            client.get(_page(world.region, q="任务", campaign=lists.second.pk)).status_code == 200
        )
    with django_assert_num_queries(6):
        assert client.get(api).status_code == 200
    everything = list(Task.objects.filter(plan=lists.plan).values_list("pk", flat=True))
    with django_assert_num_queries(14):
        response = client.put(api, {"tasks": everything}, content_type="application/json")
    assert response.status_code == 200 and len(response.json()["tasks"]) == len(everything)
    with django_assert_num_queries(15):
        assert client.post(_page(world.region), {"tasks": [920002]}).status_code == 302
