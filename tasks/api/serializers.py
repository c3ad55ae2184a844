from rest_framework import serializers

from audit.models import AuditEntry
from campaigns.api.serializers import DepartmentRefSerializer
from campaigns.models import Campaign, Department

from ..choices import ListKind
from ..models import RegionalTarget, Target, Task

DATE_ERRORS = {"invalid": "完成时限不是有效日期，请按 2025-06-30 的格式填写。"}
PERCENT_ERRORS = {
    "invalid": "完成进度须为 0 到 100 之间的整数。",
    "min_value": "完成进度须为 0 到 100 之间的整数。",
    "max_value": "完成进度须为 0 到 100 之间的整数。",
}
DEPARTMENT_ERRORS = {
    "does_not_exist": "部门编号 {pk_value} 不存在。",
    "incorrect_type": "部门编号须为整数，收到的是 {data_type}。",
    "not_a_list": "部门须为编号列表，收到的是 {input_type}。",
}


class TaskSerializer(serializers.ModelSerializer):
    campaign_number = serializers.IntegerField(source="campaign.number", default=None)
    section = serializers.CharField(source="section.number", default=None)
    parent = serializers.CharField(source="parent.number", default=None)
    lead_departments = DepartmentRefSerializer(many=True, read_only=True)
    co_departments = DepartmentRefSerializer(many=True, read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "campaign",
            "campaign_number",
            "section",
            "number",
            "parent",
            "title",
            "text",
            "list_kind",
            "lead_departments",
            "co_departments",
            "collective_units",
            "lead_leader",
            "responsible_person",
            "deadline",
            "status",
            "percent",
            "overdue",
            "split_from",
            "closed_at",
            "updated_at",
        ]


class TaskCreateSerializer(serializers.Serializer):
    """An item to add; status, creator and split origin are set by the server."""

    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(),
        help_text="所属攻坚（须为您所在专班的攻坚）",
        error_messages={
            "required": "请指定所属攻坚。",
            "null": "请指定所属攻坚。",
            "does_not_exist": "攻坚编号 {pk_value} 不存在。",
            "incorrect_type": "攻坚编号须为整数。",
        },
    )
    list_kind = serializers.ChoiceField(
        choices=ListKind.choices,
        default=ListKind.TASK,
        error_messages={
            "invalid_choice": "“{input}”不是有效的清单，应为 task、project 或 policy。"
        },
    )
    number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text="留空则自动取本清单的下一个编号",
        error_messages={"max_length": "编号不能超过 10 个字符。"},
    )
    title = serializers.CharField(
        max_length=200,
        error_messages={
            "required": "请填写标题。",
            "blank": "请填写标题。",
            "max_length": "标题不能超过 200 个字。",
        },
    )
    text = serializers.CharField(required=False, allow_blank=True)
    lead_leader = serializers.CharField(required=False, allow_blank=True, max_length=100)
    responsible_person = serializers.CharField(required=False, allow_blank=True, max_length=100)
    deadline = serializers.DateField(required=False, allow_null=True, error_messages=DATE_ERRORS)
    percent = serializers.IntegerField(
        required=False, min_value=0, max_value=100, error_messages=PERCENT_ERRORS
    )
    lead_departments = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Department.objects.all(),
        error_messages=DEPARTMENT_ERRORS,
        help_text="牵头单位的部门编号",
    )
    co_departments = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Department.objects.all(),
        error_messages=DEPARTMENT_ERRORS,
        help_text="责任单位的部门编号",
    )


class TaskUpdateSerializer(TaskCreateSerializer):
    """The editable fields of an item; its campaign never changes."""

    campaign = None
    list_kind = serializers.ChoiceField(
        choices=ListKind.choices,
        error_messages={
            "invalid_choice": "“{input}”不是有效的清单，应为 task、project 或 policy。"
        },
    )
    text = serializers.CharField(
        error_messages={"required": "请填写事项内容。", "blank": "请填写事项内容。"}
    )


class TaskPartSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=200,
        error_messages={
            "required": "请填写标题。",
            "blank": "请填写标题。",
            "max_length": "标题不能超过 200 个字。",
        },
    )
    text = serializers.CharField(required=False, allow_blank=True)


class TaskSplitSerializer(serializers.Serializer):
    parts = TaskPartSerializer(
        many=True,
        min_length=2,
        help_text="拆分后的事项，至少两项",
        error_messages={
            "required": "请填写拆分后的事项。",
            "min_length": "拆分至少需要两项。",
            "not_a_list": "拆分后的事项须为列表。",
        },
    )


class TaskNoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        error_messages={"max_length": "说明不能超过 150 个字。"},
    )


class TaskHistoryEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)
    action_display = serializers.CharField(source="get_action_display")
    source_display = serializers.CharField(source="get_source_display")

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "action",
            "action_display",
            "summary",
            "changes",
            "source",
            "source_display",
        ]


class RegionalTargetSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name")

    class Meta:
        model = RegionalTarget
        fields = ["region", "value", "unit", "qualifier"]


class TargetSerializer(serializers.ModelSerializer):
    regional_targets = RegionalTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "plan",
            "scope",
            "campaign",
            "task",
            "name",
            "value",
            "unit",
            "normalized_value",
            "normalized_unit",
            "qualifier",
            "kind",
            "source_text",
            "regional_targets",
        ]
