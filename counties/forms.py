from django import forms
from django.db.models import Q, QuerySet

from campaigns.models import Campaign, Plan, Region
from reporting.selectors import month_periods
from tasks.choices import ListKind, Qualifier
from tasks.models import Target, Task
from tasks.selectors import plan_latest

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


class RegionTaskFilterForm(forms.Form):
    """Which of a plan's tasks the region's checklist shows."""

    plan = forms.ModelChoiceField(
        queryset=Plan.objects.order_by("-year", "pk"),
        required=False,
        empty_label=None,
        label="方案",
        error_messages={"invalid_choice": "所选方案不存在。"},
    )
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="全部攻坚",
        label="攻坚",
        error_messages={"invalid_choice": "所选攻坚不属于该方案。"},
    )
    list_kind = forms.ChoiceField(
        choices=[("", "全部清单"), *ListKind.choices],
        required=False,
        label="清单",
        error_messages={"invalid_choice": "清单无效。"},
    )
    state = forms.ChoiceField(
        choices=[("", "全部事项"), ("in", "已涉及"), ("out", "未涉及")],
        required=False,
        label="勾选情况",
        error_messages={"invalid_choice": "勾选情况无效。"},
    )
    q = forms.CharField(
        required=False,
        max_length=100,
        label="搜索",
        error_messages={"max_length": "搜索内容不超过 100 个字。"},
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "编号、标题或内容"}),
    )

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        chosen = str(self.data.get("plan", ""))
        # An unknown plan is reported as a field error; the page still opens on the latest plan.
        self.plan = (
            Plan.objects.filter(pk=chosen).first() if chosen.isdigit() else None
        ) or plan_latest()
        self.fields["campaign"].queryset = Campaign.objects.filter(plan=self.plan).order_by(
            "number"
        )

    @property
    def narrowed(self) -> bool:
        """Whether valid filters hide some of the plan's tasks."""
        names = ("campaign", "list_kind", "state", "q")
        return self.is_valid() and any(self.cleaned_data[name] for name in names)

    def apply(self, tasks: QuerySet[Task], checked_ids: set[int]) -> QuerySet[Task]:
        """The tasks matching the valid filters (all of them when the filters are invalid)."""
        if not self.narrowed:
            return tasks
        data = self.cleaned_data
        if data["campaign"]:
            tasks = tasks.filter(campaign=data["campaign"])
        if data["list_kind"]:
            tasks = tasks.filter(list_kind=data["list_kind"])
        if data["state"] == "in":
            tasks = tasks.filter(pk__in=checked_ids)
        elif data["state"] == "out":
            tasks = tasks.exclude(pk__in=checked_ids)
        if text := data["q"]:
            tasks = tasks.filter(
                Q(number__icontains=text) | Q(title__icontains=text) | Q(text__icontains=text)
            )
        return tasks


class RegionTasksForm(forms.Form):
    """The ticked tasks among those shown; tasks not shown keep their current state."""

    tasks = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="涉及事项",
        error_messages={"invalid_choice": "事项 %(value)s 不在当前列表中，请刷新页面后重试。"},
    )
    select_all = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="全选",
        error_messages={"invalid_choice": "攻坚 %(value)s 不在当前列表中。"},
    )
    clear_all = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="全部取消",
        error_messages={"invalid_choice": "攻坚 %(value)s 不在当前列表中。"},
    )

    def __init__(self, data, *, shown: list[Task], checked_ids: set[int]):
        super().__init__(data)
        self.shown, self.checked_ids = shown, checked_ids
        self.fields["tasks"].choices = [(task.pk, task.pk) for task in shown]
        groups = sorted({task.campaign_id or 0 for task in shown})
        for name in ("select_all", "clear_all"):
            self.fields[name].choices = [(key, key) for key in groups]

    def clean(self):
        data = super().clean()
        both = set(data.get("select_all", [])) & set(data.get("clear_all", []))
        if both:
            raise forms.ValidationError("同一攻坚不能同时选择“全选”和“全部取消”。")
        return data

    def task_ids(self) -> set[int]:
        """The region's full set for the plan: hidden tasks unchanged, shown ones as ticked."""
        data = self.cleaned_data
        ids = (self.checked_ids - {task.pk for task in self.shown}) | set(data["tasks"])
        for task in self.shown:
            group = task.campaign_id or 0
            if group in data["select_all"]:
                ids.add(task.pk)
            elif group in data["clear_all"]:
                ids.discard(task.pk)
        return ids
