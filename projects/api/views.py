from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from accounts.selectors import access_for

from .. import selectors, services
from ..filtersets import ProjectFilterSet, ProjectUpdateFilterSet
from .serializers import ProjectSerializer, ProjectUpdateSerializer, SummarySerializer


class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The major-project register, scoped to the caller; 总专班 adds and changes entries."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["code", "total_investment", "planned_start"]

    def get_queryset(self):
        return selectors.projects_visible(access_for(self.request.user))

    def create(self, request, *args, **kwargs):
        services.require_coordinator(user=request.user)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.get_object()
        services.require_coordinator(user=request.user)
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.project_create(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.project_edit(
            user=self.request.user,
            project=serializer.instance,
            data=serializer.validated_data,
        )


class ProjectUpdateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Fortnightly project updates, scoped to the caller's projects."""

    serializer_class = ProjectUpdateSerializer
    filterset_class = ProjectUpdateFilterSet
    ordering_fields = ["period__start"]

    def get_queryset(self):
        return selectors.updates_visible(access_for(self.request.user))

    @extend_schema(
        summary="填报或更正某项目某双周的进展（领导只读）",
        request=ProjectUpdateSerializer,
        responses={201: ProjectUpdateSerializer},
    )
    def create(self, request):
        services.require_writer(user=request.user)
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        project, period = data.pop("project"), data.pop("period")
        update = services.project_update_file(
            user=request.user,
            project=project,
            period=period,
            data=data,
        )
        update = get_object_or_404(self.get_queryset(), pk=update.pk)
        return Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)


class ProjectSummaryViewSet(viewsets.GenericViewSet):
    """开工率, 资金支付率, 实物完成率 and investment vs plan and 时序进度 of the caller's projects."""

    filterset_class = ProjectFilterSet
    serializer_class = SummarySerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.projects_visible(access_for(self.request.user))

    @extend_schema(
        summary="重大项目汇总（按县市区、攻坚、项目类别）",
        parameters=[
            OpenApiParameter("period", OpenApiTypes.INT, description="双周调度期，缺省为本期")
        ],
        responses=SummarySerializer,
    )
    def list(self, request):
        period = selectors.fortnight_for(timezone.localdate())
        if request.query_params.get("period"):
            try:
                period = selectors.fortnights().get(pk=int(request.query_params["period"]))
            except (ValueError, selectors.Period.DoesNotExist):
                raise exceptions.ValidationError({"period": ["双周调度期不存在。"]}) from None
        projects = self.filter_queryset(self.get_queryset())
        return Response(SummarySerializer(selectors.project_summary(projects, period)).data)
