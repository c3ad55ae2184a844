import django_filters

from accounts.selectors import Access, scope_campaigns
from campaigns.models import Campaign, Department
from core.filters import ObjectIdFilter
from reporting.models import Period
from tasks.choices import TaskStatus
from tasks.models import Task

from .models import TaskProgress
from .selectors import MyTaskRow, my_task_rows, period_default, progress_tasks, reporting_periods

FLAG_CHOICES = [("overdue", "逾期"), ("lagging", "滞后")]
REPORTED_CHOICES = [("true", "已填报"), ("false", "未填报")]


class ProgressFilterSet(django_filters.FilterSet):
    """Progress entries by campaign, task, period, unit and status (page and API)."""

    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), field_name="task__campaign", label="攻坚"
    )
    task = ObjectIdFilter(queryset=Task.objects.all(), field_name="task", label="任务")
    period = django_filters.ModelChoiceFilter(queryset=reporting_periods(), label="周期")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label="填报单位"
    )
    task_force = django_filters.BooleanFilter(
        field_name="department", lookup_expr="isnull", label="专班代为填报"
    )
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态")

    class Meta:
        model = TaskProgress
        fields = ["campaign", "task", "period", "department", "status"]


class MyTaskFilterSet(django_filters.FilterSet):
    """ "我的任务" filters (page and API). The campaign narrows the query; period, status,
    filing state and flag are judged per row by selectors.my_task_rows, so their methods pass the
    queryset through and only validate the value."""

    period = django_filters.ModelChoiceFilter(
        queryset=reporting_periods(), method="judged_per_row", label="周期", empty_label="本月"
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label="攻坚", empty_label="全部攻坚"
    )
    status = django_filters.ChoiceFilter(
        choices=TaskStatus.choices, method="judged_per_row", label="状态", empty_label="全部状态"
    )
    reported = django_filters.ChoiceFilter(
        choices=REPORTED_CHOICES,
        method="judged_per_row",
        label="填报情况",
        empty_label="全部",
    )
    flag = django_filters.ChoiceFilter(
        choices=FLAG_CHOICES, method="judged_per_row", label="预警", empty_label="全部"
    )

    class Meta:
        model = Task
        fields = ["period", "campaign"]

    def __init__(self, data=None, *, access: Access, **kwargs) -> None:
        super().__init__(data, queryset=progress_tasks(access), **kwargs)
        self.access = access
        self.form.fields["campaign"].queryset = scope_campaigns(Campaign.objects.all(), access)

    def judged_per_row(self, queryset, name, value):
        return queryset

    def chosen_period(self) -> Period | None:
        """The chosen period, or the month containing today."""
        self.is_valid()
        return self.form.cleaned_data.get("period") or period_default()

    def rows(self) -> list[MyTaskRow]:
        """The filtered rows for the period (invalid filter values are left out)."""
        period = self.chosen_period()
        if period is None:
            return []
        data = self.form.cleaned_data
        return my_task_rows(
            access=self.access,
            period=period,
            tasks=self.qs,
            status=data.get("status") or "",
            reported={"true": True, "false": False}.get(data.get("reported") or ""),
            flag=data.get("flag") or "",
        )
