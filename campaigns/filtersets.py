import django_filters
from django.db.models import Q

from core.filters import ObjectIdFilter

from .models import Campaign, Department, Plan, Region


class PlanFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度")
    q = django_filters.CharFilter(method="search", label="搜索")

    class Meta:
        model = Plan
        fields = ["year", "document_number"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(document_number__icontains=value))


class CampaignFilterSet(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), label="方案")
    department = ObjectIdFilter(
        queryset=Department.objects.all(), method="by_department", label="牵头或成员单位"
    )
    q = django_filters.CharFilter(method="search", label="搜索")

    class Meta:
        model = Campaign
        fields = ["plan", "number"]

    def by_department(self, queryset, name, value):
        return queryset.filter(
            Q(lead_departments=value) | Q(member_departments=value) | Q(office_department=value)
        ).distinct()

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(goals__icontains=value))


class DepartmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="搜索")

    class Meta:
        model = Department
        fields = ["kind"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(aliases__alias__icontains=value)
        ).distinct()


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="搜索")

    class Meta:
        model = Region
        fields = ["kind"]
