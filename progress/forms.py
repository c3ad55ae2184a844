from django import forms

from tasks.choices import TaskStatus
from tasks.models import Target

from .services import ALLOWED_EXTENSIONS_TEXT, ValueInput

PERCENT_RANGE = "完成进度须在 0 到 100 之间。"
NUMBER_MESSAGES = {
    "invalid": "请输入数字。",
    "max_digits": "数字过长：最多 16 位整数和 4 位小数。",
    "max_decimal_places": "最多保留 4 位小数。",
    "max_whole_digits": "整数部分最多 16 位。",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented pattern)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class TaskProgressForm(forms.Form):
    """A unit's progress on a task for a period, with one row per quantitative target."""

    status = forms.ChoiceField(
        label="状态",
        choices=TaskStatus.choices,
        error_messages={"required": "请选择状态。", "invalid_choice": "状态无效。"},
    )
    percent = forms.IntegerField(
        label="完成进度（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写完成进度。",
            "invalid": "完成进度须为 0 到 100 之间的整数。",
            "min_value": PERCENT_RANGE,
            "max_value": PERCENT_RANGE,
        },
    )
    done = forms.CharField(
        label="工作进展", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    problems = forms.CharField(
        label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label="下步打算", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": "缺少版本号，请刷新页面后重试。", "invalid": "版本号无效。"},
    )
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text=f"可多选；仅限 {ALLOWED_EXTENSIONS_TEXT}，每个文件不超过 10 MB。",
        error_messages={"empty": "上传的文件为空。"},
    )

    def __init__(self, *args, targets: list[Target], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        for target in targets:
            for part, label in (("actual", "本期完成"), ("cumulative", "累计完成")):
                self.fields[f"target_{target.pk}_{part}"] = forms.DecimalField(
                    label=f"{target.name}·{label}",
                    required=False,
                    max_digits=20,
                    decimal_places=4,
                    error_messages=NUMBER_MESSAGES,
                    # a text box keeps whatever was typed visible next to its error
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )

    def target_rows(self) -> list[dict]:
        """Each target with its two bound fields, for the table of figures."""
        return [
            {
                "target": target,
                "actual": self[f"target_{target.pk}_actual"],
                "cumulative": self[f"target_{target.pk}_cumulative"],
            }
            for target in self.targets
        ]

    def value_inputs(self) -> list[ValueInput]:
        return [
            ValueInput(
                target_id=target.pk,
                actual=self.cleaned_data[f"target_{target.pk}_actual"],
                cumulative=self.cleaned_data[f"target_{target.pk}_cumulative"],
            )
            for target in self.targets
        ]
