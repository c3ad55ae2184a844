"""Builders shared by the monthly-report tests: a light cast of personas on two small campaigns.

The real-plan `personas` fixture takes seconds to load, so only the permission matrices use it;
everything else runs on this cast, which mirrors it (same roles, same names).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from accounts.models import Membership
from campaigns.models import Campaign
from reporting.models import Period
from reporting.services import period_ensure_year
from tests.factories import (
    CampaignFactory,
    DepartmentFactory,
    PlanFactory,
    RegionFactory,
    SectionFactory,
    TaskFactory,
)


@dataclass
class Cast:
    """One user per role and the two campaigns they are bound to."""

    campaign: Campaign
    other_campaign: Campaign
    users: dict

    def __getitem__(self, name: str):
        return self.users[name]


def month(number: int, year: int = 2025) -> Period:
    """The monthly period of a month."""
    return Period.objects.get(kind="month", start=date(year, number, 1))


def _user(username: str, full_name: str, **membership):
    # No password: hashing one costs a third of a second and these users log in with force_login.
    user = get_user_model().objects.create_user(username=username, first_name=full_name)
    if membership:
        Membership.objects.create(user=user, **membership)
    return user


def build_cast(extra_campaigns: int = 0) -> Cast:
    """Periods of 2025, two campaigns (plus `extra_campaigns`), and one user per role."""
    period_ensure_year(year=2025)
    plan = PlanFactory(year=2025)
    first = CampaignFactory(plan=plan, number=1, name="内需扩量提效")
    second = CampaignFactory(plan=plan, number=2, name="产业发展")
    for number in range(3, 3 + extra_campaigns):
        CampaignFactory(plan=plan, number=number, name=f"攻坚{number}")
    users = {
        "admin": _user("admin_user", "管理员", role="admin"),
        "office": _user("office", "总专班张", role="office"),
        "liaison": _user(
            "liaison", "专班联络员李", role="campaign", campaign=first, is_liaison=True
        ),
        "staff": _user("staff1", "专班人员王", role="campaign", campaign=first),
        "other_staff": _user("staff2", "二专班人员赵", role="campaign", campaign=second),
        "dept_user": _user(
            "commerce", "商务局刘", role="department", department=DepartmentFactory(name="市商务局")
        ),
        "county_user": _user(
            "county", "衡阳县陈", role="region", region=RegionFactory(name="衡阳县")
        ),
        "leader": _user("leader", "市领导", role="leader"),
    }
    return Cast(campaign=first, other_campaign=second, users=users)


def campaign_task(campaign: Campaign, title: str, order: int):
    """A task of `campaign` with a given title and position."""
    section = campaign.sections.first() or SectionFactory(campaign=campaign)
    return TaskFactory(section=section, title=title, order=order)
