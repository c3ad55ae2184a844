import django_filters
from django.db.models import Q
from django.utils import timezone

from campaigns.models import Campaign, Department

from .choices import OPEN_STATUSES, FollowUpStatus, NoticeLevel, NoticeStatus
from .models import DispatchSheet, FollowUp, Notice


class NoticeFilterSet(django_filters.FilterSet):
    """Notice filters shared by the notices page, its export and the API."""

    q = django_filters.CharFilter(method="search", label="关键词")
    status = django_filters.ChoiceFilter(
        choices=NoticeStatus.choices, label="状态", empty_label="全部状态"
    )
    level = django_filters.ChoiceFilter(
        choices=NoticeLevel.choices, label="督办等级", empty_label="全部等级"
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label="攻坚", empty_label="全部攻坚"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label="责任单位", empty_label="全部单位"
    )
    open = django_filters.BooleanFilter(method="only_open", label="未办结")
    overdue = django_filters.BooleanFilter(method="only_overdue", label="已逾期")

    class Meta:
        model = Notice
        fields = ["q", "status", "level", "campaign", "department", "open", "overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value))

    def only_open(self, queryset, name, value):
        method = queryset.filter if value else queryset.exclude
        return method(status__in=OPEN_STATUSES)

    def only_overdue(self, queryset, name, value):
        overdue = Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class SheetFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="period__start__year", label="年度")

    class Meta:
        model = DispatchSheet
        fields = ["year"]


class FollowUpFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=FollowUpStatus.choices, label="状态", empty_label="全部状态"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label="责任单位", empty_label="全部单位"
    )

    class Meta:
        model = FollowUp
        fields = ["sheet", "status", "department"]
