import json

from django import forms
from django_celery_beat.models import PeriodicTask

from .schedules import DEFAULT_SCHEDULES


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="接收邮件（发送到账号的电子邮箱）", required=False)
    webhook_enabled = forms.BooleanField(label="推送到企业微信/钉钉群机器人", required=False)
    webhook_url = forms.URLField(
        label="群机器人地址",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="在群设置中添加机器人后复制其 Webhook 地址。",
    )


def _int_list(text: str, low: int, high: int, label: str) -> list[int]:
    try:
        values = sorted({int(part) for part in text.replace("，", ",").split(",") if part.strip()})
    except ValueError as exc:
        raise forms.ValidationError(f"{label}只能填写数字，用逗号分隔。") from exc
    if not values or any(not low <= v <= high for v in values):
        raise forms.ValidationError(f"{label}必须在 {low}–{high} 之间。")
    return values


class ScheduleForm(forms.Form):
    """Time, days and on/off of one scheduled job; job parameters validated by kind."""

    enabled = forms.BooleanField(label="启用", required=False)
    hour = forms.IntegerField(label="时", min_value=0, max_value=23)
    minute = forms.IntegerField(label="分", min_value=0, max_value=59)
    day_of_month = forms.CharField(
        label="执行日期", max_length=60, help_text="“*”表示每天，或填写日期如 1,11,21。"
    )
    days = forms.CharField(label="提醒日", required=False, help_text="如 20,23；遇周末提前到周五。")
    day = forms.IntegerField(label="逾期通知日", required=False, min_value=1, max_value=31)
    days_before = forms.IntegerField(label="提前天数", required=False, min_value=1, max_value=60)
    tolerance = forms.IntegerField(
        label="容差（百分点）", required=False, min_value=0, max_value=50
    )

    def __init__(self, *args, task: PeriodicTask, **kwargs) -> None:
        self.task = task
        kwargs.setdefault(
            "initial",
            {
                "enabled": task.enabled,
                "hour": task.crontab.hour,
                "minute": task.crontab.minute,
                "day_of_month": task.crontab.day_of_month,
                **json.loads(task.kwargs or "{}"),
            },
        )
        if isinstance(kwargs["initial"].get("days"), list):
            kwargs["initial"]["days"] = ",".join(str(d) for d in kwargs["initial"]["days"])
        super().__init__(*args, **kwargs)
        expected = set(DEFAULT_SCHEDULES.get(task.name, (None, None, None, {}))[3])
        for name in ("days", "day", "days_before", "tolerance"):
            if name not in expected:
                del self.fields[name]
            else:
                self.fields[name].required = True

    def clean_day_of_month(self) -> str:
        value = self.cleaned_data["day_of_month"].strip()
        if value != "*":
            _int_list(value, 1, 31, "执行日期")
        return value

    def clean_days(self) -> list[int]:
        return _int_list(self.cleaned_data["days"], 1, 31, "提醒日")

    def job_kwargs(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("days", "day", "days_before", "tolerance")
            if name in self.fields
        }
