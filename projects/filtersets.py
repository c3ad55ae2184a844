import django_filters
from django.db.models import Q

from campaigns.models import Campaign, Department, Region

from .choices import ProjectCategory
from .models import Project, ProjectUpdate
from .selectors import fortnights


class ProjectFilterSet(django_filters.FilterSet):
    """Project filters shared by the register page, its export, the summary and the API."""

    q = django_filters.CharFilter(method="search", label="关键词")
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label="攻坚", empty_label="全部攻坚"
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), label="县市区", empty_label="全部县市区"
    )
    category = django_filters.ChoiceFilter(
        choices=ProjectCategory.choices, label="项目类别", empty_label="全部类别"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label="责任单位", empty_label="全部单位"
    )

    class Meta:
        model = Project
        fields = ["q", "campaign", "region", "category", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class ProjectUpdateFilterSet(django_filters.FilterSet):
    """Update filters for the API and the update export."""

    project = django_filters.NumberFilter(field_name="project_id", label="项目")
    period = django_filters.ModelChoiceFilter(
        queryset=fortnights(), label="双周", empty_label="全部双周"
    )

    class Meta:
        model = ProjectUpdate
        fields = ["project", "period"]
