from django.contrib import admin

from .models import Evidence, TargetValue, TaskProgress


class ReadOnlyAdmin(admin.ModelAdmin):
    """Progress is written through the platform (versioned and audited); the admin only reads."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TargetValueInline(admin.TabularInline):
    model = TargetValue
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskProgress)
class TaskProgressAdmin(ReadOnlyAdmin):
    list_display = ["task", "period", "department", "status", "percent", "version", "updated_at"]
    list_filter = ["period__kind", "status"]
    list_select_related = ["task", "period", "department"]
    search_fields = ["task__title", "done"]
    inlines = [TargetValueInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "progress", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["progress__task", "progress__period", "uploaded_by"]
    exclude = ["file"]  # files are downloaded through the scoped view, never from /media/
