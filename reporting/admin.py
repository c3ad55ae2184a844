from django.contrib import admin

from .models import CampaignReport, Period, ProvincialRank, ReportEvent


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "start", "end", "deadline"]
    list_filter = ["kind"]


class ProvincialRankInline(admin.TabularInline):
    model = ProvincialRank
    extra = 0
    can_delete = False
    readonly_fields = ["indicator", "rank", "previous_rank", "note", "order"]


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "actor", "reason", "created_at"]


@admin.register(CampaignReport)
class CampaignReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the workflow services, which audit every step."""

    list_display = ["campaign", "period", "status", "submitted_at", "submitted_late", "version"]
    list_filter = ["status", "submitted_late", "period"]
    list_select_related = ["campaign", "period"]
    inlines = [ProvincialRankInline, ReportEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
