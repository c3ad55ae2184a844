from rest_framework import serializers

from ..models import LightRule
from ..services import RULE_FIELDS


def _decimal(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=24, decimal_places=4, coerce_to_string=False, allow_null=True, **kwargs
    )


class TargetFigureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="指标")
    scope = serializers.CharField(help_text="plan 总体目标 / campaign 攻坚目标")
    campaign_id = serializers.IntegerField(allow_null=True)
    campaign = serializers.CharField(help_text="所属攻坚（总体目标为空）")
    target = serializers.CharField(help_text="目标（按方案原文，如“增长6%左右”）")
    kind = serializers.CharField()
    qualifier = serializers.CharField()
    unit = serializers.CharField()
    target_value = _decimal()
    latest_period = serializers.CharField(help_text="最新有数据的月份")
    monthly = _decimal(help_text="当月值")
    cumulative = _decimal(help_text="累计值")
    expected = _decimal(help_text="应达值（总量类按时序进度折算）")
    gap = _decimal(help_text="差距 = 累计值 − 应达值")
    run_rate = _decimal(help_text="后续每月需达")
    rank = serializers.IntegerField(allow_null=True, help_text="全省排名")
    rank_change = serializers.IntegerField(allow_null=True, help_text="较上次排名上升的名次")
    light = serializers.CharField(help_text="green / yellow / red / grey")
    light_label = serializers.CharField()
    series = serializers.ListField(child=_decimal(), help_text="各月累计值")
    expected_series = serializers.ListField(child=_decimal(), help_text="各月应达值")
    ranks = serializers.ListField(
        child=serializers.IntegerField(allow_null=True), help_text="各月全省排名"
    )


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class AttentionTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    overdue = serializers.BooleanField()
    status_label = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    lead_units = serializers.CharField()


class CampaignFigureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    by_status = StatusCountSerializer(many=True)
    overdue = serializers.IntegerField()
    lagging = serializers.IntegerField()
    attention = AttentionTaskSerializer(many=True, help_text="逾期和滞后任务（前几项）")
    report_status = serializers.CharField(help_text="本月月报状态")
    report_delivery = serializers.CharField(help_text="on_time/late/returned/missing/pending")
    report_delivery_label = serializers.CharField()
    supervision_open = serializers.IntegerField(allow_null=True, help_text="督办未结（暂无）")


class CellSerializer(serializers.Serializer):
    state = serializers.CharField()
    label = serializers.CharField()


class MatrixRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    cells = CellSerializer(many=True)


class DepartmentFigureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField(help_text="逾期任务数")


class RegionRankSerializer(serializers.Serializer):
    region_id = serializers.IntegerField()
    name = serializers.CharField()
    period = serializers.CharField(help_text="排名所用月份（最近有数据的月份）")
    target = _decimal(help_text="分解目标")
    cumulative = _decimal(help_text="本月累计")
    previous = _decimal(help_text="上月累计")
    change = _decimal()
    rank = serializers.IntegerField(allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True)


class ScopeSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk", allow_null=True)
    period = serializers.IntegerField(source="period.pk", allow_null=True)
    period_label = serializers.CharField(source="period.label", allow_null=True)
    as_of = serializers.DateField()
    elapsed = _decimal(help_text="时序进度（0–1）")


class DashboardSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    months = serializers.ListField(child=serializers.CharField())
    targets = TargetFigureSerializer(many=True)
    campaigns = CampaignFigureSerializer(many=True)
    status_totals = StatusCountSerializer(many=True)
    report_matrix = MatrixRowSerializer(many=True)
    region_matrix = MatrixRowSerializer(many=True)
    departments = DepartmentFigureSerializer(many=True)
    ranking_target = TargetFigureSerializer(allow_null=True)
    region_ranking = RegionRankSerializer(many=True)
    ranking_period = serializers.CharField()


class LightRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = LightRule
        fields = [*RULE_FIELDS, "updated_at"]
        read_only_fields = ["updated_at"]
