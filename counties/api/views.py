from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes, extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.selectors import access_for
from reporting.selectors import month_periods
from tasks import selectors as task_selectors
from tasks import services as task_services

from .. import selectors, services
from ..filtersets import BreakdownFilterSet, RegionalTargetFilterSet, SubmissionFilterSet
from ..models import RegionPeriod
from ..views import workbook_response
from .serializers import (
    BreakdownCheckSerializer,
    RegionalShareSerializer,
    RegionPeriodSerializer,
    RegionTasksQuerySerializer,
    RegionTasksSerializer,
    SubmissionSerializer,
    SubmissionUploadSerializer,
    WorkbookQuerySerializer,
)

_XLSX = OpenApiResponse(OpenApiTypes.BINARY, description=".xlsx 工作簿")


def _region(request, region_id):
    return get_object_or_404(selectors.region_list(access_for(request.user)), pk=region_id)


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Region workbooks: download the pre-filled one, upload a filled one, follow its processing."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilterSet
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.submission_list(access_for(self.request.user))

    @extend_schema(
        summary="上传县市区报表",
        description="文件先做安全检查并保存，再由后台任务校验入库；返回 202，轮询本条记录查看进度和结果。",
        request={"multipart/form-data": SubmissionUploadSerializer},
        responses={202: SubmissionSerializer},
    )
    def create(self, request):
        payload = SubmissionUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        region = _region(request, payload.validated_data["region"].pk)
        submission = services.submission_create(
            region=region,
            period=payload.validated_data["period"],
            upload=payload.validated_data["file"],
            user=request.user,
        )
        submission.refresh_from_db()
        return Response(
            SubmissionSerializer(submission, context=self.get_serializer_context()).data,
            status=status.HTTP_202_ACCEPTED,
        )

    def get_parsers(self):
        if getattr(self, "action", None) == "create":
            return [MultiPartParser(), FormParser()]
        return super().get_parsers()

    @extend_schema(
        summary="下载县市区报表模板（已预填）",
        parameters=[
            OpenApiParameter("region", int, required=True, description="县市区编号"),
            OpenApiParameter("period", int, required=True, description="月份编号"),
        ],
        responses={200: _XLSX},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def workbook(self, request):
        query = WorkbookQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        region = _region(request, query.validated_data["region"])
        period = get_object_or_404(month_periods(), pk=query.validated_data["period"])
        return workbook_response(region, period)

    @extend_schema(summary="下载标出错误的报表", responses={200: _XLSX})
    @action(detail=True, methods=["get"], filter_backends=[])
    def annotated(self, request, pk=None):
        submission = self.get_object()
        if not submission.annotated:
            raise Http404("该报表没有标注错误的副本。")
        return FileResponse(submission.annotated.open("rb"), as_attachment=True)


class RegionPeriodViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Regions × months: the submission matrix's cells, with accept (lock) and reopen."""

    serializer_class = RegionPeriodSerializer
    filterset_fields = ["region", "period", "status"]

    def get_queryset(self):
        regions = selectors.region_list(access_for(self.request.user))
        return RegionPeriod.objects.filter(region__in=regions).select_related("region", "period")

    def _review(self, request, pk, accept: bool):
        entry = get_object_or_404(self.get_queryset(), pk=pk)
        entry = services.region_period_review(
            region=entry.region,
            period=entry.period,
            accept=accept,
            user=request.user,
        )
        return Response(RegionPeriodSerializer(entry).data)

    @extend_schema(summary="采纳并锁定（总专班）", request=None, responses=RegionPeriodSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._review(request, pk, accept=True)

    @extend_schema(
        summary="退回重报，解除锁定（总专班）", request=None, responses=RegionPeriodSerializer
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._review(request, pk, accept=False)


class RegionalTargetViewSet(viewsets.ModelViewSet):
    """目标分解: regions' shares of targets. Everyone in reach reads; 总专班 writes."""

    serializer_class = RegionalShareSerializer
    filterset_class = RegionalTargetFilterSet
    http_method_names = ["get", "post", "put", "patch", "delete"]

    def get_queryset(self):
        return selectors.regional_target_list(access_for(self.request.user))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.regional_target_set(
            target=data["target"],
            region=data["region"],
            value=data["value"],
            unit=data.get("unit", ""),
            qualifier=data.get("qualifier", ""),
            user=self.request.user,
        )

    def perform_update(self, serializer):
        share = serializer.instance
        data = serializer.validated_data
        serializer.instance = services.regional_target_set(
            target=share.target,  # the pair is the row's identity; it never moves
            region=share.region,
            value=data.get("value", share.value),
            unit=data.get("unit", share.unit),
            qualifier=data.get("qualifier", share.qualifier),
            user=self.request.user,
        )

    def perform_destroy(self, instance):
        services.regional_target_delete(share=instance, user=self.request.user)

    @extend_schema(
        summary="目标分解核对",
        description="绝对量指标：各县市区分解值之和与市目标值是否相符；其他类型按县市区设定，不加总。",
        parameters=[
            OpenApiParameter("campaign", int, description="攻坚编号"),
            OpenApiParameter("scope", str, description="层级：plan / campaign / task"),
            OpenApiParameter("kind", str, description="类型：absolute / growth / …"),
        ],
        responses=BreakdownCheckSerializer(many=True),
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def check(self, request):
        if not access_for(request.user).sees_everything:
            raise exceptions.PermissionDenied("只有总专班可以查看目标分解核对。")
        targets = BreakdownFilterSet(request.query_params, queryset=selectors.breakdown_targets())
        if not targets.is_valid():
            raise exceptions.ValidationError(targets.errors)
        page = self.paginate_queryset(targets.qs)
        rows = selectors.breakdown(targets.qs.filter(pk__in=[t.pk for t in page]))
        return self.get_paginated_response(BreakdownCheckSerializer(rows, many=True).data)


class CoordinatorWrites(permissions.IsAuthenticated):
    """Everyone signed in reads; only 总专班 and administrators write."""

    message = "只有总专班可以设定涉及县市区的任务。"

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or access_for(request.user).is_coordinator


class RegionTaskViewSet(viewsets.GenericViewSet):
    """Which tasks and list items involve a region: read in reach, replaced by 总专班."""

    serializer_class = RegionTasksSerializer
    permission_classes = [CoordinatorWrites]
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return selectors.region_list(access_for(self.request.user))

    def _answer(self, region, plan) -> Response:
        ids = task_selectors.region_task_ids(region=region, plan=plan) if plan else set()
        data = {"region": region.pk, "region_name": region.name, "plan": plan, "tasks": sorted(ids)}
        return Response(RegionTasksSerializer(data).data)

    @extend_schema(
        methods=["GET"],
        summary="涉及县市区的任务和清单事项",
        parameters=[RegionTasksQuerySerializer],
        responses=RegionTasksSerializer,
    )
    @extend_schema(
        methods=["PUT"],
        summary="设定涉及县市区的任务和清单事项（总专班）",
        description="以提交的事项编号替换该县市区在该方案中涉及的全部事项；其他方案的设定不变。"
        "不存在或不属于该方案的事项编号返回 400 并逐一列出。",
        request=RegionTasksSerializer,
        responses=RegionTasksSerializer,
    )
    @action(detail=True, methods=["get", "put"])
    def tasks(self, request, pk=None):
        region = self.get_object()
        if request.method == "GET":
            query = RegionTasksQuerySerializer(data=request.query_params)
            query.is_valid(raise_exception=True)
            return self._answer(
                region, query.validated_data.get("plan") or task_selectors.plan_latest()
            )
        payload = RegionTasksSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        plan = payload.validated_data.get("plan") or task_selectors.plan_latest()
        if plan is None:
            raise exceptions.ValidationError({"plan": "尚未导入方案，无法设定。"})
        task_services.region_tasks_set(
            region=region,
            plan=plan,
            task_ids=payload.validated_data["tasks"],
            user=request.user,
        )
        return self._answer(region, plan)
