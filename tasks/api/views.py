from rest_framework import viewsets

from .. import selectors
from ..filtersets import TargetFilterSet, TaskFilterSet
from .serializers import TargetSerializer, TaskSerializer


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Plan tasks with lead and co-responsible departments."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    ordering_fields = ["order", "deadline", "number"]

    def get_queryset(self):
        return selectors.task_list()


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """Quantitative targets at plan, campaign and task level."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    ordering_fields = ["order", "name"]

    def get_queryset(self):
        return selectors.target_list()
