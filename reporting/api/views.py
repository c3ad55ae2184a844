from rest_framework import viewsets

from .. import selectors
from ..filtersets import PeriodFilterSet
from .serializers import PeriodSerializer


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """Reporting periods: 旬, 双周, 月, 季度."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilterSet
    ordering_fields = ["start"]

    def get_queryset(self):
        return selectors.period_list()
