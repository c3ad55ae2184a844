from django import forms

from .models import Department


class PlanImportForm(forms.Form):
    """Upload a plan document (.txt or .docx)."""

    document = forms.FileField(
        label="方案文件",
        help_text="支持 .txt（UTF-8 或 GBK 编码）和 .docx，不超过 5 MB。",
        error_messages={"required": "请选择要上传的方案文件。", "empty": "文件为空。"},
    )


NEW_DEPARTMENT = "new"


class UnitMappingForm(forms.Form):
    """For each unknown unit name: an existing department it is another name of, or a new one."""

    def __init__(self, *args, unresolved: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = list(Department.objects.order_by("name").values_list("pk", "name"))
        self.names: dict[str, str] = {}
        for index, item in enumerate(unresolved):
            field_name = f"unit_{index}"
            self.names[field_name] = item["name"]
            suggested = [(str(d.pk), f"{d.name}（推荐）") for d in item["suggestions"]]
            self.fields[field_name] = forms.ChoiceField(
                label=item["name"],
                choices=[("", "请选择…"), (NEW_DEPARTMENT, "新建为部门"), *suggested]
                + [(str(pk), name) for pk, name in departments],
                error_messages={"required": f"请为“{item['name']}”选择对应部门或新建。"},
            )

    def mappings(self) -> dict[str, int | None]:
        return {
            name: None
            if self.cleaned_data[field] == NEW_DEPARTMENT
            else int(self.cleaned_data[field])
            for field, name in self.names.items()
        }
