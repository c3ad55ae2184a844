from django import forms

from .models import Project, ProjectUpdate
from .selectors import fortnights
from .services import PROJECT_FIELDS, UPDATE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    """The register entry of a project (总专班)."""

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {"planned_start": DATE, "planned_end": DATE}


class ProjectUpdateForm(forms.ModelForm):
    """A project's update for one fortnight."""

    period = forms.ModelChoiceField(queryset=fortnights(), label="双周调度期", empty_label=None)

    class Meta:
        model = ProjectUpdate
        fields = ("period", *UPDATE_FIELDS)
        widgets = {"start_date": DATE, "problems": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self) -> None:
        """The service files over an existing update of the same fortnight."""


class ProjectImportForm(forms.Form):
    """The register workbook (总专班)."""

    file = forms.FileField(label="项目库工作簿（.xlsx）")


class ProjectUpdateImportForm(forms.Form):
    """One fortnight's update workbook."""

    period = forms.ModelChoiceField(queryset=fortnights(), label="双周调度期", empty_label=None)
    file = forms.FileField(label="项目进展工作簿（.xlsx）")


class SummaryForm(forms.Form):
    """The fortnight a summary is taken at."""

    period = forms.ModelChoiceField(
        queryset=fortnights(), label="截至双周", required=False, empty_label="本期"
    )
