from django.urls import reverse
from rest_framework import serializers

from accounts.selectors import access_for
from campaigns.api.serializers import DepartmentRefSerializer
from tasks.choices import TaskStatus
from tasks.models import Task

from ..forms import PERCENT_RANGE
from ..models import Evidence, TargetValue, TaskProgress
from ..selectors import progress_tasks, reporting_periods
from ..services import ValueInput


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "size", "uploaded_at", "download_url"]

    def get_download_url(self, evidence) -> str:
        return reverse(
            "api:progress-evidence-download",
            kwargs={"pk": evidence.progress_id, "evidence_id": evidence.pk},
        )


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        label="佐证材料", help_text="pdf、jpg、jpeg、png、doc、docx、xls、xlsx，不超过 10 MB"
    )


class TargetValueSerializer(serializers.ModelSerializer):
    target = serializers.IntegerField(source="target_id", label="指标")
    target_name = serializers.CharField(source="target.name", read_only=True)

    class Meta:
        model = TargetValue
        fields = ["target", "target_name", "actual", "cumulative"]
        extra_kwargs = {
            "actual": {"required": False, "allow_null": True},
            "cumulative": {"required": False, "allow_null": True},
        }


class TaskProgressSerializer(serializers.ModelSerializer):
    """A unit's progress entry; the unit, the version bump and the author come from the server."""

    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.none(), label="任务")
    task_number = serializers.CharField(source="task.number", read_only=True)
    task_title = serializers.CharField(source="task.title", read_only=True)
    campaign = serializers.IntegerField(source="task.campaign_id", read_only=True)
    period = serializers.PrimaryKeyRelatedField(queryset=reporting_periods(), label="周期")
    period_label = serializers.CharField(source="period.label", read_only=True)
    department = DepartmentRefSerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=TaskStatus.choices, label="状态")
    percent = serializers.IntegerField(
        min_value=0,
        max_value=100,
        label="完成进度",
        error_messages={"min_value": PERCENT_RANGE, "max_value": PERCENT_RANGE},
    )
    version = serializers.IntegerField(
        min_value=0,
        required=False,
        label="版本",
        help_text="更新时必填：读取到的版本号；已被他人更新时返回 409。",
    )
    values = TargetValueSerializer(many=True, required=False, label="指标完成值")
    evidence = EvidenceSerializer(many=True, read_only=True)
    updated_by = serializers.CharField(source="updated_by.get_full_name", read_only=True)

    class Meta:
        model = TaskProgress
        fields = [
            "id",
            "task",
            "task_number",
            "task_title",
            "campaign",
            "period",
            "period_label",
            "department",
            "status",
            "percent",
            "done",
            "problems",
            "next_steps",
            "version",
            "values",
            "evidence",
            "updated_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["task"].queryset = progress_tasks(access_for(request.user))
        if self.instance is not None:  # an entry's task and period never change
            self.fields["task"].read_only = True
            self.fields["period"].read_only = True

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": "更新时必须提交读取到的版本号。"})
        return attrs

    def service_kwargs(self) -> dict:
        """The validated payload as progress_save keywords (an update keeps unsent fields)."""
        data, entry = self.validated_data, self.instance
        keep = {
            name: getattr(entry, name) if entry else default
            for name, default in (
                ("status", TaskStatus.IN_PROGRESS),
                ("percent", 0),
                ("done", ""),
                ("problems", ""),
                ("next_steps", ""),
            )
        }
        return {
            **keep,
            **{name: data[name] for name in keep if name in data},
            "version": data.get("version", 0) if entry else 0,
            "values": [
                ValueInput(
                    target_id=value["target_id"],
                    actual=value.get("actual"),
                    cumulative=value.get("cumulative"),
                )
                for value in data.get("values", [])
            ],
        }


class MyTaskSerializer(serializers.Serializer):
    """One line of 我的任务 with this period's filing state and flags."""

    task = serializers.IntegerField(source="task.pk")
    number = serializers.CharField(source="task.number")
    title = serializers.CharField(source="task.title")
    campaign = serializers.IntegerField(source="task.campaign_id", allow_null=True)
    deadline = serializers.DateField(source="task.deadline", allow_null=True)
    unit = serializers.CharField(source="unit.label", default=None, allow_null=True)
    can_report = serializers.SerializerMethodField()
    reported = serializers.BooleanField()
    entry = serializers.IntegerField(source="own_entry.pk", default=None, allow_null=True)
    entry_version = serializers.IntegerField(
        source="own_entry.version", default=None, allow_null=True
    )
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    percent = serializers.IntegerField()
    time_share = serializers.SerializerMethodField(help_text="时序进度（%）")
    overdue = serializers.BooleanField(source="flags.overdue")
    lagging = serializers.BooleanField(source="flags.lagging")
    lagging_reasons = serializers.ListField(source="flags.reasons", child=serializers.CharField())

    def get_can_report(self, row) -> bool:
        return row.unit is not None

    def get_time_share(self, row) -> float:
        return round(float(row.flags.time_share), 1)
