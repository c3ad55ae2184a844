from django import forms

from . import selectors
from .choices import ReportAction
from .models import CampaignReport

RANK_RANGE = {"min_value": 1, "max_value": 14}


class ReportForm(forms.ModelForm):
    """The report's four text parts and the version the editor loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = CampaignReport
        fields = ["progress", "practices", "problems", "next_plans"]
        widgets = {name: forms.Textarea(attrs={"rows": 7}) for name in fields}


class RankForm(forms.Form):
    """One row of the 全省排名 table."""

    indicator = forms.CharField(label="指标", max_length=100)
    rank = forms.IntegerField(label="全省排名", **RANK_RANGE)
    previous_rank = forms.IntegerField(label="上月排名", required=False, **RANK_RANGE)
    note = forms.CharField(label="说明", max_length=200, required=False)


class BaseRankFormSet(forms.BaseFormSet):
    """The rank rows; an indicator may appear once."""

    def clean(self) -> None:
        if any(self.errors):  # rows with their own errors are reported on the row
            return
        seen: set[str] = set()
        for row in self.rows():
            if row["indicator"] in seen:
                raise forms.ValidationError(f"全省排名：指标“{row['indicator']}”重复。")
            seen.add(row["indicator"])

    def rows(self) -> list[dict]:
        """The filled, kept rows in page order."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


RankFormSet = forms.formset_factory(
    RankForm, formset=BaseRankFormSet, extra=1, can_delete=True, max_num=60, validate_max=True
)


class ReportActionForm(forms.Form):
    """A workflow step from the report page, with its reason where one is needed."""

    action = forms.ChoiceField(label="操作", choices=ReportAction.choices)
    reason = forms.CharField(label="原因", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RegenerateForm(forms.Form):
    """Regenerate the pre-filled parts; `confirm` once the user has seen what is replaced."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PeriodDeadlineForm(forms.Form):
    """总专班 sets a month's 报送截止 date."""

    period = forms.ModelChoiceField(
        label="月份", queryset=selectors.month_periods(), widget=forms.HiddenInput
    )
    deadline = forms.DateField(
        label="报送截止", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
