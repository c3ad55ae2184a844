"""Excel import of the register and of updates: the county workbooks' validation standard."""

import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from counties.management.commands.make_workbook_fixtures import HOSTILE as COUNTY_HOSTILE
from counties.safety import MAX_UPLOAD_BYTES
from projects import services
from projects.management.commands.make_project_fixtures import (
    DEFECTS,
    HOSTILE,
    register_bytes,
    register_row,
    update_row,
    updates_bytes,
)
from projects.models import Project, ProjectUpdate
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str = "项目.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _snapshot():
    return (
        sorted(Project.objects.values_list("code", "name", "annual_investment")),
        sorted(ProjectUpdate.objects.values_list("project_id", "period_id", "physical_percent")),
    )


def _import(world, user, name: str, content: bytes):
    if name.startswith("updates"):
        return services.project_update_import(
            user=user, upload=_upload(content), period=world.period
        )
    return services.project_import(user=user, upload=_upload(content))


def test_register_import_adds_new_codes_and_updates_known_ones_with_audit(world, personas):
    rows = [register_row(), register_row(code="XM001", name="衡阳县产业园（二期）")]
    result = services.project_import(user=personas["office"], upload=_upload(register_bytes(rows)))
    assert (result.created, result.updated) == (1, 1)
    new = Project.objects.get(code="XM101")
    assert (new.region.name, new.category, new.total_investment) == (
        "雁峰区",
        "industry",
        Decimal("20000"),
    )
    assert (new.planned_start, new.central_funds) == (date(2025, 4, 1), Decimal("1000"))
    assert Project.objects.get(code="XM001").name == "衡阳县产业园（二期）"
    assert AuditEntry.objects.filter(summary="导入重大项目").count() == 2


def test_update_import_files_the_fortnight_for_the_users_projects(world, personas):
    result = services.project_update_import(
        user=personas["county_user"],
        upload=_upload(updates_bytes([update_row()])),
        period=world.period,
    )
    assert (result.created, result.updated) == (1, 0)
    update = ProjectUpdate.objects.get(project=world.mine, period=world.period)
    assert (update.started, update.physical_percent, update.problems) == (
        True,
        30,
        "用地报批待协调",
    )
    assert update.filed_by == personas["county_user"]


def test_update_import_refuses_another_units_project(world, personas):
    rows = [update_row(), update_row(code="XM002", name="珠晖区城市更新")]
    with pytest.raises(ValidationError) as refused:
        services.project_update_import(
            user=personas["county_user"], upload=_upload(updates_bytes(rows)), period=world.period
        )
    assert refused.value.messages == ["第3行 第A列：项目代码“XM002”不存在或不在您的填报范围内"]
    assert ProjectUpdate.objects.count() == 0


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_defect_workbook_is_refused_with_its_row_and_column_and_nothing_written(
    world, personas, name
):
    build, message = DEFECTS[name]
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        _import(world, personas["office"], name, build())
    assert refused.value.messages == [message]
    assert _snapshot() == before


def test_one_bad_row_among_good_ones_writes_nothing(world, personas):
    rows = [
        register_row(),
        register_row(code="XM001", name="改过的名字"),
        register_row(code="XM102", region="火星区"),
    ]
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.project_import(user=personas["office"], upload=_upload(register_bytes(rows)))
    assert refused.value.messages == ["第4行 第D列：县市区“火星区”不存在，请填写系统中的名称"]
    assert _snapshot() == before
    assert not AuditEntry.objects.filter(summary="导入重大项目").exists()


def test_every_bad_cell_of_a_row_is_reported(world, personas):
    row = register_row(name=None, total="很多", category="杂项")
    with pytest.raises(ValidationError) as refused:
        services.project_import(user=personas["office"], upload=_upload(register_bytes([row])))
    assert [m.split("：")[0] for m in refused.value.messages] == [
        "第2行 第B列",
        "第2行 第E列",
        "第2行 第H列",
    ]


@pytest.mark.parametrize("name", ["zip-bomb", "renamed-exe", "macro-xlsm", "macro-renamed"])
def test_hostile_county_fixture_is_refused_before_it_is_opened(world, personas, name):
    filename, _, message = COUNTY_HOSTILE[name]
    content = (FIXTURES / "workbooks" / f"hostile-{filename}").read_bytes()
    for run in (
        lambda: services.project_import(user=personas["office"], upload=_upload(content, filename)),
        lambda: services.project_update_import(
            user=personas["office"], upload=_upload(content, filename), period=world.period
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            run()
        assert refused.value.messages == [message]
    assert Project.objects.count() == 2


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_workbook_is_refused_while_reading_quickly(world, personas, name):
    build, message = HOSTILE[name]
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        services.project_import(user=personas["office"], upload=_upload(build()))
    assert time.perf_counter() - started < 15
    assert refused.value.messages == [message]
    assert Project.objects.count() == 2


def test_file_over_the_size_cap_is_refused(world, personas):
    content = b"PK\x03\x04" + b"\x00" * MAX_UPLOAD_BYTES
    with pytest.raises(ValidationError) as refused:
        services.project_import(user=personas["office"], upload=_upload(content))
    assert "文件过大" in refused.value.messages[0]


@pytest.mark.parametrize("persona", ["leader", "dept_user", "county_user"])
def test_only_the_office_imports_the_register(world, personas, persona):
    with pytest.raises(PermissionDenied):
        services.project_import(
            user=personas[persona], upload=_upload(register_bytes([register_row()]))
        )


def test_import_page_lists_every_error_and_keeps_the_data(world, personas, login):
    client = login(personas["office"])
    content = register_bytes([register_row(region="火星区"), register_row(code="XM102", total=-1)])
    response = client.post(
        reverse("project-import"),
        {"register": "1", "register-file": _upload(content)},
    )
    text = response.content.decode()
    assert "第2行 第D列：县市区“火星区”不存在" in text
    assert "第3行 第H列：不能为负数" in text
    assert Project.objects.count() == 2


def test_import_page_round_trips_the_export(world, personas, login):
    client = login(personas["office"])
    exported = client.get(reverse("project-export")).content
    Project.objects.filter(code="XM001").update(name="临时改名")
    response = client.post(
        reverse("project-import"),
        {"register": "1", "register-file": _upload(exported)},
        follow=True,
    )
    assert "导入成功：新增 0 条，更新 2 条。" in response.content.decode()
    assert Project.objects.get(code="XM001").name == "衡阳县产业园标准厂房"


def test_update_import_page_uses_the_chosen_fortnight(world, personas, login):
    client = login(personas["dept_user"])
    response = client.post(
        reverse("project-import"),
        {
            "updates": "1",
            "updates-period": world.previous.pk,
            "updates-file": _upload(updates_bytes([update_row(start_date=date(2025, 3, 1))])),
        },
        follow=True,
    )
    assert "导入成功：新增 1 条，更新 0 条。" in response.content.decode()
    assert ProjectUpdate.objects.get().period == world.previous
