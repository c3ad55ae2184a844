from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: history cannot be edited, not even here."""

    list_display = ["created_at", "actor", "action", "content_type", "object_repr", "source"]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["object_repr", "summary", "actor__username"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
