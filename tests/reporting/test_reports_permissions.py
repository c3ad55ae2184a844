"""Who may do what with the monthly report, per persona on the real plan (pages and API)."""

import pytest

from reporting.models import CampaignReport
from reporting.services import period_ensure_year, report_get_or_create
from tests.reporting.test_reports_support import month

# persona: (list, report, review queue, edit, submit)
PAGE_MATRIX = {
    "admin": (200, 200, 200, 302, 302),
    "office": (200, 200, 200, 302, 302),
    "liaison": (200, 200, 404, 302, 302),
    "staff": (200, 200, 404, 302, 403),
    "other_staff": (200, 404, 404, 404, 404),
    "dept_user": (404, 404, 404, 404, 404),
    "county_user": (404, 404, 404, 404, 404),
    "leader": (200, 200, 200, 403, 403),
}
# persona: (reports listed, retrieve, review queue, edit, submit)
API_MATRIX = {
    "admin": (1, 200, 200, 200, 200),
    "office": (1, 200, 200, 200, 200),
    "liaison": (1, 200, 404, 200, 200),
    "staff": (1, 200, 404, 200, 403),
    "other_staff": (0, 404, 404, 404, 404),
    "dept_user": (0, 404, 404, 404, 404),
    "county_user": (0, 404, 404, 404, 404),
    "leader": (1, 200, 200, 403, 403),
}


@pytest.fixture
def report(personas):
    period_ensure_year(year=2025)
    report, _ = report_get_or_create(
        campaign=personas["campaign"], period=month(3), user=personas["staff"]
    )
    return report


def _fresh_draft(report) -> int:
    """Put the report back to draft between personas; returns its current version."""
    CampaignReport.objects.filter(pk=report.pk).update(status="draft")
    report.refresh_from_db()
    return report.version


def _edit_form(version: int) -> dict:
    return {
        "version": version,
        "progress": "推进",
        "practices": "做法",
        "problems": "",
        "next_plans": "",
        "ranks-TOTAL_FORMS": 0,
        "ranks-INITIAL_FORMS": 0,
        "ranks-MIN_NUM_FORMS": 0,
        "ranks-MAX_NUM_FORMS": 1000,
    }


def test_report_pages_answer_each_persona_as_the_matrix_says(personas, report, login):
    page = f"/reports/{report.campaign_id}/{report.period_id}/"
    seen = {}
    for persona in PAGE_MATRIX:
        client = login(personas[persona])
        version = _fresh_draft(report)
        seen[persona] = (
            client.get("/reports/").status_code,
            client.get(page).status_code,
            client.get("/reports/review/").status_code,
            client.post(page, _edit_form(version)).status_code,
            client.post(f"{page}action/", {"action": "submit"}).status_code,
        )
    assert seen == PAGE_MATRIX


def test_report_api_answers_each_persona_as_the_matrix_says(personas, report, login):
    url = f"/api/reports/{report.pk}/"
    seen = {}
    for persona in API_MATRIX:
        client = login(personas[persona])
        version = _fresh_draft(report)
        seen[persona] = (
            client.get("/api/reports/").json()["count"],
            client.get(url).status_code,
            client.get("/api/reports/review/").status_code,
            client.patch(
                url, {"version": version, "practices": persona}, content_type="application/json"
            ).status_code,
            client.post(f"{url}submit/").status_code,
        )
    assert seen == API_MATRIX
