from django.contrib import admin

from .models import Project, ProjectUpdate


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the services (audited); the admin only reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "campaign", "region", "category", "department")
    list_filter = ("category", "campaign", "region")
    search_fields = ("code", "name")


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(ReadOnlyAdmin):
    list_display = ("project", "period", "started", "cumulative_investment", "physical_percent")
    list_select_related = ("project", "period")
