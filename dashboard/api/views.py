from django.conf import settings
from django.core.cache import cache
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import access_for

from .. import selectors, services
from ..forms import DashboardQueryForm
from ..views import DASHBOARD_READERS_ONLY
from .serializers import DashboardSerializer, LightRuleSerializer

QUERY_PARAMETERS = [
    OpenApiParameter("plan", int, description="方案 id（默认最新年度的方案）"),
    OpenApiParameter("period", int, description="月度报送周期 id（默认本月）"),
    OpenApiParameter("target", int, description="县市区排名所用指标 id（默认第一个总体目标）"),
]


class DashboardViewSet(viewsets.GenericViewSet):
    """Every figure of the 总专班 dashboard, for other systems (read-only)."""

    serializer_class = DashboardSerializer
    pagination_class = None
    filter_backends = []

    def _figures(self) -> dict:
        if not access_for(self.request.user).sees_everything:
            raise exceptions.PermissionDenied(DASHBOARD_READERS_ONLY)
        form = DashboardQueryForm(self.request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        scope, data = selectors.dashboard_figures(**form.cleaned_data)
        return {"scope": scope, **data}

    @extend_schema(summary="调度看板全部数据", parameters=QUERY_PARAMETERS)
    @action(detail=False)
    def summary(self, request):
        figures = self._figures()
        if figures["cache_key"] is None:  # figures computed while a write was in flight
            return Response(DashboardSerializer(figures).data)
        key = f"{figures['cache_key']}:summary-json"
        body = cache.get(key)
        if body is None:
            body = DashboardSerializer(figures).data
            cache.set(key, body, settings.DASHBOARD_CACHE_SECONDS)
        return Response(body)

    @extend_schema(
        summary="目标完成情况（总体目标与攻坚目标，含红黄绿灯）",
        parameters=QUERY_PARAMETERS,
        responses=DashboardSerializer().fields["targets"],
    )
    @action(detail=False)
    def targets(self, request):
        return Response(
            DashboardSerializer().fields["targets"].to_representation(self._figures()["targets"])
        )

    @extend_schema(
        summary="攻坚概况（任务状态、逾期滞后、本月月报）",
        parameters=QUERY_PARAMETERS,
        responses=DashboardSerializer().fields["campaigns"],
    )
    @action(detail=False)
    def campaigns(self, request):
        return Response(
            DashboardSerializer()
            .fields["campaigns"]
            .to_representation(self._figures()["campaigns"])
        )


class LightRuleViewSet(viewsets.GenericViewSet):
    """The 红黄绿灯 rule: everyone who sees the dashboard reads it, 总专班 changes it."""

    serializer_class = LightRuleSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(summary="红黄绿灯规则")
    def list(self, request):
        if not access_for(request.user).sees_everything:
            raise exceptions.PermissionDenied(DASHBOARD_READERS_ONLY)
        return Response(LightRuleSerializer(selectors.light_rule_get()).data)

    @extend_schema(summary="修改红黄绿灯规则（总专班）", request=LightRuleSerializer)
    @action(detail=False, methods=["put"], url_path="update")
    def change(self, request):
        serializer = LightRuleSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        rule = services.light_rule_update(user=request.user, values=serializer.validated_data)
        return Response(LightRuleSerializer(rule).data)
