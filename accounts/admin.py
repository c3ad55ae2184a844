from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "campaign", "department", "region", "is_liaison"]
    list_filter = ["role", "is_liaison"]
    search_fields = ["user__username", "user__first_name"]
    list_select_related = ["user", "campaign", "department", "region"]
    autocomplete_fields = ["department", "region"]
