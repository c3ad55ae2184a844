"""Reads for bulletins: the month's figures (from the dashboard's selectors), visibility, archive."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from accounts.selectors import Access
from campaigns.models import Plan
from dashboard.choices import Delivery
from dashboard.selectors import (
    campaign_rows,
    dashboard_scope,
    light_rule_get,
    region_matrix,
    region_ranking,
    report_matrix,
    target_rows,
)
from reporting.choices import ReportStatus
from reporting.models import CampaignReport, Period
from tasks.choices import TargetScope, TaskStatus
from tasks.models import Task

from .choices import BulletinStatus
from .models import Bulletin

CENT = Decimal("0.01")
RANKING_TABLES = 3  # region ranking tables attached: the first headline indicators
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


def bulletins_visible(access: Access) -> QuerySet[Bulletin]:
    """Issued bulletins for everyone with a role; drafts too for 总专班 and administrators."""
    if access.user_id is None or not (access.roles or access.is_admin):
        return Bulletin.objects.none()
    bulletins = Bulletin.objects.select_related("period", "plan", "issued_by")
    if access.is_coordinator:
        return bulletins
    return bulletins.filter(status=BulletinStatus.ISSUED)


def bulletin_archive(access: Access, *, query: str = "", year: int | None = None) -> QuerySet:
    """Issued bulletins by month, newest first, optionally searched in their title and text."""
    bulletins = bulletins_visible(access).filter(status=BulletinStatus.ISSUED)
    if year:
        bulletins = bulletins.filter(period__start__year=year)
    if query:
        bulletins = bulletins.filter(
            Q(title__icontains=query)
            | Q(overview__icontains=query)
            | Q(campaigns_text__icontains=query)
            | Q(reporting_text__icontains=query)
            | Q(commendation__icontains=query)
            | Q(requirements__icontains=query)
        )
    return bulletins.order_by("-period__start", "-version")


def bulletin_latest_issued(plan: Plan | None) -> Bulletin | None:
    """The latest issued version of the latest issued month."""
    bulletins = Bulletin.objects.filter(status=BulletinStatus.ISSUED).select_related("period")
    if plan is not None:
        bulletins = bulletins.filter(plan=plan)
    return bulletins.order_by("-period__start", "-version").first()


def bulletin_versions(bulletin: Bulletin) -> QuerySet[Bulletin]:
    """Every version of the same month's bulletin, newest first."""
    return Bulletin.objects.filter(plan=bulletin.plan_id, period=bulletin.period_id).order_by(
        "-version"
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
