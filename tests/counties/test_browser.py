"""A county user's round trip in the browser: download, fill, upload, fix errors."""

from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from counties import jobs
from counties.management.commands.make_workbook_fixtures import FILLED, FILLED_PROJECTS
from indicators.models import IndicatorValue
from tests.conftest import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_jobs(monkeypatch):
    """Run the processing job in the request, as CELERY_TASK_ALWAYS_EAGER would."""
    monkeypatch.setattr(
        jobs.submission_process_job,
        "delay",
        lambda pk: jobs.submission_process_job.apply(args=[pk]),
    )


def _fill_like_a_person(path: Path, *, break_it: bool) -> Path:
    workbook = load_workbook(path)
    sheet = workbook["指标"]
    for row in range(2, sheet.max_row + 1):
        value, cumulative, last_year = FILLED[int(sheet.cell(row=row, column=1).value[2:])]
        sheet.cell(row=row, column=5, value=value)
        sheet.cell(row=row, column=6, value="很多" if break_it and row == 3 else cumulative)
        sheet.cell(row=row, column=7, value=last_year)
    tasks = workbook["任务"]
    for row in range(2, tasks.max_row + 1):
        tasks.cell(row=row, column=3, value="推进中")
        tasks.cell(row=row, column=4, value=60)
    projects = workbook["重大项目"]
    for row in range(2, projects.max_row + 1):
        for column, value in enumerate(FILLED_PROJECTS[projects.cell(row=row, column=1).value], 3):
            projects.cell(row=row, column=column, value=value)
    out = path.with_name(f"{'broken' if break_it else 'filled'}.xlsx")
    workbook.save(out)
    return out


def test_county_user_round_trips_the_workbook(page, live_server, world, eager_jobs, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/?next=/counties/")
    page.fill("#id_username", "county_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/counties/{world.region.pk}/")
    page.click(f"text={world.period.start.month}月")
    page.screenshot(path=SCREENSHOTS / "counties-region.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    with page.expect_download() as download:
        page.click("#download-workbook")
    blank = tmp_path / "blank.xlsx"
    download.value.save_as(blank)

    page.set_input_files("input[type=file]", _fill_like_a_person(blank, break_it=False))
    page.click("text=上传报表")
    page.wait_for_selector("#submission-outcome")
    assert page.locator("progress").get_attribute("value") == "100"
    outcome = page.locator("#submission-outcome").inner_text()
    assert "报表已入库：指标 3 行，任务 2 行，重大项目 2 行" in outcome
    page.screenshot(path=SCREENSHOTS / "counties-success.png", full_page=True)
    assert IndicatorValue.objects.filter(region=world.region).count() == 3

    page.click(f".crumbs >> text={world.region.name}")
    page.set_input_files("input[type=file]", _fill_like_a_person(blank, break_it=True))
    page.click("text=上传报表")
    page.wait_for_selector(".row-errors")
    assert "第3行 第F列：应填写数字，实际为“很多”" in page.locator(".row-errors").inner_text()
    page.screenshot(path=SCREENSHOTS / "counties-errors.png", full_page=True)
    with page.expect_download() as annotated:
        page.click("#download-annotated")
    marked = tmp_path / "annotated.xlsx"
    annotated.value.save_as(marked)
    assert "应填写数字" in load_workbook(marked)["指标"]["F3"].comment.text
    assert float(IndicatorValue.objects.get(target_id=910002).cumulative) == FILLED[910002][1]


def test_upload_page_shows_the_progress_bar_moving(page, live_server, world, no_queue):
    """While the job has not run, the bar polls the status URL and the page reloads at the end."""
    from counties import services
    from tests.counties.conftest import upload

    submission = services.submission_create(
        region=world.region,
        period=world.period,
        upload=upload("filled.xlsx"),
        user=world.county_user,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "county_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/counties/submissions/{submission.pk}/")
    assert page.locator("#submission-status").inner_text().startswith("排队中")
    page.screenshot(path=SCREENSHOTS / "counties-progress.png", full_page=True)
    jobs.submission_process_job.apply(args=[submission.pk])
    page.wait_for_selector("#submission-outcome", timeout=10_000)
    assert page.locator("progress").get_attribute("value") == "100"
