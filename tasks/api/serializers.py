from rest_framework import serializers

from campaigns.api.serializers import DepartmentRefSerializer

from ..models import RegionalTarget, Target, Task


class TaskSerializer(serializers.ModelSerializer):
    campaign_number = serializers.IntegerField(source="campaign.number", default=None)
    section = serializers.CharField(source="section.number")
    parent = serializers.CharField(source="parent.number", default=None)
    lead_departments = DepartmentRefSerializer(many=True, read_only=True)
    co_departments = DepartmentRefSerializer(many=True, read_only=True)

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
