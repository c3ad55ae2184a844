"""Pages and API of the counties area: who reaches what, bad input, exports, query counts."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from counties import services
from counties.models import WorkbookSubmission
from tasks.models import RegionalTarget
from tests.factories import TargetFactory

from .conftest import upload

pytestmark = pytest.mark.django_db


def _applied(world, user=None):
    submission = services.submission_create(
        region=world.region,
        period=world.period,
        upload=upload("filled.xlsx"),
        user=user or world.county_user,
    )
    return services.submission_process(submission_id=submission.pk)


def test_county_user_is_sent_to_their_own_region(world, client):
    client.force_login(world.county_user)
    response = client.get(reverse("county-home"))
    assert response.url == reverse("county-region", args=[world.region.pk])


def test_county_user_cannot_see_another_region(world, client, no_queue):
    client.force_login(world.other_county_user)
    submission = _applied(world)
    urls = [
        reverse("county-region", args=[world.region.pk]),
        reverse("county-workbook", args=[world.region.pk, world.period.pk]),
        reverse("county-submission", args=[submission.pk]),
        reverse("county-submission-status", args=[submission.pk]),
        reverse("api:county-submission-detail", args=[submission.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    response = client.post(
        reverse("county-upload", args=[world.region.pk]),
        {"period": world.period.pk, "file": upload("filled.xlsx")},
    )
    assert response.status_code == 404
    assert WorkbookSubmission.objects.count() == 1


def test_leader_reads_but_cannot_upload(world, client, no_queue):
    client.force_login(world.leader)
    assert client.get(reverse("county-region", args=[world.region.pk])).status_code == 200
    response = client.post(
        reverse("api:county-submission-list"),
        {"region": world.region.pk, "period": world.period.pk, "file": upload("filled.xlsx")},
    )
    assert response.status_code == 403
    page = client.post(
        reverse("county-upload", args=[world.region.pk]),
        {"period": world.period.pk, "file": upload("filled.xlsx")},
    )
    assert page.status_code == 403
    assert WorkbookSubmission.objects.count() == 0


def test_downloaded_workbook_is_prefilled_protected_and_validated(world, client):
    client.force_login(world.county_user)
    response = client.get(reverse("county-workbook", args=[world.region.pk, world.period.pk]))
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["填报说明", "指标", "任务", "重大项目", "往月数据", "模板信息"]
    assert book["模板信息"].sheet_state == "veryHidden"
    sheet = book["指标"]
    assert [c.value for c in sheet[2]][:4] == ["ZB910001", "规模以上工业增加值增速", "%", 7.5]
    assert sheet.protection.sheet and sheet["B2"].protection.locked
    assert not sheet["E2"].protection.locked
    assert any("C2" in str(rule.sqref) for rule in book["任务"].data_validations.dataValidation)


def test_api_upload_is_accepted_and_bad_input_named_in_chinese(
    world, client, no_queue, django_capture_on_commit_callbacks
):
    client.force_login(world.county_user)
    url = reverse("api:county-submission-list")
    missing = client.post(url, {"region": world.region.pk, "period": world.period.pk})
    assert missing.status_code == 400
    assert missing.json()["file"] == ["请上传报表文件。"]
    exe = client.post(
        url,
        {
            "region": world.region.pk,
            "period": world.period.pk,
            "file": upload("hostile-renamed-exe.xlsx"),
        },
    )
    assert exe.status_code == 400 and "不是 .xlsx" in exe.json()["file"][0]
    other = client.post(
        url,
        {"region": world.other_region.pk, "period": world.period.pk, "file": upload("filled.xlsx")},
    )
    assert other.status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            url,
            {"region": world.region.pk, "period": world.period.pk, "file": upload("filled.xlsx")},
        )
    assert ok.status_code == 202 and ok.json()["status"] == "queued"
    assert no_queue == [ok.json()["id"]]


def test_api_workbook_download_needs_region_and_period(world, client):
    client.force_login(world.county_user)
    url = reverse("api:county-submission-workbook")
    assert client.get(url, {"region": "x", "period": world.period.pk}).status_code == 400
    ok = client.get(url, {"region": world.region.pk, "period": world.period.pk})
    assert ok.status_code == 200 and ok.content[:2] == b"PK"


def test_office_accepts_by_api_and_county_user_may_not(world, client, no_queue):
    _applied(world)
    from counties.models import RegionPeriod

    entry = RegionPeriod.objects.get()
    url = reverse("api:county-period-accept", args=[entry.pk])
    client.force_login(world.county_user)
    assert client.post(url).status_code == 403
    client.force_login(world.office)
    assert client.post(url).json()["status"] == "accepted"
    assert client.post(url).status_code == 400


def test_submission_matrix_for_office_only_and_exported(world, client, no_queue):
    _applied(world)
    client.force_login(world.county_user)
    assert client.get(reverse("county-matrix")).status_code == 404
    client.force_login(world.office)
    page = client.get(reverse("county-matrix"), {"year": 2025})
    assert "已报送" in page.content.decode()
    export = client.get(reverse("county-matrix"), {"year": 2025, "format": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.values)
    assert rows[0][:4] == ("县市区", "2025年1月", "2025年2月", "2025年3月")
    hengyang = next(row for row in rows if row[0] == world.region.name)
    assert hengyang[3] == "已报送（逾期）" or hengyang[3] == "已报送"


def test_breakdown_flags_additive_shares_that_do_not_add_up(world, client):
    target = TargetFactory(name='=HYPERLINK("x")', value=Decimal("100"), kind="absolute")
    client.force_login(world.office)
    for region, value in ((world.region, "60"), (world.other_region, "30")):
        response = client.post(
            reverse("county-breakdown-set"),
            {"target": target.pk, "region": region.pk, "value": value, "unit": "个"},
        )
        assert response.status_code == 302
    assert RegionalTarget.objects.filter(target=target).count() == 2
    check = client.get(reverse("api:regional-target-check"))
    row = next(r for r in check.json()["results"] if r["target"] == target.pk)
    assert (row["total"], row["mismatch"]) == ("90.0000", True)
    export = client.get(reverse("county-breakdown"), {"format": "xlsx"})
    cells = [row[0] for row in load_workbook(BytesIO(export.content)).active.iter_rows(min_row=2)]
    cell = next(c for c in cells if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"


def test_breakdown_bad_value_is_named_and_county_user_cannot_set(world, client):
    target = TargetFactory()
    client.force_login(world.office)
    response = client.post(
        reverse("county-breakdown-set"),
        {"target": target.pk, "region": world.region.pk, "value": "很多"},
        follow=True,
    )
    assert "目标值：目标值应为数字。" in response.content.decode()
    client.force_login(world.county_user)
    api = client.post(
        reverse("api:regional-target-list"),
        {"target": target.pk, "region": world.region.pk, "value": "5"},
    )
    assert api.status_code == 403
    assert not RegionalTarget.objects.filter(target=target).exists()


@pytest.mark.parametrize("extra", [0, 15])
def test_submission_list_query_count_is_flat(
    world, client, no_queue, django_assert_num_queries, extra
):
    for _ in range(1 + extra):
        services.submission_create(
            region=world.region,
            period=world.period,
            upload=upload("filled.xlsx"),
            user=world.office,
        )
    client.force_login(world.office)
    with django_assert_num_queries(5):
        assert client.get(reverse("api:county-submission-list")).status_code == 200
    with django_assert_num_queries(14):
        assert client.get(reverse("county-region", args=[world.region.pk])).status_code == 200


@pytest.mark.parametrize("regions", [0, 10])
def test_matrix_query_count_is_flat(world, client, django_assert_num_queries, regions):
    from tests.factories import RegionFactory

    RegionFactory.create_batch(regions)
    client.force_login(world.office)
    with django_assert_num_queries(8):
        assert client.get(reverse("county-matrix"), {"year": 2025}).status_code == 200
