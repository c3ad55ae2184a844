"""Who may see and change what: one Access per request, applied in every queryset."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .choices import Role
from .models import Membership


@dataclass(frozen=True)
class Access:
    """A user's reach, computed once from their memberships."""

    user_id: int | None
    is_admin: bool = False
    is_office: bool = False
    is_leader: bool = False
    campaign_ids: frozenset[int] = field(default_factory=frozenset)
    liaison_campaign_ids: frozenset[int] = field(default_factory=frozenset)
    department_ids: frozenset[int] = field(default_factory=frozenset)
    region_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def sees_everything(self) -> bool:
        """Administrators, 总专班 and leaders read everything."""
        return self.is_admin or self.is_office or self.is_leader

    @property
    def is_read_only(self) -> bool:
        """Leaders (and users with no binding) change nothing."""
        return not (
            self.is_admin
            or self.is_office
            or self.campaign_ids
            or self.department_ids
            or self.region_ids
        )

    @property
    def reviews_reports(self) -> bool:
        """总专班 (and administrators) return, accept and reopen reports."""
        return self.is_admin or self.is_office

    @property
    def is_coordinator(self) -> bool:
        """总专班 or administrator: imports plans and runs platform-wide work."""
        return self.is_admin or self.is_office

    def edits_campaign(self, campaign_id: int | None) -> bool:
        return campaign_id is not None and (
            self.is_admin or self.is_office or campaign_id in self.campaign_ids
        )

    def edits_for_department(self, department_id: int | None) -> bool:
        return department_id is not None and department_id in self.department_ids


def access_for(user) -> Access:
    """The Access of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return Access(user_id=None)
    cached = getattr(user, "_access", None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user))
    roles = {m.role for m in memberships}
    access = Access(
        user_id=user.pk,
        is_admin=user.is_superuser or Role.ADMIN in roles,
        is_office=Role.OFFICE in roles,
        is_leader=Role.LEADER in roles,
        campaign_ids=frozenset(m.campaign_id for m in memberships if m.role == Role.CAMPAIGN),
        liaison_campaign_ids=frozenset(m.campaign_id for m in memberships if m.is_liaison),
        department_ids=frozenset(m.department_id for m in memberships if m.role == Role.DEPARTMENT),
        region_ids=frozenset(m.region_id for m in memberships if m.role == Role.REGION),
        roles=frozenset(roles),
    )
    user._access = access
    return access


def _tasks_in_reach(access: Access) -> Q:
    """Tasks a user works on, as independent semi-joins (never one join across every relation)."""
    from tasks.models import RegionalTarget, Task
    from tasks.selectors import department_tasks_condition

    reach = Q(pk__in=[])
    if access.campaign_ids:
        reach |= Q(campaign_id__in=access.campaign_ids)
    if access.department_ids:
        reach |= department_tasks_condition(access.department_ids)
    if access.region_ids:
        shares = RegionalTarget.objects.filter(
            region_id__in=access.region_ids, target__task__isnull=False
        )
        reach |= Q(pk__in=shares.values("target__task_id"))
        involved = Task.regions.through.objects.filter(region_id__in=access.region_ids)
        reach |= Q(pk__in=involved.values("task_id"))
    return reach


def scope_tasks(queryset: QuerySet, access: Access, prefix: str = "") -> QuerySet:
    """Limit a queryset of tasks (or of rows reaching a task through `prefix`) to a user's reach."""
    if access.sees_everything:
        return queryset
    from tasks.models import Task

    in_reach = Task.objects.filter(_tasks_in_reach(access)).values("pk")
    return queryset.filter(**{f"{prefix}pk__in" if not prefix else f"{prefix}in": in_reach})


def scope_campaigns(queryset: QuerySet, access: Access) -> QuerySet:
    """Campaigns a user works on: their task forces', or those holding their department's tasks."""
    if access.sees_everything:
        return queryset
    from tasks.models import Task

    task_campaigns = scope_tasks(Task.objects.all(), access).values("campaign_id")
    return queryset.filter(Q(pk__in=access.campaign_ids) | Q(pk__in=task_campaigns))


def user_list(*, q: str = "", role: str = "") -> QuerySet:
    """Users with their role bindings, for the administrators' page."""
    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    users = get_user_model().objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("campaign", "department", "region"),
        )
    )
    if q:
        users = users.filter(Q(username__icontains=q) | Q(first_name__icontains=q))
    if role:
        users = users.filter(memberships__role=role).distinct()
    return users.order_by("username")


def role_labels(user) -> list[str]:
    """Short Chinese labels of a user's bindings, for the header."""
    labels = [
        str(m)
        for m in Membership.objects.filter(user=user).select_related(
            "campaign", "department", "region"
        )
    ]
    if user.is_superuser and not labels:
        labels.append(Role.ADMIN.label)
    return labels
