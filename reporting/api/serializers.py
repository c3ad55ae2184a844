from rest_framework import serializers

from accounts.selectors import access_for
from campaigns.models import Campaign

from .. import selectors
from ..models import CampaignReport, Period, ProvincialRank

RANK_RANGE = {"min_value": 1, "max_value": 14}


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Period
        fields = ["id", "kind", "label", "start", "end", "deadline"]


class PeriodDeadlineSerializer(serializers.Serializer):
    deadline = serializers.DateField(label="报送截止")


class RankSerializer(serializers.ModelSerializer):
    """One row of the 全省排名 table; `change` is places gained since last month."""

    indicator = serializers.CharField(label="指标", max_length=100)
    rank = serializers.IntegerField(label="全省排名", **RANK_RANGE)
    previous_rank = serializers.IntegerField(
        label="上月排名", required=False, allow_null=True, **RANK_RANGE
    )
    note = serializers.CharField(label="说明", max_length=200, required=False, allow_blank=True)
    change = serializers.SerializerMethodField()

    class Meta:
        model = ProvincialRank
        fields = ["indicator", "rank", "previous_rank", "change", "note"]

    def get_change(self, rank: ProvincialRank) -> int | None:
        return selectors.rank_change(rank)


class ReportSerializer(serializers.ModelSerializer):
    """A monthly report as read; `allowed_actions` are the workflow steps open to the caller."""

    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    ranks = RankSerializer(many=True, read_only=True)
    returned_count = serializers.IntegerField(read_only=True)
    editable = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = CampaignReport
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "period",
            "period_label",
            "status",
            "status_display",
            "deadline",
            "progress",
            "practices",
            "ranks",
            "problems",
            "next_plans",
            "version",
            "submitted_at",
            "last_submitted_at",
            "submitted_late",
            "return_reason",
            "accepted_at",
            "returned_count",
            "editable",
            "allowed_actions",
        ]
        read_only_fields = fields

    def _access(self):
        return access_for(self.context["request"].user)

    def get_editable(self, report: CampaignReport) -> bool:
        return selectors.report_editable_by(self._access(), report)

    def get_allowed_actions(self, report: CampaignReport) -> list[str]:
        return selectors.report_allowed_actions(self._access(), report)


class ReportOpenSerializer(serializers.Serializer):
    """Which report to open (create-or-get): a campaign the caller works on, and a month."""

    campaign = serializers.PrimaryKeyRelatedField(label="攻坚", queryset=Campaign.objects.none())
    period = serializers.PrimaryKeyRelatedField(label="月份", queryset=selectors.month_periods())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # the schema generator builds it without a request
            access = access_for(request.user)
            self.fields["campaign"].queryset = selectors.report_campaigns(access)


class ReportUpdateSerializer(serializers.Serializer):
    """An edit of a draft or returned report, checked against the `version` the client read.

    Omitted parts stay as they are; `ranks`, when sent, replaces the whole table.
    """

    version = serializers.IntegerField(
        label="版本",
        min_value=1,
        help_text="读取月报时得到的 version；与当前版本不一致时返回 409。",
    )
    progress = serializers.CharField(label="工作推进情况", required=False, allow_blank=True)
    practices = serializers.CharField(label="典型做法", required=False, allow_blank=True)
    problems = serializers.CharField(label="存在问题", required=False, allow_blank=True)
    next_plans = serializers.CharField(label="下阶段打算", required=False, allow_blank=True)
    ranks = RankSerializer(label="全省排名", many=True, required=False)

    def validate_ranks(self, ranks: list[dict]) -> list[dict]:
        seen: set[str] = set()
        for number, row in enumerate(ranks, start=1):
            if row["indicator"] in seen:
                raise serializers.ValidationError(f"第{number}行 指标：“{row['indicator']}”重复。")
            seen.add(row["indicator"])
        return ranks


class ReportVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(label="版本", min_value=1)


class ReportReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        label="原因",
        error_messages={"required": "请填写原因。", "blank": "请填写原因。"},
    )


class ReviewRowSerializer(serializers.Serializer):
    """One campaign in the review queue; `report` is null when nothing was created (未报送)."""

    campaign = serializers.IntegerField(source="pk")
    campaign_number = serializers.IntegerField(source="number")
    campaign_name = serializers.CharField(source="name")
    report = serializers.IntegerField(source="report_id", allow_null=True)
    status = serializers.ChoiceField(source="report_status", choices=selectors.QUEUE_STATUS_CHOICES)
    status_display = serializers.CharField(source="report_status_label")
    deadline = serializers.DateField(source="report_deadline")
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_late = serializers.BooleanField(allow_null=True)
    returned_count = serializers.IntegerField()


class ConflictSerializer(serializers.Serializer):
    """A 409 answer: what went wrong and the report as it is saved now."""

    detail = serializers.CharField()
    current = ReportSerializer()
