from rest_framework import serializers

from accounts.selectors import access_for

from .. import selectors
from ..models import Project, ProjectUpdate
from ..services import PROJECT_FIELDS, UPDATE_FIELDS


class ProjectSerializer(serializers.ModelSerializer):
    """A project's register entry; on write every register field, checked by the service."""

    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            *PROJECT_FIELDS,
            "campaign_name",
            "region_name",
            "department_name",
            "category_display",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]


class _VisibleProjectField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.projects_visible(access_for(self.context["request"].user))


class ProjectUpdateSerializer(serializers.ModelSerializer):
    """A fortnightly update; writing one for an already filed fortnight corrects it."""

    project = _VisibleProjectField()
    period = serializers.PrimaryKeyRelatedField(queryset=selectors.fortnights())
    period_label = serializers.CharField(source="period.label", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)
    filed_by_name = serializers.CharField(source="filed_by.first_name", read_only=True, default="")

    class Meta:
        model = ProjectUpdate
        fields = [
            "id",
            "project",
            "project_code",
            "period",
            "period_label",
            *UPDATE_FIELDS,
            "filed_by_name",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]
        validators = []  # filing twice for a fortnight corrects the earlier update


class TotalsSerializer(serializers.Serializer):
    label = serializers.CharField()
    projects = serializers.IntegerField()
    reported = serializers.IntegerField()
    started = serializers.IntegerField()
    total_investment = serializers.DecimalField(max_digits=18, decimal_places=2)
    annual_investment = serializers.DecimalField(max_digits=18, decimal_places=2)
    cumulative_investment = serializers.DecimalField(max_digits=18, decimal_places=2)
    funds_received = serializers.DecimalField(max_digits=18, decimal_places=2)
    funds_paid = serializers.DecimalField(max_digits=18, decimal_places=2)
    problems = serializers.IntegerField()
    start_rate = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    payment_rate = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    physical_rate = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    investment_rate = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    against_time = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)


class SummarySerializer(serializers.Serializer):
    """Rates as fractions (0.25 = 25%); against_time is investment_rate minus time_share."""

    period = serializers.IntegerField(source="period.pk", allow_null=True, default=None)
    period_label = serializers.CharField(source="period.label", default="")
    time_share = serializers.DecimalField(max_digits=8, decimal_places=4)
    overall = TotalsSerializer()
    by_region = TotalsSerializer(many=True, source="groups.region", default=list)
    by_campaign = TotalsSerializer(many=True, source="groups.campaign", default=list)
    by_category = TotalsSerializer(many=True, source="groups.category", default=list)
