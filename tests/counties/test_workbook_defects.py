"""Every defect fixture is refused with its exact 第N行 第X列 message and writes nothing."""

import pytest

from counties import services
from counties.choices import RegionPeriodStatus, SubmissionStatus
from counties.management.commands.make_workbook_fixtures import DEFECTS, FILLED, HOSTILE
from counties.models import RegionPeriod, RegionTaskProgress, WorkbookSubmission
from indicators.models import IndicatorValue
from projects.models import ProjectUpdate

from .conftest import WORKBOOKS as WORKBOOKS_DIR
from .conftest import upload

pytestmark = pytest.mark.django_db


def _submit(world, name, content=None, user=None):
    submission = services.submission_create(
        region=world.region,
        period=world.period,
        upload=upload(name, content),
        user=user or world.county_user,
    )
    return services.submission_process(submission_id=submission.pk)


def test_filled_fixture_is_written_with_every_value(world, no_queue):
    submission = _submit(world, "filled.xlsx")
    assert submission.status == SubmissionStatus.APPLIED, submission.errors
    values = {
        v.target_id: (float(v.value), float(v.cumulative), float(v.last_year))
        for v in IndicatorValue.objects.filter(region=world.region, period=world.period)
    }
    assert values == {pk: tuple(float(x) for x in row) for pk, row in FILLED.items()}
    assert set(IndicatorValue.objects.values_list("source", flat=True)) == {"workbook"}
    assert RegionTaskProgress.objects.filter(status="in_progress", percent=40).count() == 2
    entry = RegionPeriod.objects.get(region=world.region, period=world.period)
    assert (entry.status, entry.version, entry.current_id) == (
        RegionPeriodStatus.SUBMITTED,
        1,
        submission.pk,
    )


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_defect_fixture_is_refused_with_its_row_and_column_and_nothing_written(
    world, no_queue, name
):
    sheet, message = DEFECTS[name][1]
    submission = _submit(world, f"defect-{name}.xlsx")
    assert submission.status == SubmissionStatus.REJECTED
    assert [(e["sheet"], e["message"]) for e in submission.errors] == [(sheet, message)]
    assert IndicatorValue.objects.count() == 0
    assert RegionTaskProgress.objects.count() == 0
    assert ProjectUpdate.objects.count() == 0
    assert RegionPeriod.objects.get(region=world.region).status == RegionPeriodStatus.ERROR


def test_rejected_upload_keeps_earlier_values_untouched(world, no_queue):
    _submit(world, "filled.xlsx")
    before = sorted(IndicatorValue.objects.values_list("target_id", "value", "cumulative"))
    _submit(world, "defect-blank-required.xlsx")
    assert sorted(IndicatorValue.objects.values_list("target_id", "value", "cumulative")) == before
    assert RegionPeriod.objects.get(region=world.region).status == RegionPeriodStatus.SUBMITTED


def test_annotated_copy_marks_the_bad_cell_with_a_comment(world, no_queue):
    from openpyxl import load_workbook

    submission = _submit(world, "defect-formula-cell.xlsx")
    workbook = load_workbook(submission.annotated.path)
    cell = workbook["指标"]["E2"]
    assert "不接受公式" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert workbook["错误清单"]["D2"].value == "不接受公式，请直接填写数值"


@pytest.mark.parametrize("name", ["zip-bomb", "renamed-exe", "macro-xlsm", "macro-renamed"])
def test_hostile_file_is_refused_before_it_is_stored(world, no_queue, name):
    from django.core.exceptions import ValidationError

    filename, _, message = HOSTILE[name]
    with pytest.raises(ValidationError) as refused:
        services.submission_create(
            region=world.region,
            period=world.period,
            upload=upload(f"hostile-{filename}")
            if name != "macro-xlsm"
            else upload("macro.xlsm", (WORKBOOKS_DIR / "hostile-macro.xlsm").read_bytes()),
            user=world.county_user,
        )
    assert refused.value.message_dict == {"file": [message]}
    assert WorkbookSubmission.objects.count() == 0
    assert no_queue == []


def test_workbook_declaring_a_million_rows_is_refused_quickly(world, no_queue):
    import time

    started = time.perf_counter()
    submission = _submit(world, "hostile-million-rows.xlsx")
    assert time.perf_counter() - started < 10
    assert [e["message"] for e in submission.errors] == [HOSTILE["million-rows"][2]]
    assert IndicatorValue.objects.count() == 0


def test_file_over_the_size_cap_is_refused(world, no_queue):
    from django.core.exceptions import ValidationError

    from counties.safety import MAX_UPLOAD_BYTES

    with pytest.raises(ValidationError) as refused:
        _submit(world, "big.xlsx", b"PK\x03\x04" + b"\x00" * MAX_UPLOAD_BYTES)
    assert "文件过大" in refused.value.message_dict["file"][0]


def test_same_file_twice_changes_nothing(world, no_queue):
    _submit(world, "filled.xlsx")
    stamps = sorted(IndicatorValue.objects.values_list("pk", "updated_at"))
    second = _submit(world, "filled.xlsx")
    assert second.status == SubmissionStatus.UNCHANGED
    assert sorted(IndicatorValue.objects.values_list("pk", "updated_at")) == stamps
    assert RegionPeriod.objects.get(region=world.region).version == 1


def test_newer_upload_replaces_values_and_keeps_the_earlier_version(world, no_queue):
    from io import BytesIO

    from counties.management.commands.make_workbook_fixtures import blank_workbook, fill

    first = _submit(world, "filled.xlsx")
    workbook = fill(blank_workbook())
    workbook["指标"]["E2"] = 8.8
    buffer = BytesIO()
    workbook.save(buffer)
    second = _submit(world, "filled-v2.xlsx", buffer.getvalue())
    assert second.status == SubmissionStatus.APPLIED
    assert float(IndicatorValue.objects.get(target_id=910001).value) == 8.8
    assert IndicatorValue.objects.count() == 3
    entry = RegionPeriod.objects.get(region=world.region)
    assert (entry.version, entry.current_id) == (2, second.pk)
    assert WorkbookSubmission.objects.filter(pk=first.pk, status="applied").exists()
    assert first.file.storage.exists(first.file.name)


def test_accepted_month_is_locked_until_reopened(world, no_queue):
    from django.core.exceptions import ValidationError

    _submit(world, "filled.xlsx")
    services.region_period_review(
        region=world.region, period=world.period, accept=True, user=world.office
    )
    with pytest.raises(ValidationError) as locked:
        _submit(world, "defect-blank-required.xlsx")
    assert "已被总专班采纳并锁定" in locked.value.message_dict["file"][0]
    services.region_period_review(
        region=world.region, period=world.period, accept=False, user=world.office
    )
    assert _submit(world, "defect-blank-required.xlsx").status == SubmissionStatus.REJECTED


def test_job_for_a_month_locked_after_upload_refuses_to_write(world, no_queue):
    first = _submit(world, "filled.xlsx")
    services.region_period_review(
        region=world.region, period=world.period, accept=True, user=world.office
    )
    from counties.models import WorkbookSubmission as Submission

    late = Submission.objects.create(
        region=world.region,
        period=world.period,
        uploaded_by=world.county_user,
        file=first.file.name,
        filename="late.xlsx",
        size=1,
        sha256="x",
    )
    outcome = services.submission_process(submission_id=late.pk)
    assert outcome.status == SubmissionStatus.REJECTED
    assert "锁定" in outcome.errors[0]["message"]
