"""Reads for reporting periods and the monthly campaign reports (月报), and who may do what."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.selectors import Access
from campaigns.models import Campaign
from progress.models import TaskProgress

from .choices import PeriodKind, ReportAction, ReportStatus
from .models import CampaignReport, Period, ProvincialRank, ReportEvent

EDIT = "edit"  # the non-workflow permission checked by report_may
MISSING = "missing"  # review-queue status of a campaign with no report for the month
MISSING_LABEL = "未报送"
EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    ReportAction.SUBMIT: (EDITABLE_STATUSES, ReportStatus.SUBMITTED),
    ReportAction.RETURN: (frozenset({ReportStatus.SUBMITTED}), ReportStatus.RETURNED),
    ReportAction.ACCEPT: (frozenset({ReportStatus.SUBMITTED}), ReportStatus.ACCEPTED),
    ReportAction.REOPEN: (frozenset({ReportStatus.ACCEPTED}), ReportStatus.RETURNED),
}
QUEUE_STATUS_CHOICES = [(MISSING, MISSING_LABEL), *ReportStatus.choices]


def period_list() -> QuerySet[Period]:
    """All reporting periods in date order."""
    return Period.objects.order_by("start", "kind")


def month_periods() -> QuerySet[Period]:
    """Monthly periods, the ones reports hang on, in date order."""
    return Period.objects.filter(kind=PeriodKind.MONTH).order_by("start")


def month_period_for(day: date) -> Period | None:
    """The month containing `day`, or else the latest month before it, or else the first one."""
    months = month_periods()
    return (
        months.filter(start__lte=day, end__gte=day).first()
        or months.filter(start__lte=day).order_by("-start").first()
        or months.first()
    )


def month_period_previous(period: Period) -> Period | None:
    """The month before `period`."""
    return month_periods().filter(start__lt=period.start).order_by("-start").first()


def reports_visible(access: Access) -> bool:
    """Reports belong to the task forces: their staff, 总专班, administrators and leaders see them."""
    return access.sees_everything or bool(access.campaign_ids)


def report_campaigns(access: Access) -> QuerySet[Campaign]:
    """Campaigns whose reports a user may read."""
    campaigns = Campaign.objects.select_related("plan").order_by("plan_id", "number")
    if access.sees_everything:
        return campaigns
    return campaigns.filter(pk__in=access.campaign_ids)


def report_may_create(access: Access, campaign_id: int) -> bool:
    """Whoever may edit a campaign's report may create it."""
    return not access.is_read_only and access.edits_campaign(campaign_id)


def report_may(access: Access, report: CampaignReport, action: str) -> bool:
    """Whether the user's role allows `action` (EDIT or a workflow step) on this report at all."""
    if access.is_read_only:
        return False
    if action == EDIT:
        return access.edits_campaign(report.campaign_id)
    if action == ReportAction.SUBMIT:
        return access.reviews_reports or report.campaign_id in access.liaison_campaign_ids
    return access.reviews_reports


def report_allowed_actions(access: Access, report: CampaignReport) -> list[str]:
    """The workflow steps this user may take on the report in its current status."""
    return [
        action
        for action, (sources, _) in TRANSITIONS.items()
        if report.status in sources and report_may(access, report, action)
    ]


def report_editable_by(access: Access, report: CampaignReport) -> bool:
    """Whether this user may change the report's text now."""
    return report.status in EDITABLE_STATUSES and report_may(access, report, EDIT)


def report_locked_message(report: CampaignReport) -> str:
    """Why a report cannot be edited in its status."""
    if report.status == ReportStatus.ACCEPTED:
        return "月报已采纳并锁定，不能修改；如需修改请联系总专班重新打开。"
    return "月报已报送，正在等待总专班审核，不能修改。"


def report_list(*, access: Access) -> QuerySet[CampaignReport]:
    """Reports the user may read, with campaign, month, ranks and how often each was returned."""
    reports = (
        CampaignReport.objects.select_related("campaign", "period")
        .prefetch_related("ranks")
        .annotate(returned_count=Count("events", filter=Q(events__action=ReportAction.RETURN)))
        .order_by("-period__start", "campaign__number", "pk")
    )
    if access.sees_everything:
        return reports
    return reports.filter(campaign_id__in=access.campaign_ids)


def report_for(*, campaign: Campaign, period: Period) -> CampaignReport | None:
    """A campaign's report of one month with its rank table, if it exists."""
    return (
        CampaignReport.objects.select_related("campaign", "period")
        .prefetch_related("ranks")
        .annotate(returned_count=Count("events", filter=Q(events__action=ReportAction.RETURN)))
        .filter(campaign=campaign, period=period)
        .first()
    )


def rank_change(rank: ProvincialRank) -> int | None:
    """Places gained since last month (positive = moved up), or None without last month's rank."""
    if rank.previous_rank is None:
        return None
    return rank.previous_rank - rank.rank


def rank_change_label(rank: ProvincialRank) -> str:
    """The change since last month in words: 上升2位, 下降1位, 持平."""
    change = rank_change(rank)
    if change is None:
        return "—"
    if change == 0:
        return "持平"
    return f"上升{change}位" if change > 0 else f"下降{-change}位"


def report_events(report: CampaignReport) -> QuerySet[ReportEvent]:
    """A report's workflow steps, oldest first, with who took them."""
    return report.events.select_related("actor").order_by("created_at", "pk")


@dataclass(frozen=True)
class ReportPrefill:
    """What a new report starts with: texts from the month's task progress, last month's ranks."""

    progress: str = ""
    problems: str = ""
    next_plans: str = ""
    ranks: list[dict] = field(default_factory=list)


def _task_account(rows: list[TaskProgress]) -> dict:
    """One task's account of the month: the task force's own row if any, else its units' rows.

    Units' texts are joined with their names and their percents averaged.
    """
    own = [row for row in rows if row.department_id is None]
    if own:
        row = own[0]
        return {
            "done": row.done.strip(),
            "problems": row.problems.strip(),
            "next_steps": row.next_steps.strip(),
            "percent": row.percent,
        }

    def joined(name: str) -> str:
        parts = [(row.department.name, getattr(row, name).strip()) for row in rows]
        parts = [(unit, text) for unit, text in parts if text]
        if len(parts) == 1:
            return parts[0][1]
        return "；".join(f"{unit}：{text}" for unit, text in parts)

    return {
        "done": joined("done"),
        "problems": joined("problems"),
        "next_steps": joined("next_steps"),
        "percent": round(sum(row.percent for row in rows) / len(rows)),
    }


def report_prefill(*, campaign: Campaign, period: Period) -> ReportPrefill:
    """Pre-filled parts of a campaign's report for a month, so nobody types a figure twice.

    工作推进情况: one "（n）任务：工作进展（进度 x%）" line per task with progress this month;
    存在问题 and 下阶段打算 likewise from problems and next steps; 全省排名 from last month's
    report, its rank as 上月排名 (and as this month's starting value, to be corrected).
    """
    rows = (
        TaskProgress.objects.filter(task__campaign=campaign, period=period)
        .select_related("task", "department")
        .order_by("task__order", "task_id", F("department__name").asc(nulls_first=True))
    )
    by_task: dict[int, list[TaskProgress]] = {}
    for row in rows:
        by_task.setdefault(row.task_id, []).append(row)
    accounts = [(rows[0].task.title, _task_account(rows)) for rows in by_task.values()]

    def numbered(lines: list[str]) -> str:
        return "\n".join(f"（{n}）{line}" for n, line in enumerate(lines, start=1))

    previous = month_period_previous(period)
    last_ranks = (
        ProvincialRank.objects.filter(report__campaign=campaign, report__period=previous).order_by(
            "order", "pk"
        )
        if previous
        else []
    )
    return ReportPrefill(
        progress=numbered(
            [f"{title}：{a['done']}（进度 {a['percent']}%）" for title, a in accounts]
        ),
        problems=numbered([f"{title}：{a['problems']}" for title, a in accounts if a["problems"]]),
        next_plans=numbered(
            [f"{title}：{a['next_steps']}" for title, a in accounts if a["next_steps"]]
        ),
        ranks=[
            {"indicator": r.indicator, "rank": r.rank, "previous_rank": r.rank, "note": ""}
            for r in last_ranks
        ],
    )


def report_prefill_overwrites(report: CampaignReport, prefill: ReportPrefill) -> list[str]:
    """Names of the text parts that regenerating would change while they hold text."""
    return [
        name
        for name in ("progress", "problems", "next_plans")
        if getattr(report, name).strip() and getattr(report, name) != getattr(prefill, name)
    ]


def review_queue(*, period: Period, campaigns: QuerySet[Campaign] | None = None) -> QuerySet:
    """Every campaign of the period's year with its report of that month (or none: 未报送)."""
    returns = (
        ReportEvent.objects.filter(
            report__campaign=OuterRef("pk"), report__period=period, action=ReportAction.RETURN
        )
        .order_by()
        .values("report__campaign")
        .annotate(count=Count("pk"))
        .values("count")
    )
    status_label = Case(
        *(When(report_status=value, then=Value(label)) for value, label in ReportStatus.choices),
        default=Value(MISSING_LABEL),
        output_field=CharField(),
    )
    campaigns = Campaign.objects.all() if campaigns is None else campaigns
    return (
        campaigns.filter(plan__year=period.start.year)
        .annotate(
            month_report=FilteredRelation("reports", condition=Q(reports__period=period)),
            report_id=F("month_report__id"),
            report_status=Coalesce(F("month_report__status"), Value(MISSING)),
            report_deadline=Coalesce(
                F("month_report__deadline"), Value(period.deadline or period.end)
            ),
            submitted_at=F("month_report__submitted_at"),
            last_submitted_at=F("month_report__last_submitted_at"),
            submitted_late=F("month_report__submitted_late"),
            returned_count=Coalesce(Subquery(returns), 0),
        )
        .annotate(report_status_label=status_label)
        .order_by("plan_id", "number")
    )
