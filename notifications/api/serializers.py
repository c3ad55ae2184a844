import json

from django_celery_beat.models import PeriodicTask
from rest_framework import serializers

from ..models import JobRun, Notification, NotificationPreference


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "period_key", "created_at", "read_at"]


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="要标为已读的通知 id；省略则全部标为已读",
    )


class PreferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "webhook_enabled", "webhook_url"]


class ScheduleSerializer(serializers.ModelSerializer):
    hour = serializers.IntegerField(source="crontab.hour", min_value=0, max_value=23)
    minute = serializers.IntegerField(source="crontab.minute", min_value=0, max_value=59)
    day_of_month = serializers.CharField(source="crontab.day_of_month")
    parameters = serializers.SerializerMethodField()

    class Meta:
        model = PeriodicTask
        fields = [
            "id",
            "name",
            "description",
            "enabled",
            "hour",
            "minute",
            "day_of_month",
            "parameters",
            "last_run_at",
        ]

    def get_parameters(self, obj) -> dict:
        return json.loads(obj.kwargs or "{}")


class JobRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobRun
        fields = ["id", "job", "started_at", "finished_at", "status", "notified", "detail"]
