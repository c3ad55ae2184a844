from rest_framework import serializers

from campaigns.models import Plan
from reporting.choices import PeriodKind
from reporting.models import Period

from ..models import Bulletin, QuarterlyReview

DOCUMENT_FIELDS = [
    "id",
    "plan",
    "period",
    "period_label",
    "version",
    "status",
    "status_label",
    "title",
    "issuer",
    "data",
    "built_at",
    "edited_at",
    "issued_at",
    "correction_reason",
]


class BulletinSerializer(serializers.ModelSerializer):
    """A bulletin version with its prose parts and frozen figures."""

    period_label = serializers.CharField(source="period.label", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Bulletin
        fields = [*DOCUMENT_FIELDS, "number", *Bulletin.PROSE_FIELDS, "commended"]
        read_only_fields = fields


class QuarterlyReviewSerializer(BulletinSerializer):
    """A quarterly review version: the figures and scores frozen when built, and the remarks."""

    class Meta:
        model = QuarterlyReview
        fields = [*DOCUMENT_FIELDS, *QuarterlyReview.PROSE_FIELDS]
        read_only_fields = fields


class BulletinUpdateSerializer(serializers.ModelSerializer):
    """What 总专班 may change in a bulletin draft (any subset)."""

    commended = serializers.ListField(
        child=serializers.IntegerField(), required=False, label="通报表扬的专班"
    )

    class Meta:
        model = Bulletin
        fields = list(Bulletin.EDITABLE_FIELDS)


class QuarterlyReviewUpdateSerializer(serializers.ModelSerializer):
    """What 总专班 may change in a review draft (any subset)."""

    class Meta:
        model = QuarterlyReview
        fields = list(QuarterlyReview.EDITABLE_FIELDS)


def _period_field(kind: str, label: str) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Period.objects.filter(kind=kind),
        label=label,
        error_messages={
            "does_not_exist": f"请选择有效的{label}（编号{{pk_value}}不是{label}）。",
            "incorrect_type": f"请选择有效的{label}。",
            "required": f"请选择{label}。",
        },
    )


class BulletinBuildSerializer(serializers.Serializer):
    """Which plan and month to draft."""

    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.all(),
        label="方案",
        error_messages={
            "does_not_exist": "请选择有效的方案。",
            "incorrect_type": "请选择有效的方案。",
            "required": "请选择方案。",
        },
    )
    period = _period_field(PeriodKind.MONTH, "月份")
    discard_edits = serializers.BooleanField(default=False, label="放弃已编辑的文字")


class QuarterlyReviewBuildSerializer(BulletinBuildSerializer):
    """Which plan and quarter to review."""

    period = _period_field(PeriodKind.QUARTER, "季度")


class CorrectionSerializer(serializers.Serializer):
    """Why an issued version needs a correction."""

    reason = serializers.CharField(
        label="更正原因",
        error_messages={"blank": "请填写更正原因。", "required": "请填写更正原因。"},
    )
