from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import access_for, scope_campaigns

from .. import selectors, services
from ..filtersets import CampaignFilterSet, DepartmentFilterSet, PlanFilterSet, RegionFilterSet
from ..models import PlanImport
from .serializers import (
    CampaignSerializer,
    DepartmentSerializer,
    PlanImportConfirmSerializer,
    PlanImportSerializer,
    PlanImportUploadSerializer,
    PlanSerializer,
    RegionSerializer,
)


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
        return scope_campaigns(selectors.campaign_list(), access_for(self.request.user))


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


class CanImportPlans(permissions.BasePermission):
    """Only 总专班 and administrators may import plans."""

    message = "您没有导入方案的权限。"

    def has_permission(self, request, view) -> bool:
        return access_for(request.user).is_coordinator


class PlanImportViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Upload a plan document (parsed, not yet written), review it, then confirm."""

    permission_classes = [permissions.IsAuthenticated, CanImportPlans]
    parser_classes = [parsers.MultiPartParser, parsers.JSONParser]
    filterset_fields = ["status"]

    def get_queryset(self):
        return PlanImport.objects.select_related("created_by").order_by("-created_at")

    def get_serializer_class(self):
        return {"create": PlanImportUploadSerializer, "confirm": PlanImportConfirmSerializer}.get(
            self.action, PlanImportSerializer
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "with_preview": self.action != "list"}

    @extend_schema(request=PlanImportUploadSerializer, responses={201: PlanImportSerializer})
    def create(self, request, *args, **kwargs):
        upload = PlanImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        document = upload.validated_data["document"]
        if document.size > services.MAX_PLAN_DOCUMENT_BYTES:
            raise serializers.ValidationError({"document": ["文件过大：不能超过 5 MB。"]})
        try:
            plan_import = services.plan_import_create(
                content=document.read(), filename=document.name, user=request.user
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"document": exc.messages}) from exc
        body = PlanImportSerializer(plan_import, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanImportConfirmSerializer, responses={200: PlanImportSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        plan_import = self.get_object()
        payload = PlanImportConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            plan_import = services.plan_import_apply(
                plan_import=plan_import,
                mappings=payload.validated_data["mappings"],
                user=request.user,
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"detail": exc.messages}) from exc
        return Response(PlanImportSerializer(plan_import, context={"with_preview": False}).data)
