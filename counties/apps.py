from django.apps import AppConfig
from django.core import checks


def defusedxml_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Workbooks are parsed with defusedxml (no entity expansion, no external entities)."""
    import openpyxl

    if openpyxl.DEFUSEDXML:
        return []
    return [
        checks.Error(
            "openpyxl 未启用 defusedxml，上传的工作簿可能含有 XML 实体攻击。",
            hint="安装 defusedxml，并且不要设置 OPENPYXL_DEFUSEDXML=False。",
            id="counties.E001",
        )
    ]


class CountiesConfig(AppConfig):
    name = "counties"
    verbose_name = "县市区报送"

    def ready(self) -> None:
        checks.register(defusedxml_check, checks.Tags.security)
