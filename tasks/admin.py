from django.contrib import admin

from .models import RegionalTarget, Target, Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Workflow fields change only through the list pages and API (tasks.services), so they are audited."""

    list_display = ["number", "title", "campaign", "section", "list_kind", "deadline", "status"]
    list_filter = ["plan", "campaign", "list_kind", "status"]
    search_fields = ["title", "text"]
    list_select_related = ["campaign", "section"]
    autocomplete_fields = ["lead_departments", "co_departments"]
    raw_id_fields = ["parent", "section"]
    readonly_fields = ["status", "closed_at", "split_from", "created_by", "updated_at"]


class RegionalTargetInline(admin.TabularInline):
    model = RegionalTarget
    extra = 0


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "value", "unit", "qualifier", "scope", "campaign"]
    list_filter = ["plan", "scope", "kind", "qualifier"]
    search_fields = ["name", "source_text"]
    list_select_related = ["campaign"]
    raw_id_fields = ["task"]
    inlines = [RegionalTargetInline]


@admin.register(RegionalTarget)
class RegionalTargetAdmin(admin.ModelAdmin):
    list_display = ["target", "region", "value", "unit", "qualifier"]
    list_filter = ["region"]
    list_select_related = ["target", "region"]
