from django import forms

from campaigns.models import Department
from progress.forms import MultipleFileField
from progress.services import ALLOWED_EXTENSIONS_TEXT
from tasks.models import Target, Task

from . import selectors
from .choices import NoticeLevel

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = {"required": "此项为必填项。"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        error_messages={**REQUIRED, "invalid": "请输入有效日期，例如 2025-05-20。"},
    )


def _text(label: str, rows: int = 3, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=REQUIRED,
    )


class SheetCreateForm(forms.Form):
    """Which 旬 to open a dispatch sheet for."""

    period = forms.ModelChoiceField(
        label="旬",
        queryset=selectors.ten_day_periods(),
        error_messages={"required": "请选择旬。", "invalid_choice": "所选旬不存在。"},
    )


class MeetingForm(forms.Form):
    """The dispatch meeting's record."""

    meeting_date = _date("会议日期", required=False)
    chair = forms.CharField(label="主持人", max_length=100, required=False)
    attendees = _text("参会人员", rows=2, required=False)
    discussion = _text("研究事项", rows=4, required=False)


class FollowUpForm(forms.Form):
    """A meeting decision with its responsible unit and deadline."""

    decision = _text("议定事项", rows=2)
    department = forms.ModelChoiceField(
        label="责任单位",
        queryset=Department.objects.order_by("order", "name"),
        error_messages={"required": "请选择责任单位。", "invalid_choice": "所选单位不存在。"},
    )
    deadline = _date("完成时限")


class FollowUpCloseForm(forms.Form):
    result = _text("办理情况", rows=2)


class NoticeIssueForm(forms.Form):
    """A notice about one subject, to one or more units."""

    task = forms.ModelChoiceField(
        label="督办任务或清单事项",
        queryset=Task.objects.select_related("campaign").order_by("campaign__number", "order"),
        required=False,
        error_messages={"invalid_choice": "所选任务不存在。"},
    )
    target = forms.ModelChoiceField(
        label="督办指标",
        queryset=Target.objects.order_by("scope", "order"),
        required=False,
        error_messages={"invalid_choice": "所选指标不存在。"},
    )
    departments = forms.ModelMultipleChoiceField(
        label="责任单位",
        queryset=Department.objects.order_by("order", "name"),
        help_text="可多选：每个单位各收到一份督办单。",
        error_messages={
            "required": "请至少选择一个责任单位。",
            "invalid_choice": "所选单位不存在。",
            "invalid_pk_value": "所选单位不存在。",
        },
    )
    title = forms.CharField(label="标题", max_length=200, error_messages=REQUIRED)
    requirement = _text("督办要求", rows=4)
    level = forms.ChoiceField(
        label="督办等级",
        choices=NoticeLevel.choices,
        error_messages={"required": "请选择督办等级。", "invalid_choice": "督办等级无效。"},
    )
    deadline = _date("办理时限")

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("task")) == bool(data.get("target")):
            raise forms.ValidationError("督办对象：请选择一个任务（或清单事项），或一个指标。")
        return data


class ReplyForm(forms.Form):
    reply = _text("反馈内容", rows=4)
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text=f"可多选；仅限 {ALLOWED_EXTENSIONS_TEXT}，每个文件不超过 10 MB。",
        error_messages={"empty": "上传的文件为空。"},
    )


class ReasonForm(forms.Form):
    reason = _text("退回原因", rows=2)


class CloseForm(forms.Form):
    note = _text("审核意见", rows=2, required=False)


class UrgeForm(forms.Form):
    message = _text("催办内容", rows=2)


class ExtensionForm(forms.Form):
    requested_deadline = _date("申请延期至")
    reason = _text("延期理由", rows=2)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批结果",
        choices=[("1", "同意延期"), ("0", "不同意")],
        coerce=lambda value: value == "1",
        error_messages={"required": "请选择审批结果。", "invalid_choice": "审批结果无效。"},
    )
    note = _text("审批意见", rows=2, required=False)


class SuggestionIssueForm(forms.Form):
    """One click on a suggestion: its subject; the rest comes from the suggestion."""

    kind = forms.ChoiceField(choices=[("task", "任务"), ("target", "指标")])
    subject_id = forms.IntegerField(min_value=1)
