import django_filters
from django.utils import timezone

from campaigns.models import Campaign

from . import selectors
from .choices import ReportStatus
from .models import CampaignReport, Period


class PeriodFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="start__year", label="年度")
    date = django_filters.DateFilter(method="containing", label="包含日期")

    class Meta:
        model = Period
        fields = ["kind"]

    def containing(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)


class ReportFilterSet(django_filters.FilterSet):
    """Monthly report filters shared by the report list page and the API."""

    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label="攻坚", empty_label="全部攻坚"
    )
    period = django_filters.ModelChoiceFilter(
        queryset=selectors.month_periods(), label="月份", empty_label="全部月份"
    )
    year = django_filters.NumberFilter(field_name="period__start__year", label="年度")
    status = django_filters.ChoiceFilter(
        choices=ReportStatus.choices, label="状态", empty_label="全部状态"
    )

    class Meta:
        model = CampaignReport
        fields = ["campaign", "period", "year", "status"]


class ReviewFilterSet(django_filters.FilterSet):
    """总专班's review queue: every campaign for one month, filtered by its report's status."""

    period = django_filters.ModelChoiceFilter(
        queryset=selectors.month_periods(), required=True, method="for_month", label="月份"
    )
    status = django_filters.ChoiceFilter(
        choices=selectors.QUEUE_STATUS_CHOICES,
        method="by_status",
        label="状态",
        empty_label="全部状态",
    )

    class Meta:
        model = Campaign
        fields = ["period", "status"]

    @classmethod
    def for_current_month(cls, data, *, queryset) -> "ReviewFilterSet":
        """The filters with the month defaulting to the current one."""
        data = data.copy()
        if not data.get("period"):
            current = selectors.month_period_for(timezone.localdate())
            data["period"] = current.pk if current else ""
        return cls(data, queryset=queryset)

    def for_month(self, queryset, name, value):
        return selectors.review_queue(period=value, campaigns=queryset)

    def by_status(self, queryset, name, value):
        return queryset.filter(report_status=value)
