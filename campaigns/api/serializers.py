from rest_framework import serializers

from ..models import Campaign, Department, Plan, PlanImport, Region


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


class PlanImportUploadSerializer(serializers.Serializer):
    document = serializers.FileField(
        help_text="方案文件：.txt（UTF-8 或 GBK）或 .docx", error_messages={"empty": "文件为空。"}
    )


class PlanImportConfirmSerializer(serializers.Serializer):
    mappings = serializers.DictField(
        child=serializers.IntegerField(allow_null=True, min_value=1),
        required=False,
        default=dict,
        help_text="未识别单位名称 → 已有部门 id（记为别名），或 null（新建为部门）",
    )


class PlanImportSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="parsed.title", read_only=True)
    document_number = serializers.CharField(source="parsed.document_number", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    preview = serializers.SerializerMethodField()

    class Meta:
        model = PlanImport
        fields = [
            "id",
            "file_name",
            "status",
            "title",
            "document_number",
            "plan",
            "summary",
            "created_by",
            "created_at",
            "applied_at",
            "preview",
        ]

    def get_preview(self, obj) -> dict:
        if not self.context.get("with_preview"):
            return {}
        from ..selectors import plan_import_preview

        preview = plan_import_preview(obj)
        diff = preview["diff"]
        return {
            "campaign_count": len(obj.parsed.get("campaigns", [])),
            "task_count": preview["task_count"],
            "target_count": preview["target_count"],
            "unresolved_units": [
                {
                    "name": item["name"],
                    "suggestions": [{"id": d.pk, "name": d.name} for d in item["suggestions"]],
                }
                for item in preview["unresolved"]
            ],
            "flagged_tasks": [
                {"campaign": t.get("campaign"), "number": t["number"], "flags": t.get("flags", [])}
                for t in preview["flagged"]
            ],
            "diff": None
            if diff is None
            else {
                "added": len(diff.added),
                "changed": len(diff.changed),
                "removed": len(diff.removed),
                "unchanged": diff.unchanged,
            },
            "parsed": obj.parsed,
        }
