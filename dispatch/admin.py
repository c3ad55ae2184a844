from django.contrib import admin

from .models import DispatchSheet, ExtensionRequest, FollowUp, Notice, NoticeEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the services (audited); the admin only reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DispatchSheet)
class DispatchSheetAdmin(ReadOnlyAdmin):
    list_display = ["period", "meeting_date", "chair", "created_by"]
    list_select_related = ["period", "created_by"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["decision", "department", "deadline", "status"]
    list_filter = ["status"]
    list_select_related = ["department"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "department", "level", "status", "deadline"]
    list_filter = ["status", "level"]
    list_select_related = ["department"]
    search_fields = ["number", "title"]


@admin.register(NoticeEvent)
class NoticeEventAdmin(ReadOnlyAdmin):
    list_display = ["notice", "kind", "actor", "created_at"]
    list_select_related = ["notice", "actor"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["notice", "requested_deadline", "status", "requested_by"]
    list_select_related = ["notice", "requested_by"]
