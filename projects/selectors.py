"""Reads for major projects: scoping, the register, fortnightly updates and the rate summaries.

Rate definitions (also shown on the summary page):

- 开工率 = 截至所选双周已开工的项目数 ÷ 项目总数；项目以其截至该期最近一次填报为准，未填报的按未开工计。
- 资金支付率 = 累计支付资金 ÷ 到位中央和省级资金；只计有到位资金的项目。
- 实物完成率 = 各项目实物完成率按计划总投资加权的平均值。
- 投资完成率 = 年度累计完成投资 ÷ 年度计划投资。
- 时序进度 = 所选双周截止日在全年中已过天数 ÷ 全年天数；投资完成率减时序进度为超（正）或欠（负）时序进度。
"""

from calendar import isleap
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery

from accounts.selectors import Access
from reporting.choices import PeriodKind
from reporting.models import Period

from .choices import ProjectCategory
from .models import Project, ProjectUpdate

ZERO = Decimal("0")
HUNDRED = Decimal("100")
RATE_DEFINITIONS = [line[2:] for line in __doc__.splitlines() if line.startswith("- ")]
GROUPINGS = {
    "region": "按县市区",
    "campaign": "按攻坚",
    "category": "按项目类别",
}


def projects_visible(access: Access) -> QuerySet:
    """Projects a user may see: all for 总专班/admin/leaders, else their department's, region's or campaign's."""
    projects = Project.objects.select_related("campaign", "region", "department")
    if access.sees_everything:
        return projects
    return projects.filter(
        Q(department_id__in=access.department_ids)
        | Q(region_id__in=access.region_ids)
        | Q(campaign_id__in=access.campaign_ids)
    )


def updates_visible(access: Access) -> QuerySet:
    """Fortnightly updates of the projects a user may see."""
    return ProjectUpdate.objects.select_related(
        "project", "project__campaign", "project__region", "period", "filed_by"
    ).filter(project__in=projects_visible(access).values("pk"))


def project_updates(project: Project) -> QuerySet:
    """A project's updates, newest fortnight first."""
    return project.updates.select_related("period", "filed_by").order_by("-period__start")


def fortnights(year: int | None = None) -> QuerySet:
    """The fortnightly dispatch periods, of one year when given."""
    periods = Period.objects.filter(kind=PeriodKind.FORTNIGHT).order_by("start")
    return periods.filter(start__year=year) if year else periods


def fortnight_for(day: date) -> Period | None:
    """The fortnight containing `day`, if that year's periods exist."""
    return fortnights().filter(start__lte=day, end__gte=day).first()


def time_share(day: date) -> Decimal:
    """时序进度 at `day`: days elapsed (inclusive) ÷ days in the year."""
    days = 366 if isleap(day.year) else 365
    return Decimal(day.timetuple().tm_yday) / Decimal(days)


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001")) if whole else None


@dataclass
class Totals:
    """The sums behind the rates of one group of projects."""

    label: str
    projects: int = 0
    reported: int = 0
    started: int = 0
    total_investment: Decimal = ZERO
    annual_investment: Decimal = ZERO
    cumulative_investment: Decimal = ZERO
    funds_received: Decimal = ZERO
    funds_paid: Decimal = ZERO
    weighted_physical: Decimal = ZERO
    problems: int = 0
    time_share: Decimal = ZERO

    def add(self, project: dict, update: dict | None) -> None:
        self.projects += 1
        self.total_investment += project["total_investment"]
        self.annual_investment += project["annual_investment"]
        received = project["central_funds"] + project["provincial_funds"]
        self.funds_received += received
        if update is None:
            return
        self.reported += 1
        self.started += update["started"]
        self.cumulative_investment += update["cumulative_investment"]
        if received:
            self.funds_paid += update["funds_paid"]
        self.weighted_physical += project["total_investment"] * update["physical_percent"] / HUNDRED
        self.problems += bool(update["problems"].strip())

    @property
    def start_rate(self) -> Decimal | None:
        return _ratio(Decimal(self.started), Decimal(self.projects))

    @property
    def payment_rate(self) -> Decimal | None:
        return _ratio(self.funds_paid, self.funds_received)

    @property
    def physical_rate(self) -> Decimal | None:
        return _ratio(self.weighted_physical, self.total_investment)

    @property
    def investment_rate(self) -> Decimal | None:
        return _ratio(self.cumulative_investment, self.annual_investment)

    @property
    def against_time(self) -> Decimal | None:
        rate = self.investment_rate
        return None if rate is None else rate - self.time_share.quantize(Decimal("0.0001"))


@dataclass
class Summary:
    """The rates of all visible projects as of one fortnight, overall and per grouping."""

    period: Period | None
    time_share: Decimal
    overall: Totals
    groups: dict[str, list[Totals]] = field(default_factory=dict)


_PROJECT_FIELDS = (
    "pk",
    "category",
    "region__name",
    "region__order",
    "campaign__number",
    "campaign__name",
    "total_investment",
    "annual_investment",
    "central_funds",
    "provincial_funds",
)
_UPDATE_FIELDS = (
    "project_id",
    "started",
    "cumulative_investment",
    "funds_paid",
    "physical_percent",
    "problems",
)


def newest_updates(updates: QuerySet[ProjectUpdate], period: Period) -> QuerySet[ProjectUpdate]:
    """Of `updates`, each project's most recent one of the same year up to `period`.

    A correlated subquery rather than DISTINCT ON, so it runs on SQLite (`make run`) as well.
    """
    in_reach = Q(period__start__lte=period.start, period__start__year=period.start.year)
    newest = (
        ProjectUpdate.objects.filter(in_reach, project=OuterRef("project"))
        .order_by("-period__start")
        .values("pk")[:1]
    )
    return updates.filter(in_reach, pk=Subquery(newest))


def latest_updates(project_ids: list[int], period: Period) -> dict[int, dict]:
    """Each project's most recent update of the same year up to `period` (one query)."""
    updates = ProjectUpdate.objects.filter(project_id__in=project_ids)
    rows = newest_updates(updates, period).values(*_UPDATE_FIELDS)
    return {row["project_id"]: row for row in rows}


def _group_label(project: dict, grouping: str) -> tuple:
    if grouping == "region":
        return (project["region__order"], project["region__name"]), project["region__name"]
    if grouping == "campaign":
        number = project["campaign__number"]
        return (number,), f"{number}. {project['campaign__name']}"
    label = ProjectCategory(project["category"]).label
    return (list(ProjectCategory).index(project["category"]),), label


def project_summary(projects: QuerySet, period: Period | None) -> Summary:
    """开工率, 资金支付率, 实物完成率 and investment against plan and 时序进度 (two queries)."""
    share = time_share(period.end) if period else ZERO
    overall = Totals(label="合计", time_share=share)
    summary = Summary(period=period, time_share=share, overall=overall)
    if period is None:
        return summary
    rows = list(projects.order_by().values(*_PROJECT_FIELDS))
    latest = latest_updates([project["pk"] for project in rows], period) if rows else {}
    buckets: dict[str, dict[tuple, Totals]] = {grouping: {} for grouping in GROUPINGS}
    for project in rows:
        update = latest.get(project["pk"])
        overall.add(project, update)
        for grouping, groups in buckets.items():
            key, label = _group_label(project, grouping)
            groups.setdefault(key, Totals(label=label, time_share=share)).add(project, update)
    summary.groups = {
        grouping: [groups[key] for key in sorted(groups)] for grouping, groups in buckets.items()
    }
    return summary
