from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.views import IsPlatformAdmin

from .. import selectors, services
from ..forms import ScheduleForm
from ..models import JobRun, Notification, NotificationPreference
from .serializers import (
    JobRunSerializer,
    MarkReadSerializer,
    NotificationSerializer,
    PreferenceSerializer,
    ScheduleSerializer,
)


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The logged-in user's notifications."""

    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]
    allows_read_only_users = True  # marking one's own notifications read changes no data
    queryset = Notification.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self):
        return selectors.notifications_for(self.request.user)

    @extend_schema(request=MarkReadSerializer, responses={200: {"type": "object"}})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        payload = MarkReadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ids = payload.validated_data.get("ids")
        count = services.notification_mark_read(user=request.user, notification_ids=ids)
        return Response({"marked": count, "unread": selectors.unread_count(request.user)})


class PreferenceView(APIView):
    """The logged-in user's notification channels."""

    allows_read_only_users = True

    @extend_schema(responses=PreferenceSerializer)
    def get(self, request):
        preference = NotificationPreference.objects.filter(user=request.user).first()
        return Response(PreferenceSerializer(preference or NotificationPreference()).data)

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def put(self, request):
        payload = PreferenceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        preference = services.preference_update(user=request.user, **payload.validated_data)
        return Response(PreferenceSerializer(preference).data)


class ScheduleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Scheduled jobs (administrators): time, days, parameters, on/off."""

    permission_classes = [permissions.IsAuthenticated, IsPlatformAdmin]
    serializer_class = ScheduleSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.schedules().filter(crontab__isnull=False)

    def update(self, request, *args, **kwargs):
        task = self.get_object()
        body = request.data if isinstance(request.data, dict) else {}
        parameters = body.get("parameters") if isinstance(body.get("parameters"), dict) else {}
        # The page's form validates the API too: start from the current values, apply the changes.
        data = {**ScheduleForm(task=task).initial, **parameters}
        data.update(
            {k: v for k, v in body.items() if k in ("enabled", "hour", "minute", "day_of_month")}
        )
        if isinstance(data.get("days"), list):
            data["days"] = ",".join(str(d) for d in data["days"])
        data["enabled"] = "on" if data.get("enabled") in (True, "true", "on", 1) else ""
        form = ScheduleForm(data, task=task)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors)
        cleaned = form.cleaned_data
        services.schedule_update(
            actor=request.user,
            task=task,
            enabled=cleaned["enabled"],
            hour=cleaned["hour"],
            minute=cleaned["minute"],
            day_of_month=cleaned["day_of_month"],
            job_kwargs=form.job_kwargs(),
        )
        return Response(ScheduleSerializer(selectors.schedules().get(pk=task.pk)).data)


class JobRunViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Recent runs of the scheduled jobs (administrators)."""

    permission_classes = [permissions.IsAuthenticated, IsPlatformAdmin]
    serializer_class = JobRunSerializer
    filterset_fields = ["job", "status"]

    def get_queryset(self):
        return JobRun.objects.all()
