"""One role × URL matrix for every page and API endpoint (reliability promise 1).

`test_every_url_is_in_the_matrix` fails when a URL is added without deciding who may open it.
GET is checked for every persona; POST-only URLs are checked to refuse GET and to refuse
writes from leaders and anonymous users.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

PERSONAS = [
    "anon",
    "admin",
    "office",
    "liaison",
    "staff",
    "other_staff",
    "dept_user",
    "county_user",
    "leader",
]
LOGGED_IN = PERSONAS[1:]


def everyone(status: int = 200) -> dict:
    return {p: status for p in LOGGED_IN}


def only(allowed: list[str], status: int = 200, others: int = 403) -> dict:
    return {p: status if p in allowed else others for p in LOGGED_IN}


def scoped(allowed: list[str], status: int = 200) -> dict:
    """Out-of-reach objects are a 404, not a 403."""
    return only(allowed, status, others=404)


ADMIN = ["admin"]
COORDINATORS = ["admin", "office"]
READERS = ["admin", "office", "leader"]
CAMPAIGN_ONE = [*READERS, "liaison", "staff"]
PROJECT_READERS = [*CAMPAIGN_ONE, "dept_user", "county_user"]

# name → (path template, GET expectation per logged-in persona). Anonymous users are redirected
# to the login page (pages) or refused (API), except the public ones listed in PUBLIC.
MATRIX = {
    "healthz": ("/healthz", everyone()),
    "login": ("/accounts/login/", everyone()),
    "logout": ("/accounts/logout/", everyone(405)),
    "password_change": ("/accounts/password/", everyone()),
    "password_change_done": ("/accounts/password/done/", everyone()),
    "home": ("/", everyone()),
    "campaign-detail": ("/campaigns/{c1}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "department-list": ("/departments/", everyone()),
    "department-detail": ("/departments/{commerce}/", everyone()),
    "plan-import": ("/plans/import/", only(COORDINATORS)),
    "plan-import-detail": ("/plans/import/{plan_import}/", only(COORDINATORS)),
    "account-user-list": ("/accounts/users/", only(ADMIN)),
    "account-user-create": ("/accounts/users/new/", only(ADMIN)),
    "account-user-detail": ("/accounts/users/{staff_user}/", only(ADMIN)),
    "account-membership-delete": ("/accounts/memberships/{membership}/delete/", everyone(405)),
    "list-items": ("/campaigns/{c1}/lists/task/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "list-export": ("/campaigns/{c1}/lists/task/export.xlsx", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "list-item-create": (
        "/campaigns/{c1}/lists/project/new/",
        {**scoped(CAMPAIGN_ONE), "leader": 403, "dept_user": 403},
    ),
    "task-detail": ("/tasks/{task}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "list-item-edit": (
        "/tasks/{task}/edit/",
        {**scoped(["admin", "office", "liaison", "staff"]), "leader": 403, "dept_user": 403},
    ),
    "list-item-split": (
        "/tasks/{task}/split/",
        {**scoped(["admin", "office", "liaison", "staff"]), "leader": 403, "dept_user": 403},
    ),
    "list-item-close": ("/tasks/{task}/close/", everyone(405)),
    "list-item-reopen": ("/tasks/{task}/reopen/", everyone(405)),
    "progress-my-tasks": ("/progress/", everyone()),
    "progress-task": ("/progress/tasks/{task}/{march}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "progress-evidence": ("/progress/evidence/{evidence}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "report-list": ("/reports/", {**everyone(), "dept_user": 404, "county_user": 404}),
    "report-review": ("/reports/review/", only(READERS, others=404)),
    "report-deadline": ("/reports/review/deadline/", everyone(405)),
    "report-detail": ("/reports/{c1}/{march}/", scoped(CAMPAIGN_ONE)),
    "report-action": ("/reports/{c1}/{march}/action/", everyone(405)),
    "report-regenerate": ("/reports/{c1}/{march}/regenerate/", everyone(405)),
    "notification-list": ("/notifications/", everyone()),
    "notification-read": ("/notifications/read/", everyone(405)),
    "notification-preferences": ("/notifications/settings/", everyone()),
    "notification-schedules": ("/notifications/schedules/", only(ADMIN)),
    "notification-schedule-edit": ("/notifications/schedules/{schedule}/", only(ADMIN)),
    "api-schema": ("/api/schema/", everyone()),
    "api-docs": ("/api/docs/", everyone()),
    "api:me": ("/api/me/", everyone()),
    "api:user-list": ("/api/users/", only(ADMIN)),
    "api:user-detail": ("/api/users/{staff_user}/", only(ADMIN)),
    "api:membership-list": ("/api/memberships/", only(ADMIN)),
    "api:membership-detail": ("/api/memberships/{membership}/", only(ADMIN, 405)),
    "api:plan-list": ("/api/plans/", everyone()),
    "api:plan-detail": ("/api/plans/{plan}/", everyone()),
    "api:campaign-list": ("/api/campaigns/", everyone()),
    "api:campaign-detail": ("/api/campaigns/{c1}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "api:department-list": ("/api/departments/", everyone()),
    "api:department-detail": ("/api/departments/{commerce}/", everyone()),
    "api:region-list": ("/api/regions/", everyone()),
    "api:region-detail": ("/api/regions/{region}/", everyone()),
    "api:plan-import-list": ("/api/plan-imports/", only(COORDINATORS)),
    "api:plan-import-detail": ("/api/plan-imports/{plan_import}/", only(COORDINATORS)),
    "api:plan-import-confirm": (
        "/api/plan-imports/{plan_import}/confirm/",
        only(COORDINATORS, 405),
    ),
    "api:task-list": ("/api/tasks/", everyone()),
    "api:task-export": ("/api/tasks/export/", everyone()),
    "api:task-detail": ("/api/tasks/{task}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "api:task-close": ("/api/tasks/{task}/close/", everyone(405)),
    "api:task-history": ("/api/tasks/{task}/history/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "api:task-reopen": ("/api/tasks/{task}/reopen/", everyone(405)),
    "api:task-split": ("/api/tasks/{task}/split/", everyone(405)),
    "api:target-list": ("/api/targets/", everyone()),
    "api:target-detail": ("/api/targets/{headline_target}/", everyone()),
    "api:progress-list": ("/api/progress/", everyone()),
    "api:progress-my-tasks": ("/api/progress/my-tasks/?period={march}", everyone()),
    "api:progress-detail": ("/api/progress/{progress}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "api:progress-evidence": (
        "/api/progress/{progress}/evidence/",
        scoped([*CAMPAIGN_ONE, "dept_user"]),
    ),
    "api:progress-evidence-download": (
        "/api/progress/{progress}/evidence/{evidence}/",
        scoped([*CAMPAIGN_ONE, "dept_user"]),
    ),
    "api:period-list": ("/api/periods/", everyone()),
    "api:period-detail": ("/api/periods/{march}/", everyone()),
    "api:period-deadline": ("/api/periods/{march}/deadline/", everyone(405)),
    "api:report-list": ("/api/reports/", everyone()),
    "api:report-review": ("/api/reports/review/?period={march}", only(READERS, others=404)),
    "api:report-detail": ("/api/reports/{report}/", scoped(CAMPAIGN_ONE)),
    "api:report-accept": ("/api/reports/{report}/accept/", everyone(405)),
    "api:report-regenerate": ("/api/reports/{report}/regenerate/", everyone(405)),
    "api:report-reopen": ("/api/reports/{report}/reopen/", everyone(405)),
    "api:report-return": ("/api/reports/{report}/return/", everyone(405)),
    "api:report-submit": ("/api/reports/{report}/submit/", everyone(405)),
    "api:notification-preferences": ("/api/notification-preferences/", everyone()),
    "api:notification-list": ("/api/notifications/", everyone()),
    "api:notification-mark-read": ("/api/notifications/mark-read/", everyone(405)),
    "api:notification-detail": ("/api/notifications/{notification}/", scoped(["liaison"])),
    "api:schedule-list": ("/api/schedules/", only(ADMIN)),
    "api:schedule-detail": ("/api/schedules/{schedule}/", only(ADMIN)),
    "api:job-run-list": ("/api/job-runs/", only(ADMIN)),
    "dashboard": ("/dashboard/", only(READERS)),
    "dashboard-export": ("/dashboard/export/targets.xlsx", only(READERS)),
    "dashboard-rule": ("/dashboard/rule/", only(READERS)),
    "leader-view": ("/leader/", only(READERS)),
    "api:dashboard-summary": ("/api/dashboard/summary/", only(READERS)),
    "api:dashboard-targets": ("/api/dashboard/targets/", only(READERS)),
    "api:dashboard-campaigns": ("/api/dashboard/campaigns/", only(READERS)),
    "api:dashboard-rule-list": ("/api/dashboard/light-rule/", only(READERS)),
    "api:dashboard-rule-change": ("/api/dashboard/light-rule/update/", everyone(405)),
    "county-home": ("/counties/", {**everyone(), "county_user": 302}),
    "county-matrix": ("/counties/matrix/", only(READERS, others=404)),
    "county-breakdown": ("/counties/breakdown/", only(READERS, others=404)),
    "county-breakdown-set": ("/counties/breakdown/set/", everyone(405)),
    "county-region": ("/counties/{county}/", only([*READERS, "county_user"], others=404)),
    "county-upload": ("/counties/{county}/upload/", everyone(405)),
    "county-region-tasks": ("/counties/{county}/tasks/", only(READERS, others=404)),
    "county-workbook": (
        "/counties/{county}/{march}/workbook/",
        only([*READERS, "county_user"], others=404),
    ),
    "county-review": ("/counties/{county}/{march}/review/", everyone(405)),
    "county-submission": (
        "/counties/submissions/{submission}/",
        only([*READERS, "county_user"], others=404),
    ),
    "county-submission-status": (
        "/counties/submissions/{submission}/status/",
        only([*READERS, "county_user"], others=404),
    ),
    "county-submission-annotated": (
        "/counties/submissions/{submission}/annotated/",
        only([*READERS, "county_user"], others=404),
    ),
    "api:county-submission-list": ("/api/county-submissions/", everyone()),
    "api:county-submission-workbook": (
        "/api/county-submissions/workbook/?region={county}&period={march}",
        only([*READERS, "county_user"], others=404),
    ),
    "api:county-submission-detail": (
        "/api/county-submissions/{submission}/",
        only([*READERS, "county_user"], others=404),
    ),
    "api:county-submission-annotated": (
        "/api/county-submissions/{submission}/annotated/",
        only([*READERS, "county_user"], others=404),
    ),
    "api:county-period-list": ("/api/county-periods/", everyone()),
    "api:county-region-tasks": (
        "/api/regions/{county}/tasks/",
        only([*READERS, "county_user"], others=404),
    ),
    "api:county-period-accept": ("/api/county-periods/{region_period}/accept/", everyone(405)),
    "api:county-period-reopen": ("/api/county-periods/{region_period}/reopen/", everyone(405)),
    "api:regional-target-list": ("/api/regional-targets/", everyone()),
    "api:regional-target-check": ("/api/regional-targets/check/", only(READERS)),
    "api:regional-target-detail": (
        "/api/regional-targets/{regional_target}/",
        only([*READERS, "county_user"], others=404),
    ),
    "bulletin-list": ("/bulletins/", everyone()),
    "bulletin-build": ("/bulletins/build/", everyone(405)),
    "bulletin-detail": ("/bulletins/{bulletin}/", everyone()),
    "bulletin-edit": ("/bulletins/{draft}/edit/", only(COORDINATORS, others=404)),
    "bulletin-issue": ("/bulletins/{draft}/issue/", everyone(405)),
    "bulletin-correct": ("/bulletins/{bulletin}/correct/", everyone(405)),
    "bulletin-pdf": ("/bulletins/{bulletin}/pdf/", everyone()),
    "bulletin-docx": ("/bulletins/{bulletin}/docx/", everyone()),
    "bulletin-chart": ("/bulletins/{bulletin}/charts/{chart}.png", everyone()),
    "api:bulletin-list": ("/api/bulletins/", everyone()),
    "api:bulletin-detail": ("/api/bulletins/{draft}/", only(COORDINATORS, others=404)),
    "api:bulletin-build": ("/api/bulletins/build/", everyone(405)),
    "api:bulletin-issue": ("/api/bulletins/{draft}/issue/", everyone(405)),
    "api:bulletin-correct": ("/api/bulletins/{bulletin}/correct/", everyone(405)),
    "api:bulletin-pdf": ("/api/bulletins/{bulletin}/pdf/", everyone()),
    "api:bulletin-docx": ("/api/bulletins/{bulletin}/docx/", everyone()),
    "quarterly-list": ("/bulletins/quarterly/", everyone()),
    "quarterly-build": ("/bulletins/quarterly/build/", everyone(405)),
    "quarterly-detail": ("/bulletins/quarterly/{review}/", everyone()),
    "quarterly-edit": ("/bulletins/quarterly/{review_draft}/edit/", only(COORDINATORS, others=404)),
    "quarterly-issue": ("/bulletins/quarterly/{review_draft}/issue/", everyone(405)),
    "quarterly-correct": ("/bulletins/quarterly/{review}/correct/", everyone(405)),
    "quarterly-pdf": ("/bulletins/quarterly/{review}/pdf/", everyone()),
    "quarterly-docx": ("/bulletins/quarterly/{review}/docx/", everyone()),
    "quarterly-chart": (
        "/bulletins/quarterly/{review}/charts/campaign_scores.png",
        everyone(),
    ),
    "api:quarterly-review-list": ("/api/quarterly-reviews/", everyone()),
    "api:quarterly-review-detail": (
        "/api/quarterly-reviews/{review_draft}/",
        only(COORDINATORS, others=404),
    ),
    "api:quarterly-review-build": ("/api/quarterly-reviews/build/", everyone(405)),
    "api:quarterly-review-issue": ("/api/quarterly-reviews/{review_draft}/issue/", everyone(405)),
    "api:quarterly-review-correct": ("/api/quarterly-reviews/{review}/correct/", everyone(405)),
    "api:quarterly-review-pdf": ("/api/quarterly-reviews/{review}/pdf/", everyone()),
    "api:quarterly-review-docx": ("/api/quarterly-reviews/{review}/docx/", everyone()),
    "project-list": ("/projects/", everyone()),
    "project-create": ("/projects/new/", only(COORDINATORS)),
    "project-summary": ("/projects/summary/", everyone()),
    "project-import": ("/projects/import/", everyone()),
    "project-export": ("/projects/export/", everyone()),
    "project-update-export": ("/projects/updates/export/?period={fortnight}", everyone()),
    "project-detail": ("/projects/{project}/", scoped(PROJECT_READERS)),
    "project-edit": ("/projects/{project}/edit/", {**only(COORDINATORS), "other_staff": 404}),
    "api:project-list": ("/api/projects/", everyone()),
    "api:project-detail": ("/api/projects/{project}/", scoped(PROJECT_READERS)),
    "api:project-update-list": ("/api/project-updates/", everyone()),
    "api:project-update-detail": (
        "/api/project-updates/{project_update}/",
        scoped(PROJECT_READERS),
    ),
    "api:project-summary-list": ("/api/project-summary/", everyone()),
    "dispatch-todo": ("/dispatch/todo/", everyone()),
    "dispatch-notice-list": ("/dispatch/notices/", everyone()),
    "dispatch-notice-export": ("/dispatch/notices/export/", everyone()),
    "dispatch-notice-detail": ("/dispatch/notices/{notice}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "dispatch-notice-issue": ("/dispatch/notices/new/", only(COORDINATORS)),
    "dispatch-notice-suggestions": ("/dispatch/notices/suggestions/", only(COORDINATORS)),
    "dispatch-notice-suggestion-issue": ("/dispatch/notices/suggestions/issue/", everyone(405)),
    "dispatch-notice-action": ("/dispatch/notices/{notice}/sign/", everyone(405)),
    "dispatch-notice-evidence": (
        "/dispatch/notice-evidence/{notice_evidence}/",
        scoped([*CAMPAIGN_ONE, "dept_user"]),
    ),
    "dispatch-sheet-list": ("/dispatch/sheets/", only(READERS, others=404)),
    "dispatch-sheet-detail": ("/dispatch/sheets/{sheet}/", only(READERS, others=404)),
    "dispatch-sheet-export": ("/dispatch/sheets/{sheet}/export/", only(READERS, others=404)),
    "dispatch-follow-up-create": ("/dispatch/sheets/{sheet}/follow-ups/", everyone(405)),
    "dispatch-follow-up-close": ("/dispatch/follow-ups/{follow_up}/close/", everyone(405)),
    "api:notice-list": ("/api/notices/", everyone()),
    "api:notice-detail": ("/api/notices/{notice}/", scoped([*CAMPAIGN_ONE, "dept_user"])),
    "api:notice-suggestions": ("/api/notices/suggestions/", only(COORDINATORS)),
    "api:notice-issue-suggested": ("/api/notices/suggestions/issue/", everyone(405)),
    "api:notice-sign": ("/api/notices/{notice}/sign/", everyone(405)),
    "api:notice-reply": ("/api/notices/{notice}/reply/", everyone(405)),
    "api:notice-return": (
        "/api/notices/{notice}/return/",
        everyone(405),
    ),
    "api:notice-close": ("/api/notices/{notice}/close/", everyone(405)),
    "api:notice-urge": ("/api/notices/{notice}/urge/", everyone(405)),
    "api:notice-extension": (
        "/api/notices/{notice}/extension/",
        everyone(405),
    ),
    "api:notice-extension-decision": (
        "/api/notices/{notice}/extension-decision/",
        everyone(405),
    ),
    "api:dispatch-sheet-list": ("/api/dispatch-sheets/", everyone()),
    "api:dispatch-sheet-detail": ("/api/dispatch-sheets/{sheet}/", only(READERS, others=404)),
    "api:dispatch-sheet-content": (
        "/api/dispatch-sheets/{sheet}/content/",
        only(READERS, others=404),
    ),
    "api:follow-up-list": ("/api/follow-ups/", everyone()),
    "api:follow-up-detail": ("/api/follow-ups/{follow_up}/", scoped([*READERS, "dept_user"])),
    "api:follow-up-close": (
        "/api/follow-ups/{follow_up}/close/",
        everyone(405),
    ),
}
PUBLIC = {"healthz", "login", "logout"}
# Write endpoints: a leader (read-only) and an anonymous user must never succeed.
WRITES = [
    ("/tasks/{task}/close/", "post"),
    ("/tasks/{task}/edit/", "post"),
    ("/campaigns/{c1}/lists/task/new/", "post"),
    ("/progress/tasks/{task}/{march}/", "post"),
    ("/reports/{c1}/{march}/action/", "post"),
    ("/reports/review/deadline/", "post"),
    ("/plans/import/", "post"),
    ("/accounts/users/new/", "post"),
    ("/api/tasks/", "post"),
    ("/api/tasks/{task}/", "patch"),
    ("/api/tasks/{task}/close/", "post"),
    ("/counties/{county}/upload/", "post"),
    ("/api/county-submissions/", "post"),
    ("/counties/{county}/tasks/", "post"),
    ("/api/regions/{county}/tasks/", "put"),
    ("/api/regional-targets/", "post"),
    ("/api/dashboard/light-rule/update/", "put"),
    ("/projects/new/", "post"),
    ("/projects/{project}/", "post"),
    ("/api/projects/", "post"),
    ("/api/project-updates/", "post"),
    ("/bulletins/build/", "post"),
    ("/bulletins/{draft}/edit/", "post"),
    ("/bulletins/{draft}/issue/", "post"),
    ("/api/bulletins/build/", "post"),
    ("/api/bulletins/{draft}/issue/", "post"),
    ("/api/bulletins/{draft}/", "patch"),
    ("/api/bulletins/{bulletin}/correct/", "post"),
    ("/bulletins/quarterly/build/", "post"),
    ("/bulletins/quarterly/{review_draft}/edit/", "post"),
    ("/bulletins/quarterly/{review_draft}/issue/", "post"),
    ("/bulletins/quarterly/{review}/correct/", "post"),
    ("/api/quarterly-reviews/build/", "post"),
    ("/api/quarterly-reviews/{review_draft}/", "patch"),
    ("/api/quarterly-reviews/{review_draft}/issue/", "post"),
    ("/api/quarterly-reviews/{review}/correct/", "post"),
    ("/api/progress/", "post"),
    ("/api/reports/{report}/submit/", "post"),
    ("/api/reports/{report}/accept/", "post"),
    ("/api/periods/{march}/deadline/", "post"),
    ("/api/plan-imports/", "post"),
    ("/api/users/", "post"),
    ("/api/memberships/", "post"),
    ("/api/schedules/{schedule}/", "patch"),
    ("/dispatch/notices/new/", "post"),
    ("/dispatch/notices/{notice}/sign/", "post"),
    ("/api/notices/", "post"),
    ("/api/notices/{notice}/urge/", "post"),
    ("/api/follow-ups/{follow_up}/close/", "post"),
]


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - set(MATRIX) == set(), "add these URLs to the permission matrix"
    assert set(MATRIX) - names == set(), "these matrix entries match no URL any more"


@pytest.fixture
def world(personas, settings, tmp_path):
    """The objects the matrix's paths point at, owned by campaign 1 and 市商务局."""
    from accounts.selectors import access_for
    from campaigns.models import Department, PlanImport, Region
    from notifications.models import Notification
    from progress.services import progress_save
    from reporting.models import Period
    from reporting.services import period_ensure_year, report_get_or_create
    from tasks.models import Target, Task

    settings.MEDIA_ROOT = tmp_path
    period_ensure_year(year=2025)
    commerce = Department.objects.get(name="市商务局")
    campaign = personas["campaign"]
    task = (
        Task.objects.filter(campaign=campaign, lead_departments=commerce).order_by("order").first()
    )
    march = Period.objects.get(kind="month", start=date(2025, 3, 1))
    liaison = personas["liaison"]
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
    progress = progress_save(
        actor=liaison,
        access=access_for(liaison),
        task=task,
        period=march,
        version=0,
        status="in_progress",
        percent=30,
        done="已召开推进会",
        files=[pdf],
    )
    report, _ = report_get_or_create(campaign=campaign, period=march, user=liaison)
    plan_import = PlanImport.objects.create(
        file_name="plan.txt",
        sha256="0" * 64,
        parsed={"title": "测试"},
        created_by=personas["office"],
    )
    notification = Notification.objects.create(
        recipient=liaison, kind="general", object_key="x", period_key="y", title="测试", body="测试"
    )
    from dispatch import services as dispatch_services

    office = personas["office"]
    notice = dispatch_services.notice_issue(
        actor=office,
        task=task,
        departments=[commerce],
        title="加快推进",
        requirement="请于期限内完成并反馈。",
        level="blue",
        deadline=timezone.localdate() + timedelta(days=10),
    )[0]
    dept_user = personas["dept_user"]
    dispatch_services.notice_sign(actor=dept_user, notice=notice)
    reply_pdf = SimpleUploadedFile(
        "反馈.pdf", b"%PDF-1.4\n% reply\n", content_type="application/pdf"
    )
    dispatch_services.notice_reply(
        actor=dept_user, notice=notice, reply="已完成", files=[reply_pdf]
    )
    ten_day = Period.objects.get(kind="ten_day", start=date(2025, 3, 11))
    sheet = dispatch_services.sheet_create(actor=office, period=ten_day)
    follow_up = dispatch_services.follow_up_create(
        actor=office,
        sheet=sheet,
        decision="加快用地报批",
        department=commerce,
        deadline=date(2025, 3, 31),
    )
    from counties.models import RegionPeriod
    from counties.services import submission_create, submission_process
    from dispatch.models import NoticeEvidence
    from tasks.models import RegionalTarget

    county = personas["county_user"].memberships.get().region
    workbook = (Path(settings.BASE_DIR) / "fixtures" / "workbooks" / "filled.xlsx").read_bytes()
    submission = submission_create(
        region=county,
        period=march,
        upload=SimpleUploadedFile("衡阳县.xlsx", workbook),
        user=personas["county_user"],
    )
    # The fixture workbook belongs to another world's targets: it is refused with an annotated copy.
    submission = submission_process(submission_id=submission.pk)
    assert submission.annotated
    regional_target = RegionalTarget.objects.create(
        target=Target.objects.filter(scope="plan").first(), region=county, value=6, unit="%"
    )

    from bulletins.charts import CHART_NAMES
    from bulletins.services import (
        bulletin_draft_build,
        bulletin_issue,
        review_draft_build,
        review_issue,
    )

    issued = bulletin_issue(
        actor=office,
        bulletin=bulletin_draft_build(actor=office, plan=campaign.plan, period=march),
    )
    april = Period.objects.get(kind="month", start=date(2025, 4, 1))
    draft = bulletin_draft_build(actor=office, plan=campaign.plan, period=april)
    first_quarter = Period.objects.get(kind="quarter", start=date(2025, 1, 1))
    second_quarter = Period.objects.get(kind="quarter", start=date(2025, 4, 1))
    review = review_issue(
        actor=office,
        review=review_draft_build(actor=office, plan=campaign.plan, period=first_quarter),
    )
    review_draft = review_draft_build(actor=office, plan=campaign.plan, period=second_quarter)

    from projects.models import Project, ProjectUpdate

    project = Project.objects.create(
        name="衡阳智能计量衡器产业园",
        code="HY-2025-001",
        campaign=campaign,
        region=county,
        category="industry",
        department=commerce,
        total_investment=100000,
        annual_investment=30000,
        planned_start=date(2025, 3, 1),
        planned_end=date(2027, 12, 31),
    )
    project_update = ProjectUpdate.objects.create(
        project=project,
        period=Period.objects.filter(kind="fortnight", start__year=2025).order_by("start")[5],
        started=True,
        start_date=date(2025, 3, 10),
        investment=2000,
        cumulative_investment=5000,
        funds_paid=0,
        physical_percent=10,
        filed_by=personas["dept_user"],
    )

    return {
        "project": project.pk,
        "project_update": project_update.pk,
        "fortnight": project_update.period_id,
        "bulletin": issued.pk,
        "draft": draft.pk,
        "review": review.pk,
        "review_draft": review_draft.pk,
        "chart": sorted(CHART_NAMES)[0],
        "county": county.pk,
        "submission": submission.pk,
        "region_period": RegionPeriod.objects.get_or_create(region=county, period=march)[0].pk,
        "regional_target": regional_target.pk,
        "notice": notice.pk,
        "notice_evidence": NoticeEvidence.objects.get(event__notice=notice).pk,
        "sheet": sheet.pk,
        "follow_up": follow_up.pk,
        "c1": campaign.pk,
        "commerce": commerce.pk,
        "task": task.pk,
        "march": march.pk,
        "progress": progress.pk,
        "evidence": progress.evidence.get().pk,
        "report": report.pk,
        "plan": campaign.plan_id,
        "plan_import": plan_import.pk,
        "notification": notification.pk,
        "schedule": PeriodicTask.objects.get(name="月报报送提醒").pk,
        "staff_user": personas["staff"].pk,
        "membership": personas["staff"].memberships.get().pk,
        "region": Region.objects.first().pk,
        "headline_target": Target.objects.filter(scope="plan").first().pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_the_expected_answer(name, world, personas, client):
    template, expected = MATRIX[name]
    path = template.format(**world)
    got = {}
    for persona in PERSONAS:
        client.logout()
        if persona != "anon":
            client.force_login(personas[persona])
        got[persona] = client.get(path).status_code
    anon = got.pop("anon")
    if name in PUBLIC:
        assert anon < 500
    elif path.startswith("/api/"):
        assert anon in (401, 403), anon
    else:
        assert anon in (302, 405), anon
    assert got == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("template", "method"), WRITES)
def test_leaders_and_anonymous_users_cannot_write(template, method, world, personas, client):
    path = template.format(**world)
    for persona in ("anon", "leader"):
        client.logout()
        if persona != "anon":
            client.force_login(personas[persona])
        response = getattr(client, method)(path, {}, content_type="application/json")
        assert response.status_code in (302, 401, 403, 404, 405), (persona, response.status_code)
