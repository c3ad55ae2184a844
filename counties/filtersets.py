import django_filters

from campaigns.models import Campaign, Region
from reporting.selectors import month_periods
from tasks.choices import TargetKind, TargetScope
from tasks.models import RegionalTarget, Target

from .choices import SubmissionStatus
from .models import WorkbookSubmission


class SubmissionFilterSet(django_filters.FilterSet):
    """Uploaded workbooks, for the region page and the API."""

    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), label="县市区", empty_label="全部县市区"
    )
    period = django_filters.ModelChoiceFilter(
        queryset=month_periods(), label="月份", empty_label="全部月份"
    )
    status = django_filters.ChoiceFilter(
        choices=SubmissionStatus.choices, label="状态", empty_label="全部状态"
    )

    class Meta:
        model = WorkbookSubmission
        fields = ["region", "period", "status"]


class BreakdownFilterSet(django_filters.FilterSet):
    """Targets on the breakdown page and in the API."""

    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label="攻坚", empty_label="全部攻坚"
    )
    scope = django_filters.ChoiceFilter(
        choices=TargetScope.choices, label="层级", empty_label="全部层级"
    )
    kind = django_filters.ChoiceFilter(
        choices=TargetKind.choices, label="类型", empty_label="全部类型"
    )

    class Meta:
        model = Target
        fields = ["campaign", "scope", "kind"]


class RegionalTargetFilterSet(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label="县市区")
    target = django_filters.ModelChoiceFilter(queryset=Target.objects.all(), label="指标")

    class Meta:
        model = RegionalTarget
        fields = ["region", "target"]
