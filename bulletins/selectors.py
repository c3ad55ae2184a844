"""Reads for bulletins and quarterly reviews: figures (from the dashboard's and progress's
selectors), visibility, archive."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from accounts.selectors import Access
from campaigns.models import Campaign, Plan, Region
from counties.choices import SubmissionStatus
from counties.models import RegionPeriod, RegionTaskProgress, WorkbookSubmission
from dashboard.choices import Delivery, Light
from dashboard.selectors import (
    DashboardScope,
    campaign_rows,
    dashboard_scope,
    light_rule_get,
    region_delivery,
    region_matrix,
    region_ranking,
    report_matrix,
    target_judge,
    target_rows,
)
from indicators.models import IndicatorValue
from progress.models import TaskProgress
from progress.selectors import (
    FINISHED,
    LAGGING_TOLERANCE,
    consolidated_entry,
    task_flags,
    task_with_units,
    time_share,
)
from reporting.choices import PeriodKind, ReportAction, ReportStatus
from reporting.models import CampaignReport, Period, ReportEvent
from tasks.choices import TargetScope, TaskStatus
from tasks.models import RegionalTarget, Task

from .choices import BulletinStatus
from .models import Bulletin, IssuedDocument
from .scoring import CAMPAIGN, REGION, SCORE_RULE, ScoreRule, Standing

CENT = Decimal("0.01")
RANKING_TABLES = 3  # region ranking tables attached: the first headline indicators
TASK_COUNTS = ("tasks_total", "tasks_on_track", "tasks_lagging", "tasks_unreported", "overdue")
DELIVERY_GROUPS = (Delivery.ON_TIME, Delivery.LATE, Delivery.RETURNED, Delivery.MISSING)


def number_text(value: Decimal | None) -> str:
    """A figure as the bulletin prints it: at most two decimals, no trailing zeros."""
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(CENT).normalize():f}"


def _sentence(row: dict, month: int) -> str:
    """One indicator written from the data: actual against target and 时序进度, light and rank."""
    if row["cumulative"] is None:
        return f"{row['name']}：目标{row['target']}，本期暂无数据。"
    rank = f"，全省排名第{row['rank']}位" if row["rank"] else ""
    return (
        f"{row['name']}：目标{row['target']}，1—{month}月累计{number_text(row['cumulative'])}"
        f"{row['unit']}，按时序进度应达{number_text(row['expected'])}{row['unit']}，"
        f"{row['light_label']}{rank}。"
    )


def _target_entry(row: dict, month: int) -> dict:
    return {
        "name": row["name"],
        "target": row["target"],
        "unit": row["unit"],
        "actual": number_text(row["cumulative"]),
        "expected": number_text(row["expected"]),
        "light": row["light"],
        "light_label": row["light_label"],
        "rank": row["rank"],
        "ratio": (
            float(row["cumulative"] / row["expected"])
            if row["cumulative"] is not None and row["expected"]
            else None
        ),
        "sentence": _sentence(row, month),
    }


def _delivery_groups(rows: list[dict]) -> dict[str, list[str]]:
    """Names by how the month's report (or figures) came in: 按时, 逾期, 退回, 缺报."""
    groups: dict[str, list[str]] = {state.value: [] for state in DELIVERY_GROUPS}
    for row in rows:
        state = row["cells"][-1]["state"] if row["cells"] else Delivery.PENDING
        if state in groups:
            groups[state].append(row["name"])
    return groups


def _lagging_tasks(plan: Plan) -> list[dict]:
    tasks = (
        Task.objects.filter(plan=plan, status=TaskStatus.LAGGING, campaign__isnull=False)
        .select_related("campaign")
        .prefetch_related("lead_departments")
        .order_by("campaign__number", "order", "pk")
    )
    return [
        {
            "campaign_id": task.campaign_id,
            "campaign": task.campaign.name,
            "number": task.number,
            "title": task.title,
            "lead_units": "、".join(d.name for d in task.lead_departments.all()),
            "deadline": task.deadline.isoformat() if task.deadline else "",
        }
        for task in tasks
    ]


def bulletin_figures(*, plan: Plan, period: Period, today: date | None = None) -> dict:
    """Every figure of a month's bulletin, JSON-ready, from the dashboard's selectors."""
    scope = dashboard_scope(plan=plan, period=period, today=today)
    month = period.start.month
    rule = light_rule_get()
    headline = target_rows(scope, rule, scopes=(TargetScope.PLAN,))
    goals_by_campaign: dict[int, list[dict]] = defaultdict(list)
    for row in target_rows(scope, rule, scopes=(TargetScope.CAMPAIGN,)):
        goals_by_campaign[row["campaign_id"]].append(row)
    campaigns, figures = campaign_rows(scope)
    reports = {
        report.campaign_id: report
        for report in CampaignReport.objects.filter(
            campaign__in=campaigns,
            period=period,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
        )
    }
    lagging = _lagging_tasks(plan)
    lagging_by_campaign: dict[int, list[dict]] = defaultdict(list)
    for task in lagging:
        lagging_by_campaign[task["campaign_id"]].append(task)
    campaign_entries = []
    for figure in figures:
        goals = goals_by_campaign.get(figure["id"], [])
        report = reports.get(figure["id"])
        campaign_entries.append(
            {
                "id": figure["id"],
                "number": figure["number"],
                "name": figure["name"],
                "report_status": figure["report_status"],
                "progress": report.progress if report else "",
                "practices": report.practices if report else "",
                "problems": report.problems if report else "",
                "next_plans": report.next_plans if report else "",
                "ahead": sum(1 for g in goals if g["light"] == "green"),
                "slightly_behind": sum(1 for g in goals if g["light"] == "yellow"),
                "behind": sum(1 for g in goals if g["light"] == "red"),
                "no_data": sum(1 for g in goals if g["light"] == "grey"),
                "behind_goals": [g["name"] for g in goals if g["light"] in ("yellow", "red")],
                "lagging_tasks": len(lagging_by_campaign.get(figure["id"], [])),
                "overdue": figure["overdue"],
            }
        )
    rankings = []
    for row in headline:
        if len(rankings) == RANKING_TABLES:
            break
        if row["cumulative"] is None:
            continue
        ranked = region_ranking(scope, row)
        rankings.append(
            {
                "target": row["name"],
                "unit": row["unit"],
                "rows": [
                    {
                        "rank": r["rank"],
                        "name": r["name"],
                        "cumulative": number_text(r["cumulative"]),
                        "target": number_text(r["target"]),
                        "change": number_text(r["change"]),
                    }
                    for r in ranked
                ],
            }
        )
    return {
        "period": period.label,
        "month": month,
        "year": period.start.year,
        "as_of": scope.as_of.isoformat(),
        "elapsed": number_text(scope.elapsed * 100),
        "targets": [_target_entry(row, month) for row in headline],
        "campaigns": campaign_entries,
        "reporting": {
            "campaigns": _delivery_groups(report_matrix(scope, campaigns)),
            "regions": _delivery_groups(region_matrix(scope)),
        },
        "rankings": rankings,
        "lagging_tasks": lagging,
    }


def _names(names: list[str]) -> str:
    return "、".join(names) if names else "无"


def bulletin_prose(data: dict) -> dict[str, str]:
    """The draft's prose parts written from the figures, for 总专班 to edit."""
    targets = data["targets"]
    lights = defaultdict(int)
    for row in targets:
        lights[row["light_label"]] += 1
    summary = "，".join(f"{label}{count}项" for label, count in lights.items())
    overview = "\n".join(
        [
            f"截至{data['year']}年{data['month']}月底，时序进度为{data['elapsed']}%。"
            f"{len(targets)}项总体目标中，{summary or '暂无数据'}。",
            *[row["sentence"] for row in targets],
        ]
    )
    parts = []
    for campaign in data["campaigns"]:
        lines = [f"（{campaign['number']}）{campaign['name']}"]
        if campaign["progress"]:
            lines.append(campaign["progress"])
        else:
            lines.append(f"本月月报{campaign['report_status']}，暂无已报送的推进情况。")
        lines.append(
            f"攻坚目标达到或快于时序进度{campaign['ahead']}项，略慢于时序进度"
            f"{campaign['slightly_behind']}项，落后于时序进度{campaign['behind']}项；"
            f"进度滞后任务{campaign['lagging_tasks']}项。"
        )
        if campaign["behind_goals"]:
            lines.append(f"滞后目标：{'、'.join(campaign['behind_goals'])}。")
        parts.append("\n".join(lines))
    campaigns_reporting = data["reporting"]["campaigns"]
    regions_reporting = data["reporting"]["regions"]
    reporting = "\n".join(
        [
            f"专班月报按时报送：{_names(campaigns_reporting['on_time'])}；"
            f"逾期报送：{_names(campaigns_reporting['late'])}；"
            f"被退回：{_names(campaigns_reporting['returned'])}；"
            f"未报送：{_names(campaigns_reporting['missing'])}。",
            f"县市区报表按时报送：{_names(regions_reporting['on_time'])}；"
            f"逾期报送：{_names(regions_reporting['late'])}；"
            f"未报送：{_names(regions_reporting['missing'])}。",
        ]
    )
    requirements = "\n".join(
        f"{campaign['name']}：{campaign['problems']}"
        for campaign in data["campaigns"]
        if campaign["problems"]
    )
    return {
        "overview": overview,
        "campaigns_text": "\n\n".join(parts),
        "reporting_text": reporting,
        "commendation": "",
        "requirements": requirements
        or "各专班要对照年度目标和时序进度，逐项梳理滞后指标和任务，明确措施、压实责任。",
    }


def documents_visible(model: type[IssuedDocument], access: Access) -> QuerySet:
    """Issued bulletins or reviews for everyone with a role; drafts too for 总专班 and administrators."""
    if access.user_id is None or not (access.roles or access.is_admin):
        return model.objects.none()
    documents = model.objects.select_related("period", "plan", "issued_by")
    if access.is_coordinator:
        return documents
    return documents.filter(status=BulletinStatus.ISSUED)


def document_archive(model: type[IssuedDocument], access: Access) -> QuerySet:
    """Issued versions by period, newest first (searched through the archive's filter set)."""
    documents = documents_visible(model, access).filter(status=BulletinStatus.ISSUED)
    return documents.order_by("-period__start", "-version")


def bulletin_latest_issued(plan: Plan | None) -> Bulletin | None:
    """The latest issued version of the latest issued month."""
    bulletins = Bulletin.objects.filter(status=BulletinStatus.ISSUED).select_related("period")
    if plan is not None:
        bulletins = bulletins.filter(plan=plan)
    return bulletins.order_by("-period__start", "-version").first()


def document_versions(document: IssuedDocument) -> QuerySet:
    """Every version of the same period's bulletin or review, newest first."""
    return (
        type(document)
        .objects.filter(plan=document.plan_id, period=document.period_id)
        .order_by("-version")
    )


def bulletin_next_number(plan: Plan) -> int:
    """期号 for a new month: one more than the plan's highest so far."""
    last = Bulletin.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    return (last.first() or 0) + 1


def bulletin_commended(bulletin: Bulletin) -> list[dict]:
    """The campaigns 总专班 commended, with their reported practices."""
    chosen = set(bulletin.commended)
    return [
        {"name": c["name"], "practices": c["practices"]}
        for c in bulletin.data.get("campaigns", [])
        if c["id"] in chosen
    ]


# --- the quarterly review (季讲评) -----------------------------------------------------------


def quarter_months(quarter: Period) -> list[Period]:
    """The three months of a quarter."""
    return list(
        Period.objects.filter(
            kind=PeriodKind.MONTH, start__gte=quarter.start, end__lte=quarter.end
        ).order_by("start")
    )


def _light_counts(lights: list[str]) -> dict[str, int]:
    return {
        "goals_reached": sum(1 for light in lights if light == Light.GREEN),
        "goals_behind": sum(1 for light in lights if light in (Light.YELLOW, Light.RED)),
        "goals_no_data": sum(1 for light in lights if light == Light.GREY),
    }


def _campaign_goals(scopes: list[DashboardScope], rule) -> list[dict[int, list[str]]]:
    """Per month, each campaign's goal lights (the dashboard's rule at that month's end)."""
    months = []
    for scope in scopes:
        lights: dict[int, list[str]] = defaultdict(list)
        for row in target_rows(scope, rule, scopes=(TargetScope.CAMPAIGN,)):
            lights[row["campaign_id"]].append(row["light"])
        months.append(lights)
    return months


def _campaign_tasks(plan: Plan, months: list[Period], today: date) -> dict[int, list[dict]]:
    """Per campaign, per month: tasks on track, lagging, unreported and overdue (progress's flags)."""
    entries = TaskProgress.objects.filter(period__in=months).prefetch_related("values")
    tasks = (
        task_with_units()
        .filter(plan=plan, campaign__isnull=False)
        .prefetch_related(Prefetch("progress", queryset=entries, to_attr="quarter_entries"))
    )
    counts: dict[int, list[dict]] = defaultdict(
        lambda: [dict.fromkeys(TASK_COUNTS, 0) for _ in months]
    )
    for task in tasks:
        for index, month in enumerate(months):
            consolidated = consolidated_entry(
                task, [e for e in task.quarter_entries if e.period_id == month.pk]
            )
            flags = task_flags(task=task, period=month, consolidated=consolidated, today=today)
            cell = counts[task.campaign_id][index]
            cell["tasks_total"] += 1
            cell["overdue"] += flags.overdue
            if flags.lagging:
                cell["tasks_lagging"] += 1
            elif consolidated is None and task.status not in FINISHED:
                cell["tasks_unreported"] += 1
            else:
                cell["tasks_on_track"] += 1
    return counts


def _campaign_returns(campaigns: list[Campaign], months: list[Period]) -> dict[tuple, int]:
    """How often each campaign's report of each month was returned for revision."""
    return {
        (row["report__campaign_id"], row["report__period_id"]): row["n"]
        for row in ReportEvent.objects.filter(
            report__campaign__in=campaigns, report__period__in=months, action=ReportAction.RETURN
        )
        .values("report__campaign_id", "report__period_id")
        .annotate(n=Count("id"))
    }


def _commendations(plan: Plan, months: list[Period]) -> dict[int, list[dict]]:
    """Practices commended in the quarter's issued bulletins (the latest issued version of each month)."""
    latest: dict[int, Bulletin] = {}
    for bulletin in (
        Bulletin.objects.filter(plan=plan, period__in=months, status=BulletinStatus.ISSUED)
        .select_related("period")
        .order_by("period__start", "-version")
    ):
        latest.setdefault(bulletin.period_id, bulletin)
    commended: dict[int, list[dict]] = defaultdict(list)
    for bulletin in latest.values():
        for campaign in bulletin.data.get("campaigns", []):
            if campaign["id"] in bulletin.commended:
                commended[campaign["id"]].append(
                    {"month": bulletin.period.label, "practices": campaign["practices"]}
                )
    return commended


def _region_goals(plan: Plan, scopes: list[DashboardScope], rule) -> dict[int, list[list[str]]]:
    """Per region, per month: the lights of its shares of the targets (目标分解), judged by the
    dashboard's rule on the region's latest cumulative figure up to that month."""
    year_months = scopes[-1].months_shown
    figures: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
    for target_id, region_id, period_id, cumulative in IndicatorValue.objects.filter(
        target__plan=plan, region__isnull=False, period__in=year_months, cumulative__isnull=False
    ).values_list("target_id", "region_id", "period_id", "cumulative"):
        figures[(target_id, region_id)][period_id] = cumulative
    lights: dict[int, list[list[str]]] = defaultdict(lambda: [[] for _ in scopes])
    for share in RegionalTarget.objects.filter(target__plan=plan).select_related("target"):
        series = figures.get((share.target_id, share.region_id), {})
        for index, scope in enumerate(scopes):
            reported = [m for m in scope.months_shown if m.pk in series]
            judgement = target_judge(
                kind=share.target.kind,
                qualifier=share.qualifier or share.target.qualifier,
                target_value=share.value,
                actual=series[reported[-1].pk] if reported else None,
                elapsed=scope.elapsed,
                rule=rule,
            )
            lights[share.region_id][index].append(judgement.light)
    return lights


def _region_tasks(plan: Plan, months: list[Period]) -> dict[int, list[dict]]:
    """Per region, per month: its tasks on track, lagging (self-reported, or percent behind
    时序进度 by more than progress's tolerance) and unreported, from its workbooks."""
    involved: dict[int, set[int]] = defaultdict(set)
    for region_id, task_id in Task.regions.through.objects.filter(task__plan=plan).values_list(
        "region_id", "task_id"
    ):
        involved[region_id].add(task_id)
    reported: dict[tuple, tuple[str, int]] = {
        (row[0], row[1], row[2]): (row[3], row[4])
        for row in RegionTaskProgress.objects.filter(
            task__plan=plan, period__in=months
        ).values_list("region_id", "task_id", "period_id", "status", "percent")
    }
    counts: dict[int, list[dict]] = {}
    for region_id, task_ids in involved.items():
        cells = []
        for month in months:
            threshold = time_share(month.end) - LAGGING_TOLERANCE
            cell = dict.fromkeys(TASK_COUNTS, 0) | {"tasks_total": len(task_ids)}
            for task_id in task_ids:
                entry = reported.get((region_id, task_id, month.pk))
                if entry is None:
                    cell["tasks_unreported"] += 1
                elif entry[0] not in FINISHED and (
                    entry[0] == TaskStatus.LAGGING or entry[1] < threshold
                ):
                    cell["tasks_lagging"] += 1
                else:
                    cell["tasks_on_track"] += 1
            cells.append(cell)
        counts[region_id] = cells
    return counts


def _region_returns(months: list[Period]) -> dict[tuple, int]:
    """Workbooks refused by the checks, per region and month."""
    return {
        (row["region_id"], row["period_id"]): row["n"]
        for row in WorkbookSubmission.objects.filter(
            period__in=months, status=SubmissionStatus.REJECTED
        )
        .values("region_id", "period_id")
        .annotate(n=Count("id"))
    }


def _month_cell(delivery: str, returns: int, lights: list[str], tasks: dict) -> dict:
    return {
        "delivery": delivery,
        "delivery_label": Delivery(delivery).label,
        "returns": returns,
        **_light_counts(lights),
        **tasks,
    }


def _scored(rows: list[dict], subject: str, rule: ScoreRule) -> list[dict]:
    """Score each row from its months (the quarter's last month for standings) and rank them."""
    for row in rows:
        last = row["months"][-1]
        row["score"] = rule.score(
            Standing(
                deliveries=tuple(cell["delivery"] for cell in row["months"]),
                returns=row["returns"],
                goals_reached=last["goals_reached"],
                goals_total=row["goals_total"],
                tasks_on_track=last["tasks_on_track"],
                tasks_total=last["tasks_total"],
                overdue=last["overdue"],
                commendations=len(row.get("commended", [])),
            ),
            subject=subject,
        )
    ordered = sorted(rows, key=lambda row: -Decimal(row["score"]["total"]))
    for index, row in enumerate(ordered):
        before = ordered[index - 1] if index else None
        same = before is not None and before["score"]["total"] == row["score"]["total"]
        row["rank"] = before["rank"] if same else index + 1
    return ordered


def review_figures(
    *, plan: Plan, period: Period, today: date | None = None, rule: ScoreRule = SCORE_RULE
) -> dict:
    """Every figure of a quarter's review, JSON-ready: the three months per campaign and region,
    the scores by `rule` and the rule itself (frozen with the figures)."""
    today = today or timezone.localdate()
    months = quarter_months(period)
    scopes = [dashboard_scope(plan=plan, period=month, today=today) for month in months]
    as_of = scopes[-1].as_of
    light_rule = light_rule_get()
    campaigns = list(Campaign.objects.filter(plan=plan).order_by("number"))
    deliveries = {
        row["campaign_id"]: [cell["state"] for cell in row["cells"][-len(months) :]]
        for row in report_matrix(scopes[-1], campaigns)
    }
    goals = _campaign_goals(scopes, light_rule)
    tasks = _campaign_tasks(plan, months, as_of)
    returns = _campaign_returns(campaigns, months)
    commended = _commendations(plan, months)
    campaign_rows_ = []
    for campaign in campaigns:
        cells = [
            _month_cell(
                deliveries[campaign.pk][index],
                returns.get((campaign.pk, month.pk), 0),
                goals[index].get(campaign.pk, []),
                tasks[campaign.pk][index],
            )
            for index, month in enumerate(months)
        ]
        campaign_rows_.append(
            {
                "id": campaign.pk,
                "number": campaign.number,
                "name": campaign.name,
                "months": cells,
                "returns": sum(cell["returns"] for cell in cells),
                "goals_total": len(goals[-1].get(campaign.pk, [])),
                "commended": commended.get(campaign.pk, []),
            }
        )
    entries = {
        (entry.region_id, entry.period_id): entry
        for entry in RegionPeriod.objects.filter(period__in=months)
    }
    region_goals = _region_goals(plan, scopes, light_rule)
    region_tasks = _region_tasks(plan, months)
    region_returns = _region_returns(months)
    no_tasks = [dict.fromkeys(TASK_COUNTS, 0) for _ in months]
    region_rows = []
    for order, region in enumerate(Region.objects.order_by("order", "code")):
        cells = [
            _month_cell(
                region_delivery(entries.get((region.pk, month.pk)), month, as_of),
                region_returns.get((region.pk, month.pk), 0),
                region_goals[region.pk][index] if region.pk in region_goals else [],
                region_tasks.get(region.pk, no_tasks)[index],
            )
            for index, month in enumerate(months)
        ]
        region_rows.append(
            {
                "id": region.pk,
                "order": order,
                "name": region.name,
                "months": cells,
                "returns": sum(cell["returns"] for cell in cells),
                "goals_total": len(region_goals[region.pk][-1]) if region.pk in region_goals else 0,
            }
        )
    return {
        "quarter": period.label,
        "year": period.start.year,
        "months": [f"{month.start.month}月" for month in months],
        "as_of": as_of.isoformat(),
        "elapsed": number_text(scopes[-1].elapsed * 100),
        "rule": rule.table(),
        "columns": {subject: rule.columns(subject) for subject in (CAMPAIGN, REGION)},
        "campaigns": _scored(campaign_rows_, CAMPAIGN, rule),
        "regions": _scored(region_rows, REGION, rule),
    }


def _ranked_names(rows: list[dict]) -> str:
    return "、".join(f"{row['name']}（{row['score']['total']}分）" for row in rows) or "无"


def review_prose(data: dict) -> dict[str, str]:
    """The review's remarks and next-quarter requirements written from the figures, for 总专班 to edit."""
    campaigns, regions = data["campaigns"], data["regions"]
    opinion = [
        f"按评分办法，本季度{len(campaigns)}个专班中，得分前三位的是{_ranked_names(campaigns[:3])}；"
        f"得分较低的是{_ranked_names(campaigns[-2:] if len(campaigns) > 3 else [])}。",
    ]
    if regions:
        opinion.append(
            f"{len(regions)}个县市区中，得分前三位的是{_ranked_names(regions[:3])}；"
            f"得分较低的是{_ranked_names(regions[-3:] if len(regions) > 3 else [])}。"
        )
    missing = [
        row["name"]
        for row in campaigns
        if any(cell["delivery"] == Delivery.MISSING for cell in row["months"])
    ]
    returned = [row["name"] for row in campaigns if row["returns"]]
    overdue = [row["name"] for row in campaigns if row["months"][-1]["overdue"]]
    opinion.append(
        f"本季度有缺报月报的专班：{_names(missing)}；月报被退回过的专班：{_names(returned)}；"
        f"季末仍有逾期任务的专班：{_names(overdue)}。"
    )
    requirements = [
        "各专班要对照年度目标和时序进度，逐项梳理滞后目标和任务，明确措施、压实责任，"
        "确保每月25日前按时报送月报。"
    ]
    if overdue:
        requirements.append(f"{'、'.join(overdue)}要限期办结逾期任务，并在下季度首月月报中说明。")
    return {"opinion": "\n".join(opinion), "requirements": "\n".join(requirements)}
