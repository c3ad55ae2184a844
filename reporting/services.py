"""Writes for reporting periods and the monthly campaign report (月报) with its workflow."""

import calendar
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.selectors import access_for
from audit.choices import AuditAction
from audit.services import audit_record, diff, snapshot
from campaigns.models import Campaign

from . import selectors
from .choices import PeriodKind, ReportAction
from .models import CampaignReport, Period, ProvincialRank, ReportEvent

MONTHLY_DEADLINE_DAY = 25  # 各专班每月25日前报送

REPORT_TEXT_FIELDS = ("progress", "practices", "problems", "next_plans")
RANKS_KEY = "全省排名"  # audit key of the rank table (not a model field, so it is shown as is)
_WORKFLOW_DATES = ("submitted_at", "last_submitted_at", "accepted_at")


class ReportStateError(ValidationError):
    """The report's current status does not allow this step (the API answers 409)."""


class ReportVersionConflict(Exception):
    """Someone saved the report after the editor loaded it; `current` is the saved report."""

    def __init__(self, current: CampaignReport) -> None:
        self.current = current
        super().__init__(
            f"保存失败：该月报已被他人修改（当前版本 {current.version}），您的修改尚未保存。"
            "请对照当前内容调整后再次保存。"
        )


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _periods_of_year(year: int) -> list[Period]:
    periods: list[Period] = []
    for month in range(1, 13):
        end = _month_end(year, month)
        periods.append(
            Period(
                kind=PeriodKind.MONTH,
                start=date(year, month, 1),
                end=end,
                label=f"{year}年{month}月",
                deadline=date(year, month, MONTHLY_DEADLINE_DAY),
            )
        )
        for index, (first, last) in enumerate(((1, 10), (11, 20), (21, end.day))):
            periods.append(
                Period(
                    kind=PeriodKind.TEN_DAY,
                    start=date(year, month, first),
                    end=date(year, month, last),
                    label=f"{year}年{month}月{'上中下'[index]}旬",
                )
            )
    for quarter in range(1, 5):
        end = _month_end(year, quarter * 3)
        periods.append(
            Period(
                kind=PeriodKind.QUARTER,
                start=date(year, quarter * 3 - 2, 1),
                end=end,
                label=f"{year}年第{quarter}季度",
                deadline=end,
            )
        )
    # 26 fortnights from 1 January; the last one runs to 31 December.
    for number in range(1, 27):
        start = date(year, 1, 1) + timedelta(days=14 * (number - 1))
        end = date(year, 12, 31) if number == 26 else start + timedelta(days=13)
        periods.append(
            Period(
                kind=PeriodKind.FORTNIGHT, start=start, end=end, label=f"{year}年第{number}期双周"
            )
        )
    return periods


@transaction.atomic
def period_ensure_year(*, year: int) -> int:
    """Create the year's months, 旬, fortnights and quarters that do not exist yet."""
    before = Period.objects.count()
    Period.objects.bulk_create(_periods_of_year(year), ignore_conflicts=True)
    return Period.objects.count() - before


@transaction.atomic
def period_set_deadline(*, period: Period, deadline: date, user) -> Period:
    """总专班 moves a period's deadline; reports of the period never submitted follow it."""
    if not access_for(user).reviews_reports:
        raise PermissionDenied("只有总专班可以调整报送截止日期。")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if deadline < period.start:
        raise ValidationError({"deadline": f"报送截止日期不能早于周期开始日期（{period.start}）。"})
    before = snapshot(period, ["deadline"])
    period.deadline = deadline
    period.full_clean()
    period.save(update_fields=["deadline"])
    followed = CampaignReport.objects.filter(period=period, submitted_at__isnull=True).update(
        deadline=deadline
    )
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=period,
        changes=diff(before, snapshot(period, ["deadline"])),
        summary=f"调整报送截止日期，同步 {followed} 份尚未报送的月报",
    )
    return period


def _rank_lines(ranks) -> list[str]:
    """The rank table as text lines, for the audit trail."""
    return [
        f"{r.indicator}：第{r.rank}名（上月{r.previous_rank or '—'}）{r.note}".rstrip()
        for r in ranks
    ]


def _workflow_state(report: CampaignReport) -> dict:
    """The workflow fields as people read them (status and yes/no in Chinese), for the audit."""
    return {
        "status": report.get_status_display(),
        "submitted_late": "是" if report.submitted_late else "否",
        "return_reason": report.return_reason,
        **snapshot(report, _WORKFLOW_DATES),
    }


def _report_state(report: CampaignReport) -> dict:
    return {**snapshot(report, REPORT_TEXT_FIELDS), RANKS_KEY: _rank_lines(report.ranks.all())}


def _build_ranks(*, report: CampaignReport, ranks: list[dict]) -> list[ProvincialRank]:
    """Validated rank rows in the given order; every problem is named by row and field."""
    errors: list[str] = []
    rows: list[ProvincialRank] = []
    seen: set[str] = set()
    for number, data in enumerate(ranks, start=1):
        indicator = str(data.get("indicator") or "").strip()
        row_errors = []
        if not indicator:
            row_errors.append(f"第{number}行 指标：不能为空。")
        elif indicator in seen:
            row_errors.append(f"第{number}行 指标：“{indicator}”重复。")
        seen.add(indicator)
        values = {}
        for field, label, required in (
            ("rank", "全省排名", True),
            ("previous_rank", "上月排名", False),
        ):
            value = data.get(field)
            if value in (None, "") and not required:
                values[field] = None
                continue
            try:
                values[field] = int(value)
            except (TypeError, ValueError):
                row_errors.append(f"第{number}行 {label}：必须是 1 到 14 之间的整数。")
                continue
            if not 1 <= values[field] <= 14:
                row_errors.append(f"第{number}行 {label}：必须是 1 到 14 之间的整数。")
        note = str(data.get("note") or "").strip()
        if len(note) > 200:
            row_errors.append(f"第{number}行 说明：不能超过 200 个字。")
        if len(indicator) > 100:
            row_errors.append(f"第{number}行 指标：不能超过 100 个字。")
        if row_errors:
            errors.extend(row_errors)
            continue
        row = ProvincialRank(report=report, indicator=indicator, note=note, order=number, **values)
        row.full_clean(exclude=["report"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    if errors:
        raise ValidationError({"ranks": errors})
    return rows


def _lock(report: CampaignReport) -> CampaignReport:
    """The report re-read under a row lock: concurrent workflow steps and edits queue here."""
    return (
        CampaignReport.objects.select_related("campaign", "period")
        .select_for_update(of=("self",))
        .get(pk=report.pk)
    )


def _locked_for_edit(*, report: CampaignReport, user, version: int) -> CampaignReport:
    """The report locked for an edit by `user` at `version`, or the reason why not."""
    if not selectors.report_may(access_for(user), report, selectors.EDIT):
        raise PermissionDenied("您无权修改该月报。")
    locked = _lock(report)
    if locked.status not in selectors.EDITABLE_STATUSES:
        raise ReportStateError(selectors.report_locked_message(locked))
    if locked.version != version:
        raise ReportVersionConflict(locked)
    return locked


def report_get_or_create(
    *, campaign: Campaign, period: Period, user
) -> tuple[CampaignReport, bool]:
    """The campaign's report of a month; created pre-filled from that month's task progress."""
    if not selectors.report_may_create(access_for(user), campaign.pk):
        raise PermissionDenied("您无权创建该攻坚的月报。")
    if period.kind != PeriodKind.MONTH:
        raise ValidationError({"period": "月报只能按月度周期创建，请选择一个月份。"})
    existing = CampaignReport.objects.filter(campaign=campaign, period=period).first()
    if existing is not None:
        return existing, False
    prefill = selectors.report_prefill(campaign=campaign, period=period)
    report = CampaignReport(
        campaign=campaign,
        period=period,
        deadline=period.deadline or period.end,
        progress=prefill.progress,
        problems=prefill.problems,
        next_plans=prefill.next_plans,
    )
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
            ProvincialRank.objects.bulk_create(_build_ranks(report=report, ranks=prefill.ranks))
            audit_record(
                actor=user,
                action=AuditAction.CREATE,
                obj=report,
                changes={k: v for k, v in diff({}, _report_state(report)).items() if v[1]},
                summary="创建月报（由任务进展预填）",
            )
    except IntegrityError:  # someone opened the same month at the same moment
        return CampaignReport.objects.get(campaign=campaign, period=period), False
    return report, True


@transaction.atomic
def report_update(
    *,
    report: CampaignReport,
    user,
    version: int,
    fields: dict[str, str],
    ranks: list[dict] | None = None,
) -> CampaignReport:
    """Save edits to a draft or returned report if nobody saved it since `version`.

    `fields` holds any of the four text parts; `ranks` (when given) replaces the rank table.
    """
    report = _locked_for_edit(report=report, user=user, version=version)
    before = _report_state(report)
    for name in REPORT_TEXT_FIELDS:
        if name in fields:
            setattr(report, name, (fields[name] or "").strip())
    report.full_clean(validate_unique=False)
    if ranks is not None:
        rows = _build_ranks(report=report, ranks=ranks)
        report.ranks.all().delete()
        ProvincialRank.objects.bulk_create(rows)
    report.version += 1
    report.save()
    after = _report_state(report)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=report,
        changes=diff(before, after),
        summary=f"编辑月报（版本 {report.version}）",
    )
    return report


@transaction.atomic
def report_regenerate(*, report: CampaignReport, user, version: int) -> CampaignReport:
    """Refresh the pre-filled parts from this month's task progress and last month's ranks.

    工作推进情况、存在问题、下阶段打算 are replaced; 典型做法 is kept; rank rows keep this month's
    figures, take last month's rank as 上月排名, and last month's missing indicators are added.
    """
    report = _locked_for_edit(report=report, user=user, version=version)
    before = _report_state(report)
    prefill = selectors.report_prefill(campaign=report.campaign, period=report.period)
    report.progress, report.problems, report.next_plans = (
        prefill.progress,
        prefill.problems,
        prefill.next_plans,
    )
    report.full_clean(validate_unique=False)
    previous = {row["indicator"]: row["previous_rank"] for row in prefill.ranks}
    current = list(report.ranks.all())
    merged = [
        {
            "indicator": r.indicator,
            "rank": r.rank,
            "previous_rank": previous.get(r.indicator, r.previous_rank),
            "note": r.note,
        }
        for r in current
    ]
    present = {r.indicator for r in current}
    merged += [row for row in prefill.ranks if row["indicator"] not in present]
    rows = _build_ranks(report=report, ranks=merged)
    report.ranks.all().delete()
    ProvincialRank.objects.bulk_create(rows)
    report.version += 1
    report.save()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=report,
        changes=diff(before, _report_state(report)),
        summary="从任务进展重新生成",
    )
    return report


_REASON_REQUIRED = {
    ReportAction.RETURN: "请填写退回原因。",
    ReportAction.REOPEN: "请填写重新打开的原因。",
}


@transaction.atomic
def report_transition(
    *, report: CampaignReport, user, action: str, reason: str = ""
) -> CampaignReport:
    """One workflow step: submit, return (with reason), accept or reopen (with reason).

    The report row is locked first, so of two simultaneous steps exactly one applies and the
    other sees the new status and is refused. Lateness: the plan says 每月25日前报送 and the
    period stores the 25th as 报送截止, so the deadline day itself counts as on time; only a
    first submission on a later date (Asia/Shanghai) is marked 逾期.
    """
    if action not in selectors.TRANSITIONS:
        raise ValidationError({"action": "未知的操作。"})
    if not selectors.report_may(access_for(user), report, action):
        raise PermissionDenied(f"您无权{ReportAction(action).label}该月报。")
    reason = (reason or "").strip()
    if action in _REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _REASON_REQUIRED[action]})
    report = _lock(report)
    sources, target = selectors.TRANSITIONS[action]
    if report.status not in sources:
        raise ReportStateError(
            f"月报当前状态为“{report.get_status_display()}”，不能{ReportAction(action).label}。"
        )
    before = _workflow_state(report)
    now = timezone.now()
    report.status = target
    if action == ReportAction.SUBMIT:
        if report.submitted_at is None:
            report.submitted_at = now
            report.submitted_late = timezone.localdate(now) > report.deadline
        report.last_submitted_at = now
    elif action == ReportAction.ACCEPT:
        report.accepted_at = now
    else:  # return or reopen: back to the task force with the reason
        report.return_reason = reason
        report.accepted_at = None
    report.full_clean(validate_unique=False)
    report.save()
    ReportEvent.objects.create(report=report, action=action, actor=user, reason=reason)
    label = ReportAction(action).label
    audit_record(
        actor=user,
        action=AuditAction.TRANSITION,
        obj=report,
        changes=diff(before, _workflow_state(report)),
        summary=f"{label}：{reason}" if reason else label,
    )
    return report
