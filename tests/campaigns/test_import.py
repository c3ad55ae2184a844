import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from campaigns.models import Campaign, Department, DepartmentAlias, Plan, PlanImport
from campaigns.plan_parser import parse_plan
from tasks.models import Task

ROOT = Path(settings.BASE_DIR)
PLAN_TXT = ROOT / "fixtures" / "plans" / "hengyang-2025-seven-campaigns-plan.txt"
PLAN_JSON = ROOT / "fixtures" / "hengyang-2025-plan.json"

SMALL_PLAN = """测试市人民政府办公室
测政办发〔2025〕9号
测试市优化营商环境实施方案
一、重点任务
（一）提升服务
1.推进一网通办。实现高频事项100个以上网上可办。（市数据局牵头，市政府办、市新设服务中心按职责分工负责）
2.优化审批流程。（市发展改革委牵头，各县市区配合）
"""


def _call(*args) -> str:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def test_reviewed_fixture_is_what_the_importer_produces_from_the_plan():
    parsed = parse_plan(PLAN_TXT.read_text(encoding="utf-8"))
    assert json.loads(PLAN_JSON.read_text(encoding="utf-8")) == parsed


@pytest.mark.django_db
def test_json_option_prints_the_parsed_document_and_writes_nothing():
    data = json.loads(_call(str(PLAN_TXT), "--json"))
    assert data["document_number"] == "衡政办发〔2025〕3号"
    assert len(data["campaigns"]) == 7
    for key in ("number", "name", "goals", "convener", "office", "member_units"):
        assert key in data["campaigns"][0]
    task = data["tasks"][0]
    for key in (
        "campaign",
        "section",
        "number",
        "parent",
        "title",
        "text",
        "lead_units",
        "co_units",
        "collective_units",
        "targets",
    ):
        assert key in task
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_importing_the_plan_creates_it_and_importing_again_changes_nothing(reference):
    output = _call(str(PLAN_TXT))
    plan = Plan.objects.get()
    assert "已创建" in output
    assert plan.campaigns.count() == 7
    task_ids = set(Task.objects.values_list("pk", flat=True))
    expected = len(json.loads(PLAN_JSON.read_text(encoding="utf-8"))["tasks"])
    assert len(task_ids) == expected
    again = _call(str(PLAN_TXT))
    assert "新增任务 0 项，修改 0 项，删除 0 项" in again
    assert set(Task.objects.values_list("pk", flat=True)) == task_ids


@pytest.mark.django_db
def test_revised_plan_shows_and_applies_changes_keeping_unchanged_tasks(reference, tmp_path):
    _call(str(PLAN_TXT))
    keep = Task.objects.get(campaign__number=7, section__number="二", number="1")
    removed = Task.objects.get(campaign__number=7, section__number="二", number="2")
    changed = Task.objects.get(campaign__number=7, section__number="二", number="3")
    lines = []
    for line in PLAN_TXT.read_text(encoding="utf-8").splitlines():
        if line.startswith("2.建设34个食品安全快速检测服务点"):
            continue  # the revision drops this task
        if line.startswith("3.提升人员密集场所安全防范能力建设"):
            line = line.replace("市公安局)", "市数据局)")
        lines.append(line)
    path = tmp_path / "revised.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    dry = _call(str(path), "--dry-run")
    assert "新增 0 项，修改 1 项，删除 1 项" in dry
    assert Task.objects.filter(pk=removed.pk).exists()  # the dry run wrote nothing
    _call(str(path))
    assert Task.objects.filter(pk=keep.pk).exists()
    assert not Task.objects.filter(pk=removed.pk).exists()
    changed.refresh_from_db()
    assert [d.name for d in changed.lead_departments.all()] == ["市数据局"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "文件为空"),
        ("binary.txt", bytes(range(256)) * 4, "无法识别"),
        ("fake.docx", b"this is not a zip archive", "不是有效的 .docx"),
        (
            "notasks.txt",
            "一份没有编号任务的通知。\n请认真贯彻落实。".encode(),
            "未识别到任何编号任务",
        ),
        ("plan.pdf", b"%PDF-1.4", "仅支持 .txt 和 .docx"),
    ],
)
def test_bad_documents_are_refused_in_chinese_and_nothing_is_written(
    reference, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        _call(str(path))
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_unknown_units_are_reported_with_suggestions_and_mapped_as_aliases(reference, tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    with pytest.raises(CommandError, match="市新设服务中心"):
        _call(str(path))
    assert Plan.objects.count() == 0
    _call(str(path), "--map", "市新设服务中心=市政府办")
    assert DepartmentAlias.objects.get(alias="市新设服务中心").department.name == "市政府办"
    task = Task.objects.get(number="1")
    assert [d.name for d in task.co_departments.all()] == ["市政府办"]
    assert Task.objects.get(number="2").collective_units == ["各县市区"]


@pytest.fixture
def importer_client(client, django_user_model):
    from accounts.models import Membership

    user = django_user_model.objects.create_user(username="office", password="x-Passw0rd-1")
    Membership.objects.create(user=user, role="office")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_browser_flow_upload_preview_map_and_confirm(reference, importer_client):
    upload = SimpleUploadedFile("small.txt", SMALL_PLAN.encode("gb18030"))
    response = importer_client.post("/plans/import/", {"document": upload})
    plan_import = PlanImport.objects.get()
    assert response["Location"] == f"/plans/import/{plan_import.pk}/"
    page = importer_client.get(response["Location"]).content.decode()
    assert "未识别的单位" in page and "市新设服务中心" in page
    assert Plan.objects.count() == 0
    missing = importer_client.post(response["Location"], {"action": "confirm"})
    assert "请为“市新设服务中心”选择对应部门或新建" in missing.content.decode()
    done = importer_client.post(response["Location"], {"action": "confirm", "unit_0": "new"})
    assert done.status_code == 302
    assert Department.objects.filter(name="市新设服务中心").exists()
    assert Plan.objects.get().tasks.count() == 2
    plan_import.refresh_from_db()
    assert plan_import.status == "applied" and plan_import.applied_by.username == "office"


@pytest.mark.django_db
def test_browser_upload_of_a_bad_file_shows_the_reason(reference, importer_client):
    upload = SimpleUploadedFile("plan.docx", b"not a zip")
    response = importer_client.post("/plans/import/", {"document": upload})
    assert "不是有效的 .docx 文件" in response.content.decode()
    assert PlanImport.objects.count() == 0


@pytest.mark.django_db
def test_users_without_the_import_right_get_403(user_client):
    assert user_client.get("/plans/import/").status_code == 403
    assert user_client.get("/api/plan-imports/").status_code == 403


@pytest.mark.django_db
def test_api_flow_upload_then_confirm(reference, importer_client):
    upload = SimpleUploadedFile("small.txt", SMALL_PLAN.encode())
    response = importer_client.post("/api/plan-imports/", {"document": upload})
    assert response.status_code == 201
    body = response.json()
    assert body["preview"]["unresolved_units"][0]["name"] == "市新设服务中心"
    department = Department.objects.get(name="市政府办")
    confirm = importer_client.post(
        f"/api/plan-imports/{body['id']}/confirm/",
        {"mappings": {"市新设服务中心": department.pk}},
        content_type="application/json",
    )
    assert confirm.status_code == 200, confirm.content
    assert confirm.json()["summary"]["added"] == 2
    again = importer_client.post(
        f"/api/plan-imports/{body['id']}/confirm/", {}, content_type="application/json"
    )
    assert again.status_code == 400
    assert "已处理" in again.json()["detail"][0]


@pytest.mark.django_db
def test_api_refuses_a_bad_upload_with_a_chinese_message(reference, importer_client):
    response = importer_client.post(
        "/api/plan-imports/", {"document": SimpleUploadedFile("x.txt", b"")}
    )
    assert response.status_code == 400
    assert "文件为空" in json.dumps(response.json(), ensure_ascii=False)
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_reimport_keeps_items_added_by_hand_and_split_parts(reference):
    _call(str(PLAN_TXT))
    original = Task.objects.filter(section__isnull=False).first()
    manual = Task.objects.create(
        plan=original.plan,
        campaign=original.campaign,
        number="1",
        list_kind="project",
        title="手工添加的项目",
        text="手工添加的项目",
    )
    part = Task.objects.create(
        plan=original.plan,
        campaign=original.campaign,
        number=f"{original.number}-1",
        list_kind="task",
        title="拆分出的事项",
        text="拆分出的事项",
        split_from=original,
    )
    assert "新增任务 0 项，修改 0 项，删除 0 项" in _call(str(PLAN_TXT))
    assert Task.objects.filter(pk__in=[manual.pk, part.pk]).count() == 2
