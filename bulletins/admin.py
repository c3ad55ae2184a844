from django.contrib import admin

from .models import Bulletin, QuarterlyReview


@admin.register(Bulletin, QuarterlyReview)
class IssuedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "period", "version", "status", "issued_at"]
    list_filter = ["status"]
    readonly_fields = ["data", "issued_at", "issued_by"]
