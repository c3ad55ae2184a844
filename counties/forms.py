from django import forms

from campaigns.models import Region
from reporting.selectors import month_periods
from tasks.choices import Qualifier
from tasks.models import Target

from .safety import MAX_UPLOAD_BYTES


class WorkbookUploadForm(forms.Form):
    """A filled-in workbook for one month of the region in the URL."""

    period = forms.ModelChoiceField(
        queryset=month_periods(),
        label="报送月份",
        error_messages={"required": "请选择报送月份。", "invalid_choice": "报送月份无效。"},
    )
    file = forms.FileField(
        label="报表文件（.xlsx）",
        error_messages={"required": "请选择要上传的报表文件。", "empty": "上传的文件是空的。"},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=f"只接受平台下载的 .xlsx 模板，不超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。",
    )


class RegionalTargetForm(forms.Form):
    """A region's share of a target (目标分解)."""

    target = forms.ModelChoiceField(
        queryset=Target.objects.all(),
        label="指标",
        error_messages={"required": "请选择指标。", "invalid_choice": "指标无效。"},
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        label="县市区",
        error_messages={"required": "请选择县市区。", "invalid_choice": "县市区无效。"},
    )
    value = forms.DecimalField(
        label="目标值",
        max_digits=20,
        decimal_places=4,
        error_messages={"required": "请填写目标值。", "invalid": "目标值应为数字。"},
    )
    unit = forms.CharField(label="单位", max_length=30, required=False)
    qualifier = forms.ChoiceField(label="限定", choices=Qualifier.choices, required=False)


class RegionPeriodReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "采纳"), ("reopen", "退回重报")],
        error_messages={"required": "请选择操作。", "invalid_choice": "操作无效。"},
    )
