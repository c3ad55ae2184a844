from rest_framework import serializers

from ..models import Campaign, Department, Plan, Region


class DepartmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name"]


class DepartmentSerializer(serializers.ModelSerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="alias")
    led_count = serializers.IntegerField(read_only=True)
    shared_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "aliases", "led_count", "shared_count"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "kind"]


class PlanSerializer(serializers.ModelSerializer):
    campaign_count = serializers.IntegerField(read_only=True)
    task_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "document_number",
            "issuer",
            "year",
            "issue_date",
            "campaign_count",
            "task_count",
        ]


class CampaignSerializer(serializers.ModelSerializer):
    office_department = DepartmentRefSerializer(read_only=True)
    lead_departments = DepartmentRefSerializer(many=True, read_only=True)
    task_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "plan",
            "number",
            "name",
            "annex_title",
            "goals",
            "convener",
            "deputy_conveners",
            "office_department",
            "lead_departments",
            "task_count",
        ]
