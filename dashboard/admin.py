from django.contrib import admin

from .models import LightRule


@admin.register(LightRule)
class LightRuleAdmin(admin.ModelAdmin):
    """Read-only here: the rule is changed at /dashboard/rule/ so that every change is audited."""

    list_display = ["__str__", "rate_about", "rate_yellow", "progress_about", "progress_yellow"]
    readonly_fields = [*list_display[1:], "updated_by", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
