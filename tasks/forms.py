"""Forms of the list pages: add or edit an item, split it, close or reopen it."""

from django import forms
from django.core.exceptions import ValidationError

from campaigns.models import Department

from .choices import ListKind
from .models import Task

DEPARTMENT_ERRORS = {
    "invalid_choice": "部门“%(value)s”不存在。",
    "invalid_pk_value": "“%(pk)s”不是有效的部门编号。",
    "invalid_list": "请选择部门。",
}

MULTIPLE_HELP = "可多选：电脑上按住 Ctrl 键点选。"


class TaskForm(forms.Form):
    """An item of a list; a plan task keeps the number and list the plan gave it."""

    number = forms.CharField(
        label="编号",
        required=False,
        max_length=10,
        help_text="留空则自动取本清单的下一个编号。",
        error_messages={"max_length": "编号不能超过 10 个字符。"},
    )
    list_kind = forms.ChoiceField(
        label="清单",
        choices=ListKind.choices,
        error_messages={"required": "请选择清单。", "invalid_choice": "请选择有效的清单。"},
    )
    title = forms.CharField(
        label="标题",
        max_length=200,
        error_messages={"required": "请填写标题。", "max_length": "标题不能超过 200 个字。"},
    )
    text = forms.CharField(
        label="内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="留空则与标题相同。",
    )
    lead_leader = forms.CharField(label="牵头领导", required=False, max_length=100)
    lead_departments = forms.ModelMultipleChoiceField(
        label="牵头单位",
        queryset=Department.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTIPLE_HELP,
        error_messages=DEPARTMENT_ERRORS,
    )
    co_departments = forms.ModelMultipleChoiceField(
        label="责任单位",
        queryset=Department.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTIPLE_HELP,
        error_messages=DEPARTMENT_ERRORS,
    )
    responsible_person = forms.CharField(label="责任人", required=False, max_length=100)
    deadline = forms.DateField(
        label="完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "完成时限不是有效日期，请按 2025-06-30 的格式填写。"},
    )
    percent = forms.IntegerField(
        label="完成进度（%）",
        initial=0,
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写完成进度。",
            "invalid": "完成进度须为 0 到 100 之间的整数。",
            "min_value": "完成进度须为 0 到 100 之间的整数。",
            "max_value": "完成进度须为 0 到 100 之间的整数。",
        },
    )

    def __init__(self, *args, task: Task | None = None, **kwargs) -> None:
        if task is not None:
            kwargs["initial"] = {
                **{name: getattr(task, name) for name in self.declared_fields},
                "lead_departments": list(task.lead_departments.all()),
                "co_departments": list(task.co_departments.all()),
            }
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["text"].required = True
            self.fields["text"].error_messages["required"] = "请填写事项内容。"
            self.fields["text"].help_text = ""
            self.fields["number"].help_text = ""
            if task.section_id is not None:  # the plan fixes its own tasks' numbers and list
                self.fields["number"].disabled = True
                self.fields["number"].help_text = "由方案导入的任务编号以方案为准。"
                self.fields["list_kind"].disabled = True
                self.fields["list_kind"].help_text = "由方案导入的任务留在任务清单。"
            else:
                self.fields["number"].required = True
                self.fields["number"].error_messages["required"] = "请填写编号。"


class TaskSplitForm(forms.Form):
    """The titles of the items an item is split into, one per line."""

    parts = forms.CharField(
        label="拆分为",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一项，至少两项；新事项沿用原事项的单位、责任人和完成时限。",
        error_messages={"required": "请填写拆分后的事项，每行一项。"},
    )

    def clean_parts(self) -> list[dict]:
        titles = [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]
        if len(titles) < 2:
            raise ValidationError("拆分至少需要两项，每行一项。")
        too_long = [i for i, title in enumerate(titles, start=1) if len(title) > 200]
        if too_long:
            raise ValidationError(f"第{too_long[0]}项标题超过 200 个字。")
        return [{"title": title} for title in titles]


class TaskNoteForm(forms.Form):
    """An optional note when closing or reopening an item."""

    note = forms.CharField(
        label="说明",
        required=False,
        max_length=150,
        error_messages={"max_length": "说明不能超过 150 个字。"},
    )
