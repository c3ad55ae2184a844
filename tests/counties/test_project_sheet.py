"""The 重大项目 sheet of the county workbook: download, validation, all-or-nothing writes."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.selectors import history_for
from counties import layout, selectors, services
from counties.choices import RegionPeriodStatus, SubmissionStatus
from counties.management.commands.make_workbook_fixtures import (
    FILLED_PROJECTS,
    OTHER_PROJECT,
    PROJECT_DEFECTS,
    PROJECTS,
    blank_workbook,
    fill,
)
from counties.models import RegionPeriod, RegionTaskProgress
from counties.reader import CellRefused, parse_percent
from indicators.models import IndicatorValue
from projects.models import Project, ProjectUpdate
from reporting.models import Period

from .conftest import upload

pytestmark = pytest.mark.django_db
DOWNLOAD_QUERIES, PROCESS_QUERIES = 13, 28


def _submit(world, name, content=None):
    submission = services.submission_create(
        region=world.region,
        period=world.period,
        upload=upload(name, content),
        user=world.county_user,
    )
    return services.submission_process(submission_id=submission.pk)


def _fortnight(number: int) -> Period:
    return Period.objects.filter(kind="fortnight", start__year=2025).order_by("start")[number - 1]


def _save(workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _update(project_code, period, user, **values) -> ProjectUpdate:
    fields = {
        "started": True,
        "start_date": date(2025, 2, 20),
        "investment": Decimal("50"),
        "cumulative_investment": Decimal("500"),
        "funds_paid": Decimal("80"),
        "physical_percent": 10,
        "problems": "旧问题",
        **values,
    }
    return ProjectUpdate.objects.create(
        project=Project.objects.get(code=project_code), period=period, filed_by=user, **fields
    )


def _as_row(update: ProjectUpdate) -> tuple:
    return (
        "是" if update.started else "否",
        update.start_date,
        update.investment,
        update.cumulative_investment,
        update.funds_paid,
        update.physical_percent,
        update.problems,
    )


def _expected(values: tuple) -> tuple:
    started, start_date, investment, cumulative, paid, percent, problems = values
    return (
        started,
        start_date,
        *(
            Decimal(str(amount)).quantize(Decimal("0.01"))
            for amount in (investment, cumulative, paid)
        ),
        percent,
        problems,
    )


@pytest.mark.parametrize(
    ("month", "start", "end"),
    [
        (1, date(2025, 1, 15), date(2025, 1, 28)),
        (2, date(2025, 2, 12), date(2025, 2, 25)),
        (3, date(2025, 3, 12), date(2025, 3, 25)),
        (12, date(2025, 12, 17), date(2025, 12, 31)),
    ],
)
def test_month_reports_the_last_fortnight_ending_within_it(world, month, start, end):
    fortnight = selectors.month_fortnight(
        Period.objects.get(kind="month", start=date(2025, month, 1))
    )
    assert (fortnight.kind, fortnight.start, fortnight.end) == ("fortnight", start, end)


def test_filled_workbook_writes_the_fortnights_updates_filed_by_the_uploader(world, no_queue):
    submission = _submit(world, "filled.xlsx")
    assert submission.status == SubmissionStatus.APPLIED, submission.errors
    assert (submission.indicator_rows, submission.task_rows, submission.project_rows) == (3, 2, 2)
    updates = ProjectUpdate.objects.select_related("project", "period")
    assert {u.project.code: _as_row(u) for u in updates} == {
        code: _expected(values) for code, values in FILLED_PROJECTS.items()
    }
    assert {(u.period.label, u.filed_by_id) for u in updates} == {
        ("2025年第6期双周", world.county_user.pk)
    }
    entry = RegionPeriod.objects.get(region=world.region, period=world.period)
    assert history_for(entry).first().summary == (
        "报表入库：指标 3 行，任务 2 行，重大项目 2 行（2025年第6期双周）"
    )


def test_upload_replaces_only_that_fortnights_updates_of_the_listed_projects(world, no_queue):
    own, second = (code for code, _ in PROJECTS)
    replaced = _update(own, _fortnight(6), world.office)
    earlier = _update(own, _fortnight(5), world.office)
    elsewhere = _update(OTHER_PROJECT[0], _fortnight(6), world.office)
    assert _submit(world, "filled.xlsx").status == SubmissionStatus.APPLIED
    assert not ProjectUpdate.objects.filter(pk=replaced.pk).exists()
    assert ProjectUpdate.objects.get(period=_fortnight(6), project__code=own).filed_by == (
        world.county_user
    )
    for kept in (earlier, elsewhere):
        assert _as_row(ProjectUpdate.objects.get(pk=kept.pk)) == _as_row(kept)
    assert ProjectUpdate.objects.filter(period=_fortnight(6)).count() == 3
    assert ProjectUpdate.objects.get(period=_fortnight(6), project__code=second).started is False


@pytest.mark.parametrize("name", sorted(PROJECT_DEFECTS))
def test_project_defect_is_refused_with_its_row_and_column_and_nothing_written(
    world, no_queue, name
):
    sheet, message = PROJECT_DEFECTS[name][1]
    submission = _submit(world, f"defect-{name}.xlsx")
    assert submission.status == SubmissionStatus.REJECTED
    assert [(e["sheet"], e["message"]) for e in submission.errors] == [(sheet, message)]
    assert ProjectUpdate.objects.count() == 0
    assert IndicatorValue.objects.count() == 0
    assert RegionTaskProgress.objects.count() == 0
    assert RegionPeriod.objects.get(region=world.region).status == RegionPeriodStatus.ERROR


def test_rejected_project_sheet_leaves_the_earlier_upload_untouched(world, no_queue):
    _submit(world, "filled.xlsx")
    before = sorted((u.project_id, _as_row(u)) for u in ProjectUpdate.objects.all())
    assert _submit(world, "defect-project-percent-out-of-range.xlsx").status == "rejected"
    assert sorted((u.project_id, _as_row(u)) for u in ProjectUpdate.objects.all()) == before


def test_every_bad_project_cell_of_a_row_is_reported_at_once(world, no_queue):
    workbook = fill(blank_workbook())
    sheet = workbook[layout.PROJECT_SHEET]
    sheet["C3"], sheet["E3"], sheet["H3"] = "也许", "=1+1", 101.5
    submission = _submit(world, "many.xlsx", _save(workbook))
    assert [e["message"] for e in submission.errors] == [
        "第3行 第C列：应填写“是”或“否”，实际为“也许”",
        "第3行 第E列：不接受公式，请直接填写数值",
        "第3行 第H列：实物完成率应为 0 到 100 的整数",
    ]


def test_amount_beyond_the_fields_digits_is_refused_on_its_cell(world, no_queue):
    workbook = fill(blank_workbook())
    workbook[layout.PROJECT_SHEET]["F2"] = 10**12
    submission = _submit(world, "huge.xlsx", _save(workbook))
    assert [e["message"] for e in submission.errors] == [
        "第2行 第F列：金额超出允许范围（不超过 999,999,999,999.99）"
    ]
    assert ProjectUpdate.objects.count() == 0


def test_task_percent_keeps_its_own_wording_while_sharing_the_check():
    class Cell:
        data_type, value = "n", 101

    with pytest.raises(CellRefused, match="^完成进度应为 0 到 100 的整数$"):
        parse_percent(Cell())


def test_annotated_copy_marks_the_bad_project_cell(world, no_queue):
    submission = _submit(world, "defect-project-percent-out-of-range.xlsx")
    workbook = load_workbook(submission.annotated.path)
    cell = workbook[layout.PROJECT_SHEET]["H2"]
    assert "实物完成率应为 0 到 100 的整数" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert [c.value for c in workbook["错误清单"][2]] == [
        "重大项目",
        2,
        "H",
        "实物完成率应为 0 到 100 的整数",
    ]


def test_downloaded_project_sheet_locks_code_and_name_and_validates_inputs(world, client):
    own, second = (code for code, _ in PROJECTS)
    _update(own, _fortnight(5), world.office)
    _update(second, _fortnight(6), world.office, started=False, start_date=None)
    _update(second, _fortnight(7), world.office, investment=Decimal("999"))  # ends in April
    client.force_login(world.county_user)
    response = client.get(reverse("county-workbook", args=[world.region.pk, world.period.pk]))
    book = load_workbook(BytesIO(response.content))
    sheet = book[layout.PROJECT_SHEET]
    assert tuple(c.value for c in sheet[1]) == layout.PROJECT_HEADERS
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
    assert [row[:2] for row in rows] == list(PROJECTS)
    # Fortnight 5's update fills the first row, but its 本期完成投资 belongs to fortnight 5.
    assert rows[0][3].date() == date(2025, 2, 20)
    assert rows[0][2:3] + rows[0][4:] == ("是", None, 500, 80, 10, "旧问题")
    assert rows[1][2:] == ("否", None, 50, 500, 80, 10, "旧问题")
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and sheet["B3"].protection.locked
    assert all(not sheet.cell(row=2, column=c).protection.locked for c in layout.PROJECT_INPUTS)
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert (rules["C2:C3"].type, rules["C2:C3"].formula1) == ("list", '"是,否"')
    assert (rules["D2:D3"].type, rules["D2:D3"].formula2) == ("date", "DATE(2025,3,25)")
    money = rules["E2:E3 F2:F3 G2:G3"]
    assert (money.type, money.formula1) == ("decimal", "0")
    assert (rules["H2:H3"].type, rules["H2:H3"].formula1, rules["H2:H3"].formula2) == (
        "whole",
        "0",
        "100",
    )
    assert rules["I2:I3"].type == "textLength"
    intro = [row[0].value for row in book[layout.INSTRUCTIONS_SHEET].iter_rows()]
    assert "重大项目表对应双周：2025年第6期双周（2025-03-12 至 2025-03-25）" in intro


def test_region_without_projects_gets_no_sheet_and_needs_none(world, client, no_queue):
    Project.objects.filter(region=world.region).delete()
    client.force_login(world.county_user)
    response = client.get(reverse("county-workbook", args=[world.region.pk, world.period.pk]))
    assert layout.PROJECT_SHEET not in load_workbook(BytesIO(response.content)).sheetnames
    workbook = fill(blank_workbook())
    workbook.remove(workbook[layout.PROJECT_SHEET])
    submission = _submit(world, "no-projects.xlsx", _save(workbook))
    assert submission.status == SubmissionStatus.APPLIED, submission.errors
    assert (submission.indicator_rows, submission.project_rows) == (3, 0)
    summary = history_for(RegionPeriod.objects.get(region=world.region)).first().summary
    assert summary == "报表入库：指标 3 行，任务 2 行"


def test_submission_page_and_api_show_the_project_row_count(world, client, no_queue):
    submission = _submit(world, "filled.xlsx")
    client.force_login(world.county_user)
    page = client.get(reverse("county-submission", args=[submission.pk]))
    assert "报表已入库：指标 3 行，任务 2 行，重大项目 2 行。" in page.content.decode()
    api = client.get(reverse("api:county-submission-detail", args=[submission.pk]))
    assert api.json()["project_rows"] == 2


def _add_projects(world, count: int) -> None:
    template = Project.objects.get(code=PROJECTS[0][0])
    for number in range(count):
        template.pk, template.code = None, f"XM43042150{number:02d}"
        template.save()


def _fill_download(content: bytes) -> bytes:
    workbook = load_workbook(BytesIO(content))
    for name, (value_column, required) in {
        layout.INDICATOR_SHEET: (layout.IND_VALUE, layout.INDICATOR_REQUIRED),
        layout.TASK_SHEET: (layout.TASK_PERCENT, layout.TASK_REQUIRED),
    }.items():
        sheet = workbook[name]
        for row in range(2, sheet.max_row + 1):
            for column in required:
                sheet.cell(row=row, column=column, value=5 if column != value_column else 6)
            if name == layout.TASK_SHEET:
                sheet.cell(row=row, column=layout.TASK_STATUS, value="推进中")
    projects = workbook[layout.PROJECT_SHEET]
    for row in range(2, projects.max_row + 1):
        for column, value in zip(layout.PROJECT_INPUTS, ("否", None, 1, 2, 0, 5, ""), strict=True):
            projects.cell(row=row, column=column, value=value)
    return _save(workbook)


@pytest.mark.parametrize("extra", [0, 12])
def test_download_and_processing_queries_do_not_grow_with_projects(
    world, client, no_queue, extra, django_assert_num_queries
):
    _add_projects(world, extra)
    client.force_login(world.county_user)
    url = reverse("county-workbook", args=[world.region.pk, world.period.pk])
    with django_assert_num_queries(DOWNLOAD_QUERIES):
        content = client.get(url).content
    submission = services.submission_create(
        region=world.region,
        period=world.period,
        upload=upload("queries.xlsx", _fill_download(content)),
        user=world.county_user,
    )
    with django_assert_num_queries(PROCESS_QUERIES):
        outcome = services.submission_process(submission_id=submission.pk)
    assert outcome.project_rows == 2 + extra, outcome.errors
