from django import forms

from campaigns.models import Plan
from reporting.choices import PeriodKind
from reporting.models import Period

from .models import Bulletin, QuarterlyReview


def _period_field(kind: str, label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Period.objects.filter(kind=kind).order_by("-start"),
        empty_label=None,
        error_messages={
            "invalid_choice": f"请选择有效的{label}。",
            "required": f"请选择{label}。",
        },
    )


class BulletinBuildForm(forms.Form):
    """Which plan and month to draft, and whether edited prose may be discarded."""

    plan = forms.ModelChoiceField(
        label="方案",
        queryset=Plan.objects.order_by("-year", "pk"),
        empty_label=None,
        error_messages={"invalid_choice": "请选择有效的方案。", "required": "请选择方案。"},
    )
    period = _period_field(PeriodKind.MONTH, "月份")
    discard_edits = forms.BooleanField(label="放弃已编辑的文字，按数据重新生成全文", required=False)


class ReviewBuildForm(BulletinBuildForm):
    """Which plan and quarter to review, and whether edited remarks may be discarded."""

    period = _period_field(PeriodKind.QUARTER, "季度")


class BulletinForm(forms.ModelForm):
    """The editable parts of a draft: title, issuer, the prose parts and commended campaigns."""

    commended = forms.TypedMultipleChoiceField(
        label="通报表扬的专班（附其月报中的典型做法）",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Bulletin
        fields = list(Bulletin.EDITABLE_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 8})
            for name in ("overview", "campaigns_text", "reporting_text", "requirements")
        } | {"commendation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commended"].choices = [
            (c["id"], c["name"]) for c in self.instance.data.get("campaigns", [])
        ]


class ReviewForm(forms.ModelForm):
    """The editable parts of a review draft: title, issuer, remarks and next-quarter requirements."""

    class Meta:
        model = QuarterlyReview
        fields = list(QuarterlyReview.EDITABLE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in QuarterlyReview.PROSE_FIELDS}


class CorrectionForm(forms.Form):
    """Why an issued bulletin or review needs a corrected version."""

    reason = forms.CharField(label="更正原因", widget=forms.Textarea(attrs={"rows": 3}))
