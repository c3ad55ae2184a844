from django.contrib import admin

from .models import Campaign, Department, DepartmentAlias, Plan, PlanImport, Region, Section


class DepartmentAliasInline(admin.TabularInline):
    model = DepartmentAlias
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [DepartmentAliasInline]


@admin.register(DepartmentAlias)
class DepartmentAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "department"]
    search_fields = ["alias", "department__name"]
    autocomplete_fields = ["department"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "document_number", "year", "issue_date"]
    search_fields = ["title", "document_number"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "plan", "convener", "office_department"]
    list_filter = ["plan"]
    search_fields = ["name"]
    autocomplete_fields = ["office_department", "lead_departments", "member_departments"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["plan", "campaign", "number", "title", "order"]
    list_filter = ["plan", "campaign"]
    search_fields = ["title"]


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "status", "created_by", "created_at", "applied_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in PlanImport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
