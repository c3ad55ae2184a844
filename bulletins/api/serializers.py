from rest_framework import serializers

from campaigns.models import Plan
from reporting.choices import PeriodKind
from reporting.models import Period

from ..models import Bulletin


class BulletinSerializer(serializers.ModelSerializer):
    """A bulletin version with its prose parts and frozen figures."""

    period_label = serializers.CharField(source="period.label", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "plan",
            "period",
            "period_label",
            "number",
            "version",
            "status",
            "status_label",
            "title",
            "issuer",
            "overview",
            "campaigns_text",
            "reporting_text",
            "commendation",
            "requirements",
            "commended",
            "data",
            "issued_at",
            "correction_reason",
        ]
        read_only_fields = fields


class BulletinBuildSerializer(serializers.Serializer):
    """Which plan and month to draft."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), label="方案")
    period = serializers.PrimaryKeyRelatedField(
        queryset=Period.objects.filter(kind=PeriodKind.MONTH), label="月份"
    )
    discard_edits = serializers.BooleanField(default=False, label="放弃已编辑的文字")
