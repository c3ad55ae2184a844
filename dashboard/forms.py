from django import forms

from campaigns.models import Plan
from reporting.choices import PeriodKind
from reporting.models import Period
from tasks.choices import TargetScope
from tasks.models import Target
from tasks.selectors import plan_latest

from .models import LightRule
from .services import RULE_FIELDS


class DashboardQueryForm(forms.Form):
    """Which plan, month and ranking indicator the dashboard (page, export or API) shows."""

    plan = forms.ModelChoiceField(
        queryset=Plan.objects.all(),
        required=False,
        label="方案",
        error_messages={"invalid_choice": "方案：所选方案不存在。"},
    )
    period = forms.ModelChoiceField(
        queryset=Period.objects.filter(kind=PeriodKind.MONTH),
        required=False,
        label="月份",
        error_messages={"invalid_choice": "月份：请选择一个已设置的月度报送周期。"},
    )
    target = forms.ModelChoiceField(
        queryset=Target.objects.filter(scope__in=[TargetScope.PLAN, TargetScope.CAMPAIGN]),
        required=False,
        label="排名指标",
        error_messages={"invalid_choice": "排名指标：请选择方案的总体目标或攻坚目标。"},
    )

    def clean(self):
        data = super().clean()
        plan = data.get("plan") or plan_latest()
        period, target = data.get("period"), data.get("target")
        if plan and period and period.start.year != plan.year:
            self.add_error("period", f"月份：所选月份不在方案年度（{plan.year}年）内。")
        if plan and target and target.plan_id != plan.pk:
            self.add_error("target", "排名指标：该指标不属于所选方案。")
        data["plan"] = plan
        return data


class LightRuleForm(forms.ModelForm):
    """The light rule's tolerances, edited by 总专班."""

    class Meta:
        model = LightRule
        fields = RULE_FIELDS
