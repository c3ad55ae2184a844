import django_filters
from django.db.models import Case, F, IntegerField, Q, Value, When

from campaigns.models import Campaign, Department, Plan, Region
from core.filters import ObjectIdFilter

from .choices import ListKind, TargetScope, TaskStatus
from .models import Target, Task
from .selectors import department_tasks_condition, overdue_condition

TASK_ORDERINGS = {
    "number": ["order", "number", "pk"],
    "-number": ["-order", "-number", "-pk"],
    "deadline": [F("deadline").asc(nulls_last=True), "order", "pk"],
    "-deadline": [F("deadline").desc(nulls_last=True), "order", "pk"],
    "status": ["status_rank", "order", "pk"],
    "-status": ["-status_rank", "order", "pk"],
}
TASK_ORDERING_CHOICES = [
    ("number", "按编号"),
    ("-number", "按编号倒序"),
    ("deadline", "按完成时限（早到晚）"),
    ("-deadline", "按完成时限（晚到早）"),
    ("status", "按状态（未启动在前）"),
    ("-status", "按状态（已办结在前）"),
]


class TaskFilterSet(django_filters.FilterSet):
    """Task filters and sort orders shared by the list pages, the exports and the API."""

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
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label="状态")
    overdue = django_filters.BooleanFilter(method="by_overdue", label="已逾期")
    deadline = django_filters.DateFromToRangeFilter(label="完成时限")
    q = django_filters.CharFilter(method="search", label="搜索")
    ordering = django_filters.ChoiceFilter(
        choices=TASK_ORDERING_CHOICES, method="order", label="排序", empty_label="默认顺序"
    )

    class Meta:
        model = Task
        fields = ["plan", "campaign", "list_kind", "status"]

    def by_department(self, queryset, name, value):
        # Subqueries, not a join with DISTINCT, so any sort order still applies.
        return queryset.filter(department_tasks_condition([value.pk]))

    def by_overdue(self, queryset, name, value):
        return (
            queryset.filter(overdue_condition()) if value else queryset.exclude(overdue_condition())
        )

    def order(self, queryset, name, value):
        ranks = [When(status=status, then=Value(rank)) for rank, status in enumerate(TaskStatus)]
        return queryset.annotate(
            status_rank=Case(*ranks, default=Value(0), output_field=IntegerField())
        ).order_by(*TASK_ORDERINGS[value])

    def by_region(self, queryset, name, value):
        matching = Task.objects.filter(targets__regional_targets__region=value)
        return queryset.filter(pk__in=matching.values("pk"))

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
