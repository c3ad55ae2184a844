from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import access_for
from audit.selectors import history_for
from core.exports import XLSX_CONTENT_TYPE, xlsx_response

from .. import selectors, services
from ..filtersets import TargetFilterSet, TaskFilterSet
from .serializers import (
    TargetSerializer,
    TaskCreateSerializer,
    TaskHistoryEntrySerializer,
    TaskNoteSerializer,
    TaskSerializer,
    TaskSplitSerializer,
    TaskUpdateSerializer,
)

EDIT_REFUSED = "您没有修改该攻坚清单的权限。"


class CanEditLists(permissions.BasePermission):
    """Reading follows the queryset's scope; writing needs the item's campaign (or 总专班)."""

    message = EDIT_REFUSED

    def has_permission(self, request, view) -> bool:
        return (
            request.method in permissions.SAFE_METHODS or not access_for(request.user).is_read_only
        )

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in permissions.SAFE_METHODS or access_for(
            request.user
        ).edits_campaign(obj.campaign_id)


class TaskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Items of the three lists (plan tasks are the task list); closed, never deleted."""

    permission_classes = [permissions.IsAuthenticated, CanEditLists]
    filter_backends = [DjangoFilterBackend]
    filterset_class = TaskFilterSet

    def get_queryset(self):
        return selectors.scoped_tasks(access_for(self.request.user))

    def get_serializer_class(self):
        return {
            "create": TaskCreateSerializer,
            "update": TaskUpdateSerializer,
            "partial_update": TaskUpdateSerializer,
            "split": TaskSplitSerializer,
            "close": TaskNoteSerializer,
            "reopen": TaskNoteSerializer,
            "history": TaskHistoryEntrySerializer,
        }.get(self.action, TaskSerializer)

    def _payload(self, **kwargs) -> dict:
        payload = self.get_serializer(data=self.request.data, **kwargs)
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def _read(self, task, status_code=status.HTTP_200_OK) -> Response:
        task = self.get_queryset().get(pk=task.pk)
        return Response(TaskSerializer(task).data, status=status_code)

    @extend_schema(request=TaskCreateSerializer, responses={201: TaskSerializer})
    def create(self, request, *args, **kwargs):
        data = self._payload()
        campaign = data.pop("campaign")
        if not access_for(request.user).edits_campaign(campaign.pk):
            raise PermissionDenied(EDIT_REFUSED)
        task = services.task_create(user=request.user, campaign=campaign, **data)
        return self._read(task, status.HTTP_201_CREATED)

    @extend_schema(request=TaskUpdateSerializer, responses={200: TaskSerializer})
    def update(self, request, *args, **kwargs):
        task = self.get_object()
        data = self._payload(partial=kwargs.get("partial", False))
        task = services.task_update(user=request.user, task=task, data=data)
        return self._read(task)

    @extend_schema(request=TaskUpdateSerializer, responses={200: TaskSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=TaskSplitSerializer, responses={201: TaskSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        """Split an item into two or more; the original is closed."""
        task = self.get_object()
        data = self._payload()
        parts = services.task_split(user=request.user, task=task, parts=data["parts"])
        created = self.get_queryset().filter(pk__in=[part.pk for part in parts])
        return Response(TaskSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    def _transition(self, service) -> Response:
        task = self.get_object()
        data = self._payload()
        task = service(user=self.request.user, task=task, note=data.get("note", ""))
        return self._read(task)

    @extend_schema(request=TaskNoteSerializer, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close an item (已办结)."""
        return self._transition(services.task_close)

    @extend_schema(request=TaskNoteSerializer, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a closed item."""
        return self._transition(services.task_reopen)

    @extend_schema(responses={200: TaskHistoryEntrySerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """Every recorded change of the item, newest first."""
        entries = history_for(self.get_object())
        return Response(TaskHistoryEntrySerializer(entries, many=True).data)

    @extend_schema(
        responses={
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="筛选后的清单（.xlsx）"
            )
        }
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request):
        """The filtered items as an Excel file."""
        tasks = self.filter_queryset(self.get_queryset())
        return xlsx_response(
            filename=f"清单导出-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title="清单",
            headers=selectors.TASK_EXPORT_HEADERS,
            widths=selectors.TASK_EXPORT_WIDTHS,
            rows=selectors.task_export_rows(tasks.iterator(chunk_size=1000)),
        )


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """Quantitative targets at plan, campaign and task level."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    ordering_fields = ["order", "name"]

    def get_queryset(self):
        return selectors.scoped_targets(access_for(self.request.user))
