from django.contrib import admin

from .models import Bulletin


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["title", "period", "version", "status", "issued_at"]
    list_filter = ["status"]
    readonly_fields = ["data", "issued_at", "issued_by"]
