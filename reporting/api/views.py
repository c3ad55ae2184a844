from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import access_for

from .. import selectors, services
from ..choices import ReportAction
from ..filtersets import PeriodFilterSet, ReportFilterSet, ReviewFilterSet
from .serializers import (
    ConflictSerializer,
    PeriodDeadlineSerializer,
    PeriodSerializer,
    ReportOpenSerializer,
    ReportReasonSerializer,
    ReportSerializer,
    ReportUpdateSerializer,
    ReportVersionSerializer,
    ReviewRowSerializer,
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "操作与月报的当前状态冲突。"
    default_code = "conflict"


def _run(service, **kwargs):
    """Call a workflow service: a report in the wrong state is a 409 (other errors: see
    core.api.exceptions)."""
    try:
        return service(**kwargs)
    except services.ReportStateError as exc:
        raise Conflict("；".join(exc.messages)) from exc


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """Reporting periods: 旬, 双周, 月, 季度."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilterSet
    ordering_fields = ["start"]

    def get_queryset(self):
        return selectors.period_list()

    @extend_schema(
        summary="调整报送截止日期（总专班）",
        description="尚未报送的月报同步采用新的截止日期。",
        request=PeriodDeadlineSerializer,
        responses=PeriodSerializer,
    )
    @action(detail=True, methods=["post"])
    def deadline(self, request, pk=None):
        period = self.get_object()
        if not access_for(request.user).reviews_reports:
            raise DjangoPermissionDenied("只有总专班可以调整报送截止日期。")
        payload = PeriodDeadlineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        period = _run(
            services.period_set_deadline,
            period=period,
            deadline=payload.validated_data["deadline"],
            user=request.user,
        )
        return Response(PeriodSerializer(period).data)


_CONFLICT = OpenApiResponse(ConflictSerializer, description="版本冲突或当前状态不允许该操作")


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Monthly campaign reports (月报), scoped to the caller.

    Edits carry the `version` field read from the report (not an If-Match header); a stale
    version is answered 409 with the report as saved now. Status and ownership never come
    from the payload: they change only through the workflow actions.
    """

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["period__start", "campaign__number", "status", "submitted_at"]

    def get_queryset(self):
        return selectors.report_list(access=access_for(self.request.user))

    def _fresh(self, report) -> dict:
        return ReportSerializer(
            self.get_queryset().get(pk=report.pk), context=self.get_serializer_context()
        ).data

    def _checked(self, permission: str):
        """The report of the URL (404 outside the caller's reach), if the caller may do this."""
        report = self.get_object()
        if not selectors.report_may(access_for(self.request.user), report, permission):
            raise exceptions.PermissionDenied("您无权执行该操作。")
        return report

    @extend_schema(
        summary="打开（创建或获取）某攻坚某月的月报",
        description="不存在时按当月任务进展预填创建并返回 201；已存在时返回 200。",
        request=ReportOpenSerializer,
        responses={200: ReportSerializer, 201: ReportSerializer},
    )
    def create(self, request):
        payload = ReportOpenSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        report, created = _run(
            services.report_get_or_create, user=request.user, **payload.validated_data
        )
        return Response(
            self._fresh(report), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(
        summary="编辑月报（按 version 校验）",
        request=ReportUpdateSerializer,
        responses={200: ReportSerializer, 409: _CONFLICT},
    )
    def partial_update(self, request, pk=None):
        report = self._checked(selectors.EDIT)
        payload = ReportUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        return self._versioned(
            services.report_update,
            report=report,
            version=data.pop("version"),
            ranks=data.pop("ranks", None),
            fields=data,
        )

    def _versioned(self, service, **kwargs) -> Response:
        try:
            report = _run(service, user=self.request.user, **kwargs)
        except services.ReportVersionConflict as exc:
            return Response(
                {"detail": str(exc), "current": self._fresh(exc.current)},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(self._fresh(report))

    @extend_schema(
        summary="从任务进展重新生成预填部分（按 version 校验）",
        request=ReportVersionSerializer,
        responses={200: ReportSerializer, 409: _CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        report = self._checked(selectors.EDIT)
        payload = ReportVersionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._versioned(
            services.report_regenerate, report=report, version=payload.validated_data["version"]
        )

    def _transition(self, action_name: str, *, with_reason: bool = False) -> Response:
        report = self._checked(action_name)
        reason = self._reason() if with_reason else ""
        report = _run(
            services.report_transition,
            report=report,
            user=self.request.user,
            action=action_name,
            reason=reason,
        )
        return Response(self._fresh(report))

    def _reason(self) -> str:
        payload = ReportReasonSerializer(data=self.request.data)
        payload.is_valid(raise_exception=True)
        return payload.validated_data["reason"]

    @extend_schema(
        summary="报送（联络员）", request=None, responses={200: ReportSerializer, 409: _CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(ReportAction.SUBMIT)

    @extend_schema(
        summary="退回修改（总专班，须填原因）",
        request=ReportReasonSerializer,
        responses={200: ReportSerializer, 409: _CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None):
        return self._transition(ReportAction.RETURN, with_reason=True)

    @extend_schema(
        summary="采纳（总专班）", request=None, responses={200: ReportSerializer, 409: _CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._transition(ReportAction.ACCEPT)

    @extend_schema(
        summary="重新打开已采纳的月报（总专班，须填原因）",
        request=ReportReasonSerializer,
        responses={200: ReportSerializer, 409: _CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(ReportAction.REOPEN, with_reason=True)

    @extend_schema(
        summary="月报审核队列：某月全部攻坚（含未报送）",
        parameters=[
            OpenApiParameter("period", int, description="月度周期 id；缺省为当前月"),
            OpenApiParameter(
                "status", str, enum=[value for value, _ in selectors.QUEUE_STATUS_CHOICES]
            ),
        ],
        responses=ReviewRowSerializer(many=True),
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def review(self, request):
        access = access_for(request.user)
        if not access.sees_everything:
            raise exceptions.NotFound()
        filterset = ReviewFilterSet.for_current_month(
            request.query_params, queryset=selectors.report_campaigns(access)
        )
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response(ReviewRowSerializer(page, many=True).data)
