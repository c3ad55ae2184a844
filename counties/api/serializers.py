from rest_framework import serializers

from campaigns.models import Plan, Region
from reporting.selectors import month_periods
from tasks.models import RegionalTarget, Target

from ..models import RegionPeriod, WorkbookSubmission


class SubmissionSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    annotated_url = serializers.SerializerMethodField()

    class Meta:
        model = WorkbookSubmission
        fields = [
            "id",
            "region",
            "region_name",
            "period",
            "period_label",
            "filename",
            "size",
            "sha256",
            "status",
            "status_label",
            "progress",
            "errors",
            "error_count",
            "indicator_rows",
            "task_rows",
            "project_rows",
            "annotated_url",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_annotated_url(self, obj) -> str | None:
        if not obj.annotated:
            return None
        request = self.context.get("request")
        path = f"/api/county-submissions/{obj.pk}/annotated/"
        return request.build_absolute_uri(path) if request else path


class SubmissionUploadSerializer(serializers.Serializer):
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(),
        error_messages={"does_not_exist": "县市区不存在。", "required": "请指定县市区。"},
    )
    period = serializers.PrimaryKeyRelatedField(
        queryset=month_periods(),
        error_messages={"does_not_exist": "报送月份不存在。", "required": "请指定报送月份。"},
    )
    file = serializers.FileField(
        error_messages={"required": "请上传报表文件。", "empty": "上传的文件是空的。"}
    )


class WorkbookQuerySerializer(serializers.Serializer):
    region = serializers.IntegerField(error_messages={"invalid": "县市区应为编号。"})
    period = serializers.IntegerField(error_messages={"invalid": "报送月份应为编号。"})


class RegionPeriodSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RegionPeriod
        fields = [
            "id",
            "region",
            "region_name",
            "period",
            "period_label",
            "status",
            "status_label",
            "version",
            "current",
            "submitted_at",
            "submitted_late",
            "accepted_at",
        ]
        read_only_fields = fields


class RegionalShareSerializer(serializers.ModelSerializer):
    """A region's share of a target; written through services.regional_target_set."""

    target = serializers.PrimaryKeyRelatedField(
        queryset=Target.objects.all(), error_messages={"does_not_exist": "指标不存在。"}
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), error_messages={"does_not_exist": "县市区不存在。"}
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)

    class Meta:
        model = RegionalTarget
        fields = [
            "id",
            "target",
            "target_name",
            "region",
            "region_name",
            "value",
            "unit",
            "qualifier",
        ]
        extra_kwargs = {"unit": {"required": False}, "qualifier": {"required": False}}
        validators = []  # (target, region) is an upsert, not a conflict


class BreakdownCheckSerializer(serializers.Serializer):
    target = serializers.IntegerField(source="target.pk")
    name = serializers.CharField(source="target.name")
    kind = serializers.CharField(source="target.kind")
    value = serializers.DecimalField(source="target.value", max_digits=20, decimal_places=4)
    total = serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True)
    additive = serializers.BooleanField()
    mismatch = serializers.BooleanField()


class RegionTasksQuerySerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.all(),
        required=False,
        allow_null=True,
        help_text="方案编号；不填为最新方案",
        error_messages={"does_not_exist": "方案不存在。", "incorrect_type": "方案应为编号。"},
    )


class RegionTasksSerializer(RegionTasksQuerySerializer):
    """The ids of a plan's tasks and list items that involve a region."""

    region = serializers.IntegerField(read_only=True)
    region_name = serializers.CharField(read_only=True)
    tasks = serializers.ListField(
        child=serializers.IntegerField(
            min_value=1,
            error_messages={"invalid": "事项编号应为整数。", "min_value": "事项编号应为正整数。"},
        ),
        max_length=10000,
        help_text="涉及该县市区的事项编号；提交时替换该方案中的全部勾选",
        error_messages={
            "required": "请提供事项编号列表。",
            "not_a_list": "事项应为编号列表。",
            "max_length": "一次最多提交 10000 个事项。",
        },
    )
