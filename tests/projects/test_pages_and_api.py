"""Filing updates and keeping the register through pages and API: input, audit, exports, queries."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from projects import services
from projects.imports import REGISTER_HEADERS, UPDATE_HEADERS
from projects.models import Project, ProjectUpdate

from .conftest import make_project, update_data

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    data = update_data(**overrides)
    return {key: ("on" if value is True else value) for key, value in data.items() if value}


def test_filing_an_update_on_the_page_saves_and_audits_it(world, personas, login):
    client = login(personas["dept_user"])
    response = client.post(
        reverse("project-detail", args=[world.mine.pk]),
        {"period": world.period.pk, **_form()},
        follow=True,
    )
    assert "已填报2025年第10期双周进展" in response.content.decode()
    update = ProjectUpdate.objects.get(project=world.mine, period=world.period)
    assert (update.cumulative_investment, update.physical_percent) == (Decimal("1200"), 30)
    assert AuditEntry.objects.filter(object_id=str(update.pk), action="create").exists()


def test_filing_the_same_fortnight_again_corrects_it(world, personas, login):
    client = login(personas["county_user"])
    url = reverse("project-detail", args=[world.mine.pk])
    client.post(url, {"period": world.period.pk, **_form()})
    client.post(url, {"period": world.period.pk, **_form(physical_percent=45)})
    assert list(ProjectUpdate.objects.values_list("physical_percent", flat=True)) == [45]
    assert AuditEntry.objects.filter(action="update", summary__contains="项目进展").count() == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"start_date": None}, "已开工的项目须填写开工日期。"),
        ({"physical_percent": 120}, "确保该值小于或等于100。"),
        ({"investment": "9999"}, "年度累计完成投资不能小于本期完成投资。"),
        ({"investment": "abc"}, "输入一个数字。"),
    ],
)
def test_bad_update_input_shows_a_chinese_message_and_saves_nothing(
    world, personas, login, overrides, message
):
    client = login(personas["staff"])
    data = {"period": world.period.pk, **_form()}
    data.update({k: v for k, v in overrides.items() if v is not None})
    for key in [k for k, v in overrides.items() if v is None]:
        data.pop(key)
    response = client.post(reverse("project-detail", args=[world.mine.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProjectUpdate.objects.count() == 0


def test_api_update_bad_input_is_a_400_naming_the_field(world, personas, login):
    client = login(personas["dept_user"])
    response = client.post(
        reverse("api:project-update-list"),
        {"project": world.mine.pk, "period": world.period.pk, **update_data(start_date=None)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"start_date": ["已开工的项目须填写开工日期。"]}


def test_api_refuses_a_period_that_is_not_a_fortnight(world, personas, login):
    from reporting.models import Period

    month = Period.objects.get(kind="month", start__year=2025, start__month=5)
    client = login(personas["office"])
    response = client.post(
        reverse("api:project-update-list"),
        {"project": world.mine.pk, "period": month.pk, **update_data()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "period" in response.json()


def test_api_files_an_update_and_the_summary_reflects_it(world, personas, login):
    client = login(personas["dept_user"])
    before = client.get(reverse("api:project-summary-list")).json()
    response = client.post(
        reverse("api:project-update-list"),
        {"project": world.mine.pk, "period": world.period.pk, **update_data()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["filed_by_name"] == "商务局刘"
    after = client.get(reverse("api:project-summary-list")).json()
    assert (before["overall"]["start_rate"], after["overall"]["start_rate"]) == (
        "0.0000",
        "1.0000",
    )
    assert after["by_region"][0]["label"] == "衡阳县"


def test_summary_api_refuses_an_unknown_period(world, personas, login):
    response = login(personas["office"]).get(reverse("api:project-summary-list"), {"period": "x"})
    assert response.status_code == 400
    assert response.json() == {"period": ["双周调度期不存在。"]}


def test_office_adds_and_edits_a_project_through_the_api_with_audit(world, personas, login):
    client = login(personas["office"])
    payload = {
        "name": "蒸湘区数据中心",
        "code": "XM300",
        "campaign": world.mine.campaign_id,
        "region": world.mine.region_id,
        "category": "industry",
        "department": world.mine.department_id,
        "total_investment": "5000",
        "annual_investment": "6000",
        "planned_start": "2025-03-01",
        "planned_end": "2026-03-01",
    }
    refused = client.post(reverse("api:project-list"), payload, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"annual_investment": ["年度计划投资不能超过计划总投资。"]}
    payload["annual_investment"] = "2000"
    created = client.post(reverse("api:project-list"), payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    project = Project.objects.get(code="XM300")
    edited = client.patch(
        reverse("api:project-detail", args=[project.pk]),
        {"leader": "市领导丙"},
        content_type="application/json",
    )
    assert edited.status_code == 200
    assert AuditEntry.objects.filter(object_id=str(project.pk)).count() == 2


def test_office_adds_a_project_on_the_page(world, personas, login):
    client = login(personas["office"])
    response = client.post(
        reverse("project-create"),
        {
            "name": "石鼓区文旅街区",
            "code": "XM301",
            "campaign": world.mine.campaign_id,
            "region": world.theirs.region_id,
            "category": "tourism",
            "department": world.mine.department_id,
            "total_investment": "8000",
            "annual_investment": "3000",
            "planned_start": "2025-06-01",
            "planned_end": "2025-05-01",
            "central_funds": "0",
            "provincial_funds": "0",
        },
    )
    assert "计划竣工日期不能早于计划开工日期。" in response.content.decode()
    assert not Project.objects.filter(code="XM301").exists()


def _sheet(response):
    workbook = load_workbook(BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_exports_are_in_the_import_format_and_scoped(world, personas, login):
    services.project_update_file(
        user=personas["office"], project=world.mine, period=world.period, data=update_data()
    )
    client = login(personas["county_user"])
    register = _sheet(client.get(reverse("project-export")))
    assert register[0] == list(REGISTER_HEADERS)
    assert [row[0] for row in register[1:]] == ["XM001"]
    updates = _sheet(client.get(reverse("project-update-export"), {"period": world.period.pk}))
    assert updates[0] == list(UPDATE_HEADERS)
    assert updates[1][:3] == ["XM001", "衡阳县产业园标准厂房", "是"]


def test_export_keeps_formula_like_names_as_text(world, personas, login):
    world.mine.name = "=HYPERLINK(1)"
    world.mine.save()
    response = login(personas["office"]).get(reverse("project-export"))
    cell = load_workbook(BytesIO(response.content)).active["B2"]
    assert cell.data_type == "s"


def _grow(world, count: int) -> None:
    for number in range(count):
        project = make_project(
            code=f"XG{number:03d}",
            campaign=world.mine.campaign,
            region=world.mine.region,
            department=world.mine.department,
        )
        ProjectUpdate.objects.create(project=project, period=world.period, **update_data())


@pytest.mark.parametrize(
    "name, params",
    [
        ("project-list", {}),
        ("project-summary", {}),
        ("project-export", {}),
        ("project-update-export", {}),
        ("api:project-list", {}),
        ("api:project-update-list", {}),
        ("api:project-summary-list", {}),
    ],
)
def test_list_query_counts_do_not_grow_with_rows(
    world, personas, login, django_assert_max_num_queries, name, params
):
    client = login(personas["dept_user"])
    _grow(world, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name), params).status_code == 200
    _grow_more = 30
    for number in range(_grow_more):
        project = make_project(
            code=f"XH{number:03d}",
            campaign=world.mine.campaign,
            region=world.mine.region,
            department=world.mine.department,
        )
        ProjectUpdate.objects.create(project=project, period=world.period, **update_data())
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse(name), params).status_code == 200


def test_detail_page_query_count_does_not_grow_with_updates(
    world, personas, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.models import Period

    client = login(personas["office"])
    url = reverse("project-detail", args=[world.mine.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for period in Period.objects.filter(kind="fortnight", start__year=2025)[5:10]:
        services.project_update_file(
            user=personas["office"], project=world.mine, period=period, data=update_data()
        )
    with django_assert_max_num_queries(len(small) + 1):  # the history block gains its rows
        client.get(url)


def test_pages_are_in_chinese(world, personas, login):
    client = login(personas["office"])
    services.project_update_file(
        user=personas["office"], project=world.mine, period=world.period, data=update_data()
    )
    for url in (
        reverse("project-list"),
        reverse("project-summary"),
        reverse("project-import"),
        reverse("project-create"),
        reverse("project-detail", args=[world.mine.pk]),
    ):
        text = client.get(url).content.decode()
        assert ">None<" not in text and "Submit" not in text, url
    summary = client.get(reverse("project-summary")).content.decode()
    assert "开工率 = " in summary and "时序进度 = " in summary


def test_openapi_schema_documents_the_project_endpoints(db, client, personas, login):
    schema = login(personas["office"]).get(reverse("api-schema")).content.decode()
    for path in ("/api/projects/", "/api/project-updates/", "/api/project-summary/"):
        assert path in schema
