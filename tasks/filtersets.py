import django_filters
from django.db.models import Q

from campaigns.models import Campaign, Department, Plan, Region
from core.filters import ObjectIdFilter

from .choices import ListKind, TargetScope
from .models import Target, Task


class TaskFilterSet(django_filters.FilterSet):
    """Task filters shared by the pages and the API."""

    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), label="方案")
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), label="攻坚")
    department = ObjectIdFilter(
        queryset=Department.objects.all(), method="by_department", label="牵头或责任单位"
    )
    lead_department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), field_name="lead_departments", label="牵头单位"
    )
    co_department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), field_name="co_departments", label="责任单位"
    )
    region = ObjectIdFilter(queryset=Region.objects.all(), method="by_region", label="县市区")
    list_kind = django_filters.ChoiceFilter(choices=ListKind.choices, label="清单")
    deadline = django_filters.DateFromToRangeFilter(label="完成时限")
    q = django_filters.CharFilter(method="search", label="搜索")

    class Meta:
        model = Task
        fields = ["plan", "campaign", "list_kind"]

    def by_department(self, queryset, name, value):
        return queryset.filter(Q(lead_departments=value) | Q(co_departments=value)).distinct()

    def by_region(self, queryset, name, value):
        return queryset.filter(targets__regional_targets__region=value).distinct()

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(text__icontains=value) | Q(number=value)
        )


class TargetFilterSet(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), label="方案")
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all(), label="攻坚")
    task = django_filters.ModelChoiceFilter(queryset=Task.objects.all(), label="任务")
    scope = django_filters.ChoiceFilter(choices=TargetScope.choices, label="层级")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), field_name="regional_targets__region", label="县市区"
    )
    q = django_filters.CharFilter(method="search", label="搜索")

    class Meta:
        model = Target
        fields = ["plan", "campaign", "task", "scope", "kind", "qualifier"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(source_text__icontains=value))
