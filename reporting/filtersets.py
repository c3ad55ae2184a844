import django_filters

from .models import Period


class PeriodFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="start__year", label="年度")
    date = django_filters.DateFilter(method="containing", label="包含日期")

    class Meta:
        model = Period
        fields = ["kind"]

    def containing(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)
