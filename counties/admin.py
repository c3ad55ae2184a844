from django.contrib import admin

from .models import RegionPeriod, RegionTaskProgress, WorkbookSubmission


@admin.register(WorkbookSubmission)
class WorkbookSubmissionAdmin(admin.ModelAdmin):
    list_display = ["region", "period", "filename", "status", "error_count", "created_at"]
    list_filter = ["status", "region"]
    list_select_related = ["region", "period"]
    readonly_fields = [field.name for field in WorkbookSubmission._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(RegionPeriod)
class RegionPeriodAdmin(admin.ModelAdmin):
    list_display = ["region", "period", "status", "version", "submitted_at", "submitted_late"]
    list_filter = ["status", "region"]
    list_select_related = ["region", "period"]
    readonly_fields = [field.name for field in RegionPeriod._meta.fields]


@admin.register(RegionTaskProgress)
class RegionTaskProgressAdmin(admin.ModelAdmin):
    list_display = ["region", "task", "period", "status", "percent"]
    list_select_related = ["region", "task", "period"]
    readonly_fields = [field.name for field in RegionTaskProgress._meta.fields]
