from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import access_for
from tasks.choices import TaskStatus

from .. import selectors, services
from ..filtersets import FLAG_CHOICES, REPORTED_CHOICES, MyTaskFilterSet, ProgressFilterSet
from ..views import evidence_response
from .serializers import (
    EvidenceSerializer,
    EvidenceUploadSerializer,
    MyTaskSerializer,
    TaskProgressSerializer,
)


class ChangesNeedWriteAccess(permissions.BasePermission):
    """Leaders (and users with no binding) read; they change nothing."""

    message = "只读用户不能修改任务进展。"

    def has_permission(self, request, view) -> bool:
        return (
            request.method in permissions.SAFE_METHODS or not access_for(request.user).is_read_only
        )


class TaskProgressViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """任务进展: each unit's entry per task and period (scoped to the user's units)."""

    serializer_class = TaskProgressSerializer
    filterset_class = ProgressFilterSet
    permission_classes = [permissions.IsAuthenticated, ChangesNeedWriteAccess]
    ordering_fields = ["updated_at", "percent"]

    def get_queryset(self):
        return selectors.progress_list(access_for(self.request.user))

    def _save(self, serializer, *, task, period, status_code: int) -> Response:
        access = access_for(self.request.user)
        try:
            entry = services.progress_save(
                actor=self.request.user,
                access=access,
                task=task,
                period=period,
                **serializer.service_kwargs(),
            )
        except services.ProgressConflict as exc:
            current = self.get_serializer(self.get_queryset().get(pk=exc.current.pk)).data
            return Response(
                {"detail": exc.message, "current": current}, status=status.HTTP_409_CONFLICT
            )
        entry = self.get_queryset().get(pk=entry.pk)
        return Response(self.get_serializer(entry).data, status=status_code)

    @extend_schema(
        responses={201: TaskProgressSerializer, 409: OpenApiResponse(description="已有人填报")}
    )
    def create(self, request, *args, **kwargs):
        """Report the user's unit's progress on a task for a period (the unit is decided by the
        server); 409 when the unit's entry already exists."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._save(serializer, task=data["task"], period=data["period"], status_code=201)

    @extend_schema(
        responses={200: TaskProgressSerializer, 409: OpenApiResponse(description="版本冲突")}
    )
    def update(self, request, *args, **kwargs):
        """Update the user's unit's own entry; `version` must be the one read (409 otherwise)."""
        entry = self.get_object()
        unit = selectors.reporting_unit(access_for(request.user), entry.task)
        if unit is None or not unit.owns(entry):
            raise PermissionDenied("只能修改本单位填报的进展。")
        serializer = self.get_serializer(
            entry, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        return self._save(serializer, task=entry.task, period=entry.period, status_code=200)

    @extend_schema(methods=["GET"], responses=EvidenceSerializer(many=True), summary="佐证材料列表")
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer},
        summary="上传佐证材料（限 pdf、jpg、png、doc、docx、xls、xlsx，不超过 10 MB）",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
        pagination_class=None,
        filterset_class=None,
    )
    def evidence(self, request, pk=None):
        entry = self.get_object()
        if request.method == "GET":
            return Response(EvidenceSerializer(entry.evidence.all(), many=True).data)
        upload = EvidenceUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            evidence = services.evidence_add(
                actor=request.user,
                access=access_for(request.user),
                progress=entry,
                upload=upload.validated_data["file"],
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from None
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"evidence/(?P<evidence_id>\d+)",
        url_name="evidence-download",
        filterset_class=None,
    )
    def evidence_download(self, request, pk=None, evidence_id=None):
        """Download one evidence file of a visible entry."""
        evidence = get_object_or_404(self.get_object().evidence.all(), pk=evidence_id)
        return evidence_response(evidence)

    @extend_schema(
        filters=False,
        parameters=[
            OpenApiParameter("period", int, description="周期（默认：今天所在的月）"),
            OpenApiParameter("campaign", int, description="攻坚"),
            OpenApiParameter("status", str, enum=TaskStatus.values, description="状态"),
            OpenApiParameter(
                "reported", str, enum=[c for c, _ in REPORTED_CHOICES], description="填报情况"
            ),
            OpenApiParameter("flag", str, enum=[c for c, _ in FLAG_CHOICES], description="预警"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=MyTaskSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="my-tasks", filterset_class=None)
    def my_tasks(self, request):
        """我的任务: the tasks the user reports on, with this period's filing state and flags."""
        filterset = MyTaskFilterSet(request.query_params, access=access_for(request.user))
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        if filterset.chosen_period() is None:
            raise serializers.ValidationError({"period": ["尚未设置本月的报送周期，请指定周期。"]})
        page = self.paginate_queryset(filterset.rows())
        return self.get_paginated_response(MyTaskSerializer(page, many=True).data)
