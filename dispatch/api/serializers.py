from django.urls import reverse
from rest_framework import serializers

from accounts.selectors import access_for
from campaigns.models import Department
from tasks.models import Target, Task

from .. import selectors
from ..choices import NoticeLevel
from ..models import (
    DispatchSheet,
    ExtensionRequest,
    FollowUp,
    Notice,
    NoticeEvent,
    NoticeEvidence,
)

REQUIRED = {"required": "此项为必填项。", "blank": "此项不能为空。", "null": "此项不能为空。"}


class NoticeExtensionSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "requested_deadline",
            "reason",
            "status",
            "status_display",
            "decision_note",
            "requested_at",
            "decided_at",
        ]
        read_only_fields = fields


class NoticeEvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = NoticeEvidence
        fields = ["id", "original_name", "size", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, evidence: NoticeEvidence) -> str:
        return reverse("dispatch-notice-evidence", args=[evidence.pk])


class NoticeEventSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    actor_name = serializers.SerializerMethodField()
    evidence = NoticeEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = NoticeEvent
        fields = ["id", "kind", "kind_display", "text", "actor_name", "created_at", "evidence"]
        read_only_fields = fields

    def get_actor_name(self, event: NoticeEvent) -> str:
        if event.actor is None:
            return "系统"
        return event.actor.get_full_name() or event.actor.username


class NoticeSerializer(serializers.ModelSerializer):
    """A notice as read; `allowed_actions` are the steps open to the caller now."""

    subject = serializers.CharField(read_only=True)
    campaign_name = serializers.CharField(source="campaign.name", read_only=True, default="")
    department_name = serializers.CharField(source="department.name", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    pending_extension = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id",
            "number",
            "title",
            "requirement",
            "task",
            "target",
            "subject",
            "campaign",
            "campaign_name",
            "department",
            "department_name",
            "level",
            "level_display",
            "status",
            "status_display",
            "deadline",
            "overdue",
            "reply",
            "return_reason",
            "issued_at",
            "signed_at",
            "replied_at",
            "closed_at",
            "pending_extension",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_overdue(self, notice: Notice) -> bool:
        return selectors.notice_is_overdue(notice)

    def get_allowed_actions(self, notice: Notice) -> list[str]:
        return selectors.notice_allowed_actions(access_for(self.context["request"].user), notice)

    def get_pending_extension(self, notice: Notice) -> dict | None:
        pending = selectors.notice_pending_extension(notice)
        return NoticeExtensionSerializer(pending).data if pending else None


class NoticeDetailSerializer(NoticeSerializer):
    events = NoticeEventSerializer(many=True, read_only=True)
    extensions = NoticeExtensionSerializer(many=True, read_only=True)

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "events", "extensions"]
        read_only_fields = fields


class NoticeIssueSerializer(serializers.Serializer):
    """A notice to issue: one subject (task/list item or indicator), one or more units."""

    task = serializers.PrimaryKeyRelatedField(
        label="督办任务或清单事项", queryset=Task.objects.all(), required=False, allow_null=True
    )
    target = serializers.PrimaryKeyRelatedField(
        label="督办指标", queryset=Target.objects.all(), required=False, allow_null=True
    )
    departments = serializers.PrimaryKeyRelatedField(
        label="责任单位",
        queryset=Department.objects.all(),
        many=True,
        allow_empty=False,
        error_messages={"empty": "请至少选择一个责任单位。", **REQUIRED},
    )
    title = serializers.CharField(label="标题", max_length=200, error_messages=REQUIRED)
    requirement = serializers.CharField(label="督办要求", error_messages=REQUIRED)
    level = serializers.ChoiceField(
        label="督办等级",
        choices=NoticeLevel.choices,
        error_messages={"invalid_choice": "督办等级无效。", **REQUIRED},
    )
    deadline = serializers.DateField(label="办理时限", error_messages=REQUIRED)

    def validate(self, data: dict) -> dict:
        if bool(data.get("task")) == bool(data.get("target")):
            raise serializers.ValidationError(
                {"subject": "请选择一个督办对象：任务（或清单事项）或指标，二选一。"}
            )
        return data


class NoticeReplySerializer(serializers.Serializer):
    reply = serializers.CharField(label="反馈内容", error_messages=REQUIRED)
    files = serializers.ListField(
        label="佐证材料", child=serializers.FileField(), required=False, default=list
    )


class NoticeReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(label="退回原因", error_messages=REQUIRED)


class NoticeCloseSerializer(serializers.Serializer):
    note = serializers.CharField(label="审核意见", required=False, allow_blank=True, default="")


class NoticeUrgeSerializer(serializers.Serializer):
    message = serializers.CharField(label="催办内容", error_messages=REQUIRED)


class ExtensionRequestSerializer(serializers.Serializer):
    requested_deadline = serializers.DateField(label="申请延期至", error_messages=REQUIRED)
    reason = serializers.CharField(label="延期理由", error_messages=REQUIRED)


class ExtensionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(label="是否同意")
    note = serializers.CharField(label="审批意见", required=False, allow_blank=True, default="")


class NoticeSuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    subject_id = serializers.IntegerField()
    title = serializers.CharField()
    reason = serializers.CharField()
    level = serializers.CharField()
    department_ids = serializers.ListField(child=serializers.IntegerField())
    department_names = serializers.CharField()


class NoticeSuggestionIssueSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        label="类型", choices=[("task", "任务"), ("target", "指标")], error_messages=REQUIRED
    )
    subject_id = serializers.IntegerField(label="对象编号", min_value=1, error_messages=REQUIRED)


class SheetSerializer(serializers.ModelSerializer):
    period_label = serializers.CharField(source="period.label", read_only=True)

    class Meta:
        model = DispatchSheet
        fields = [
            "id",
            "period",
            "period_label",
            "meeting_date",
            "chair",
            "attendees",
            "discussion",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "period", "period_label", "created_at", "updated_at"]


class SheetCreateSerializer(serializers.Serializer):
    period = serializers.PrimaryKeyRelatedField(
        label="旬", queryset=selectors.ten_day_periods(), error_messages=REQUIRED
    )


class SheetMeetingSerializer(serializers.Serializer):
    meeting_date = serializers.DateField(label="会议日期", required=False, allow_null=True)
    chair = serializers.CharField(label="主持人", max_length=100, required=False, allow_blank=True)
    attendees = serializers.CharField(label="参会人员", required=False, allow_blank=True)
    discussion = serializers.CharField(label="研究事项", required=False, allow_blank=True)


class FollowUpSerializer(serializers.ModelSerializer):
    sheet_label = serializers.CharField(source="sheet.period.label", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "sheet",
            "sheet_label",
            "decision",
            "department",
            "department_name",
            "deadline",
            "status",
            "status_display",
            "result",
            "closed_at",
        ]
        read_only_fields = fields


class FollowUpCreateSerializer(serializers.Serializer):
    sheet = serializers.PrimaryKeyRelatedField(
        label="调度单", queryset=DispatchSheet.objects.all(), error_messages=REQUIRED
    )
    decision = serializers.CharField(label="议定事项", error_messages=REQUIRED)
    department = serializers.PrimaryKeyRelatedField(
        label="责任单位", queryset=Department.objects.all(), error_messages=REQUIRED
    )
    deadline = serializers.DateField(label="完成时限", error_messages=REQUIRED)


class FollowUpCloseSerializer(serializers.Serializer):
    result = serializers.CharField(label="办理情况", error_messages=REQUIRED)


class SheetTaskItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    label = serializers.CharField(source="__str__")
    campaign = serializers.CharField(source="campaign.name", default="")
    deadline = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class SheetContentSerializer(serializers.Serializer):
    """What a dispatch sheet lists as of its 旬's first day."""

    as_of = serializers.DateField()
    due = SheetTaskItemSerializer(many=True)
    overdue = SheetTaskItemSerializer(many=True)
    lagging = serializers.SerializerMethodField()
    red_targets = serializers.SerializerMethodField()
    reports_outstanding = serializers.SerializerMethodField()
    notices = NoticeSerializer(many=True)
    follow_ups = FollowUpSerializer(many=True)
    decided = FollowUpSerializer(many=True)

    def get_lagging(self, content) -> list[dict]:
        return [
            {**SheetTaskItemSerializer(row.task).data, "reasons": list(row.flags.reasons)}
            for row in content.lagging
        ]

    def get_red_targets(self, content) -> list[dict]:
        return [
            {"id": row["id"], "name": row["name"], "campaign": row["campaign"]}
            for row in content.red_targets
        ]

    def get_reports_outstanding(self, content) -> list[dict]:
        return [
            {"campaign": row.pk, "name": row.name, "status": row.report_status_label}
            for row in content.reports_outstanding
        ]
