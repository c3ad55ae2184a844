"""The quarterly review (季讲评, issue 8 item 6): scores by the printed rule, the same figures in
every format, the draft → issue → correct life cycle."""

import io
import re
import subprocess
from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document

from audit.models import AuditEntry
from bulletins import services
from bulletins.choices import BulletinStatus
from bulletins.document import review_document
from bulletins.jobs import review_draft_job
from bulletins.models import Bulletin, QuarterlyReview
from bulletins.render_docx import review_docx
from bulletins.render_pdf import review_pdf
from bulletins.schedules import REVIEW_JOB, REVIEW_SCHEDULE_NAME
from bulletins.scoring import CAMPAIGN, REGION, SCORE_RULE, ScoreRule, Standing
from bulletins.selectors import review_figures
from counties.models import RegionPeriod, RegionTaskProgress, WorkbookSubmission
from dashboard.choices import Delivery
from indicators.models import IndicatorValue
from notifications.models import Notification
from progress.models import TaskProgress
from reporting.models import CampaignReport, Period, ReportEvent
from reporting.services import period_ensure_year
from tasks.models import RegionalTarget, Target
from tests.factories import CampaignFactory, RegionFactory, SectionFactory, TaskFactory

from .conftest import REVIEW_DAY


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _poppler(*argv: str) -> str:
    """The output of a poppler-utils tool (fixed argv, on PATH)."""
    return subprocess.run(argv, capture_output=True, check=True, text=True).stdout  # noqa: S603


def _pdf_text(pdf: bytes, tmp_path, mode: str = "-layout") -> str:
    """The PDF's text without whitespace: `-layout` keeps table rows on one line, `-raw` keeps a
    cell's wrapped lines together."""
    path = tmp_path / "review.pdf"
    path.write_bytes(pdf)
    return _squeeze(_poppler("pdftotext", mode, str(path), "-"))


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return _squeeze("".join(parts))


# --- the rule --------------------------------------------------------------------------------


def _target(plan, *, scope: str, campaign=None, value: int = 120) -> Target:
    return Target.objects.create(
        plan=plan,
        scope=scope,
        campaign=campaign,
        name=f"测试指标{scope}{value}",
        value=Decimal(value),
        unit="个",
        normalized_value=Decimal(value),
        qualifier="以上",
        source_text="测试。",
    )


@pytest.fixture
def small_quarter(db, django_user_model):
    """Two campaigns and one county through 2025's first quarter, every figure chosen by hand."""
    period_ensure_year(year=2025)
    user = django_user_model.objects.create_user(username="writer")
    months = list(Period.objects.filter(kind="month", start__year=2025).order_by("start")[:3])
    january, february, march = months
    section = SectionFactory(campaign=CampaignFactory(number=1, name="甲攻坚"))
    first, plan = section.campaign, section.plan
    second = CampaignFactory(plan=plan, number=2, name="乙攻坚")
    region = RegionFactory(name="测试县")

    # 甲: January on time, February late after one return, March missing.
    for month, late in ((january, False), (february, True)):
        report = CampaignReport.objects.create(
            campaign=first,
            period=month,
            deadline=month.deadline,
            status="accepted",
            submitted_at=timezone.make_aware(datetime.combine(month.deadline, datetime.min.time())),
            submitted_late=late,
        )
    ReportEvent.objects.create(report=report, action="return", actor=user, reason="补充")
    # 甲's goals: one ahead of 时序进度 (40 of 120 by 31 March), one without figures.
    ahead = _target(plan, scope="campaign", campaign=first)
    _target(plan, scope="campaign", campaign=first, value=130)
    IndicatorValue.objects.create(target=ahead, period=march, cumulative=Decimal(40))
    # 甲's tasks in March: on track, lagging and past its deadline, not reported.
    on_track, lagging, _silent = (TaskFactory(section=section) for _ in range(3))
    lagging.deadline = date(2025, 2, 15)
    lagging.save()
    for task, percent in ((on_track, 50), (lagging, 5)):
        TaskProgress.objects.create(
            task=task, period=march, status="in_progress", percent=percent, updated_by=user
        )
    # 甲 commended in the issued March bulletin.
    Bulletin.objects.create(
        plan=plan,
        period=march,
        number=3,
        title="通报",
        status=BulletinStatus.ISSUED,
        data={"campaigns": [{"id": first.pk, "name": first.name, "practices": "甲的做法"}]},
        commended=[first.pk],
    )

    # 测试县: on time, late, refused twice in March; its share of a target behind; its task on track.
    for month, status, late in ((january, "submitted", False), (february, "accepted", True)):
        RegionPeriod.objects.create(region=region, period=month, status=status, submitted_late=late)
    RegionPeriod.objects.create(region=region, period=march, status="error")
    for _ in range(2):
        WorkbookSubmission.objects.create(
            region=region,
            period=march,
            uploaded_by=user,
            file="x.xlsx",
            filename="x.xlsx",
            size=1,
            sha256="0" * 64,
            status="rejected",
        )
    headline = _target(plan, scope="plan", value=100)
    RegionalTarget.objects.create(target=headline, region=region, value=Decimal(100))
    IndicatorValue.objects.create(
        target=headline, region=region, period=march, cumulative=Decimal(10)
    )
    on_track.regions.add(region)
    RegionTaskProgress.objects.create(
        region=region, task=on_track, period=march, status="in_progress", percent=30
    )
    quarter = Period.objects.get(kind="quarter", start=date(2025, 1, 1))
    return plan, quarter, first, second


def test_scores_of_a_small_quarter_match_the_hand_computation(small_quarter):
    plan, quarter, first, second = small_quarter
    data = review_figures(plan=plan, period=quarter, today=REVIEW_DAY)
    by_name = {row["name"]: row for row in data["campaigns"]}
    # 甲: timeliness 40×(1+0.5+0)/3 = 20; quality 20−5 = 15; goals 20×1/2 = 10;
    # tasks 20×1/3 = 6.7; commended once +3; one overdue task −2.  Total 52.7.
    assert by_name["甲攻坚"]["score"] == {
        "timeliness": "20",
        "quality": "15",
        "goals": "10",
        "tasks": "6.7",
        "commendation": "3",
        "overdue": "-2",
        "total": "52.7",
    }
    # 乙: nothing reported (0), nothing returned (20), neither goals nor tasks (0, 0).
    assert by_name["乙攻坚"]["score"]["total"] == "20"
    assert [row["name"] for row in data["campaigns"]] == ["甲攻坚", "乙攻坚"]
    assert [row["rank"] for row in data["campaigns"]] == [1, 2]
    march = by_name["甲攻坚"]["months"][-1]
    assert (march["delivery"], march["tasks_lagging"], march["tasks_unreported"]) == (
        Delivery.MISSING,
        1,
        1,
    )
    assert by_name["甲攻坚"]["commended"] == [{"month": "2025年3月", "practices": "甲的做法"}]
    # 测试县: 40×(1+0.5+0.5)/3 = 26.7; 20−2×5 = 10; its share behind: 0; its task on track: 20.
    (county,) = data["regions"]
    assert county["score"] == {
        "timeliness": "26.7",
        "quality": "10",
        "goals": "0",
        "tasks": "20",
        "total": "56.7",
    }
    assert [m["delivery_label"] for m in county["months"]] == ["按时", "逾期", "退回"]


def test_rule_text_prints_every_weight_the_computation_uses():
    rule = ScoreRule(
        timeliness=37,
        late_share=Decimal("0.25"),
        quality=13,
        return_deduction=4,
        goals=29,
        tasks=21,
        overdue_deduction=3,
        overdue_cap=9,
        commendation_bonus=7,
        commendation_cap=14,
    )
    text = "".join(row["points"] + row["method"] for row in rule.table())
    for name in ("timeliness", "quality", "goals", "tasks"):
        assert f"{getattr(rule, name)}分" in text
    for phrase in ("得25%", "扣4分", "每项扣3分", "最多扣9分", "加7分", "最多加14分"):
        assert phrase in text
    score = rule.score(
        Standing(
            deliveries=(Delivery.ON_TIME, Delivery.LATE, Delivery.MISSING),
            returns=1,
            goals_reached=1,
            goals_total=1,
            tasks_on_track=0,
            tasks_total=2,
            overdue=5,
            commendations=1,
        ),
        subject=CAMPAIGN,
    )
    # 37×1.25/3 = 15.4; 13−4 = 9; 29; 0; +7; −min(9, 15) = −9.
    assert score == {
        "timeliness": "15.4",
        "quality": "9",
        "goals": "29",
        "tasks": "0",
        "commendation": "7",
        "overdue": "-9",
        "total": "51.4",
    }


def test_every_weight_of_the_rule_is_named_in_its_text():
    text = "".join(row["points"] + row["method"] for row in SCORE_RULE.table())
    for field in fields(ScoreRule):
        value = getattr(SCORE_RULE, field.name)
        shown = f"{(value * 100).normalize():f}%" if isinstance(value, Decimal) else f"{value}分"
        assert shown in text, field.name


def test_regions_are_scored_without_campaign_only_components():
    assert [key for key, _ in SCORE_RULE.columns(REGION)] == [
        "timeliness",
        "quality",
        "goals",
        "tasks",
    ]
    assert SCORE_RULE.score(
        Standing((), 0, 0, 0, 0, 0, overdue=3, commendations=2), subject=REGION
    ) == {"timeliness": "40", "quality": "20", "goals": "0", "tasks": "0", "total": "60"}


# --- the document on demo data -----------------------------------------------------------------


def test_review_compares_the_three_months_of_the_reporting_record(review):
    reports = {
        (r.campaign.name, r.period.start.month): r
        for r in CampaignReport.objects.filter(period__start__lt=date(2025, 4, 1)).select_related(
            "campaign", "period"
        )
    }
    assert review.data["months"] == ["1月", "2月", "3月"]
    for row in review.data["campaigns"]:
        for month, cell in enumerate(row["months"], start=1):
            report = reports.get((row["name"], month))
            if report is None or report.status == "draft":
                assert cell["delivery"] == Delivery.MISSING
            elif report.status == "returned":
                assert cell["delivery"] == Delivery.RETURNED
            else:
                assert cell["delivery"] == (Delivery.LATE if report.submitted_late else "on_time")
    totals = [Decimal(row["score"]["total"]) for row in review.data["campaigns"]]
    assert totals == sorted(totals, reverse=True)
    assert review.data["rule"] == SCORE_RULE.table()


def test_pdf_and_docx_print_the_scores_and_the_rule_of_the_data(review, tmp_path):
    content = review_pdf(review)
    pdf, raw = _pdf_text(content, tmp_path), _pdf_text(content, tmp_path, "-raw")
    docx = _docx_text(review_docx(review))
    columns = review.data["columns"]
    for subject, rows in ((CAMPAIGN, review.data["campaigns"]), (REGION, review.data["regions"])):
        for row in rows:
            line = "".join(
                [
                    str(row["rank"]),
                    row["name"],
                    *(row["score"][key] for key, _ in columns[subject]),
                    row["score"]["total"],
                ]
            )
            assert line in pdf, line
            assert line in docx, line
    for rule in review.data["rule"]:
        for text in (raw, docx):
            assert _squeeze(rule["method"]) in text
        for text in (pdf, docx):
            assert _squeeze(rule["label"] + rule["points"]) in text
    assert _squeeze(review.opinion.splitlines()[0]) in pdf


def test_page_shows_what_the_files_show(review, demo, login):
    page = login(demo["office"]).get(review.get_absolute_url()).content.decode()
    document = review_document(review)
    for section in document.sections:
        assert section.heading in page
        for table in section.tables:
            for row in table.rows:
                assert re.search(
                    r"\s*".join(f"<td>{re.escape(cell)}</td>" for cell in row), page
                ), row


def test_pdf_is_a4_with_both_score_charts(review, tmp_path):
    path = tmp_path / "review.pdf"
    path.write_bytes(review_pdf(review))
    info = _poppler("pdfinfo", str(path))
    assert "595.276 x 841.89 pts (A4)" in info
    images = _poppler("pdfimages", "-list", str(path)).splitlines()[2:]
    assert sum(1 for line in images if line.split()[2] == "image") == 2
    assert len(Document(io.BytesIO(review_docx(review))).inline_shapes) == 2


# --- the life cycle ------------------------------------------------------------------------------


def test_building_needs_a_quarter(demo):
    month = Period.objects.get(kind="month", start=date(2025, 3, 1))
    with pytest.raises(ValidationError, match="请选择季度"):
        services.review_draft_build(actor=demo["office"], plan=demo["campaign"].plan, period=month)


def test_rebuilding_keeps_edited_remarks_unless_discarded(review, demo, first_quarter):
    services.review_update(actor=demo["office"], review=review, opinion="总专班的讲评。")
    with time_machine.travel(REVIEW_DAY, tick=False):
        kept = services.review_draft_build(
            actor=demo["office"], plan=review.plan, period=first_quarter
        )
        assert (kept.pk, kept.opinion) == (review.pk, "总专班的讲评。")
        rewritten = services.review_draft_build(
            actor=demo["office"], plan=review.plan, period=first_quarter, discard_edits=True
        )
    assert rewritten.opinion.startswith("按评分办法")


def test_issued_review_cannot_be_changed_and_a_correction_is_a_new_version(review, demo):
    services.review_issue(actor=demo["office"], review=review)
    with pytest.raises(ValidationError, match="已印发的季度讲评不能修改"):
        services.review_update(actor=demo["office"], review=review, opinion="偷改")
    with pytest.raises(ValidationError):
        services.review_issue(actor=demo["office"], review=review)
    review.refresh_from_db()
    assert review.opinion != "偷改" and review.issued_by == demo["office"]
    correction = services.review_correct(actor=demo["office"], review=review, reason="更正得分")
    assert (correction.version, correction.status) == (2, BulletinStatus.DRAFT)
    assert correction.data == review.data and correction.opinion == review.opinion
    with pytest.raises(ValidationError, match="已有待印发的草稿"):
        services.review_correct(actor=demo["office"], review=review, reason="再次更正")
    assert AuditEntry.objects.filter(object_id=str(correction.pk), action="create").exists()


def test_issuing_needs_remarks(review, demo):
    services.review_update(actor=demo["office"], review=review, opinion="  ")
    with pytest.raises(ValidationError, match="总专班讲评意见"):
        services.review_issue(actor=demo["office"], review=review)


def test_issuing_notifies_leaders_and_task_forces(review, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_issue(actor=demo["office"], review=review)
    told = Notification.objects.filter(object_key=f"quarterlyreview:{review.pk}")
    assert {"leader", "liaison", "staff1", "staff2"} <= set(
        told.values_list("recipient__username", flat=True)
    )
    assert not told.filter(recipient__username__in=["office", "county"]).exists()
    assert told.first().link == review.get_absolute_url()


def test_scheduled_job_drafts_the_quarter_that_ended(demo, first_quarter):
    with time_machine.travel(REVIEW_DAY, tick=False):
        assert review_draft_job() == 1
    assert QuarterlyReview.objects.get().period == first_quarter


def test_review_schedule_is_installed_by_the_migration(db):
    from django_celery_beat.models import PeriodicTask

    schedule = PeriodicTask.objects.get(name=REVIEW_SCHEDULE_NAME)
    assert schedule.task == REVIEW_JOB
    assert (schedule.crontab.day_of_month, schedule.crontab.month_of_year) == ("28", "1,4,7,10")
