"""One filter set per archive, serving the archive page and the API list alike."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from .models import Bulletin, QuarterlyReview


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DocumentFilterSet(django_filters.FilterSet):
    """Bulletins or reviews by words in their title and prose, and by year."""

    q = django_filters.CharFilter(label="关键词", method="search", max_length=50)
    year = YearFilter(
        label="年度", field_name="period__start__year", min_value=2000, max_value=2100
    )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = Q()
        for field in ("title", *queryset.model.PROSE_FIELDS):
            words |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(words)


class BulletinFilterSet(DocumentFilterSet):
    class Meta:
        model = Bulletin
        fields = ["q", "year"]


class ReviewFilterSet(DocumentFilterSet):
    class Meta:
        model = QuarterlyReview
        fields = ["q", "year"]
