from rest_framework import viewsets

from .. import selectors
from ..filtersets import CampaignFilterSet, DepartmentFilterSet, PlanFilterSet, RegionFilterSet
from .serializers import CampaignSerializer, DepartmentSerializer, PlanSerializer, RegionSerializer


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plans (方案)."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    ordering_fields = ["year", "title"]

    def get_queryset(self):
        return selectors.plan_list().order_by("-year", "id")


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Campaigns (攻坚) with their conveners and lead departments."""

    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    ordering_fields = ["number", "name"]

    def get_queryset(self):
        return selectors.campaign_list()


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Departments with their aliases and task counts."""

    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    ordering_fields = ["name", "order"]

    def get_queryset(self):
        return selectors.department_list().order_by("order", "name")


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """County-level units and parks (县市区)."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    ordering_fields = ["order", "name"]

    def get_queryset(self):
        return selectors.region_list()
