"""Root URLs: pages, the REST API under /api/, its OpenAPI schema and docs, the admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

admin.site.site_header = "七大攻坚调度平台 管理后台"
admin.site.site_title = "七大攻坚调度平台"

api_patterns = [
    path("", include("accounts.api.urls")),
    path("", include("campaigns.api.urls")),
    path("", include("tasks.api.urls")),
    path("", include("progress.api.urls")),
    path("", include("reporting.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("counties.api.urls")),
    path("", include("dashboard.api.urls")),
    path("", include("dispatch.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("bulletins.api.urls")),
]

urlpatterns = [
    path("", include("core.urls")),
    path("", include("campaigns.urls")),
    path("", include("accounts.urls")),
    path("", include("tasks.urls")),
    path("", include("progress.urls")),
    path("", include("reporting.urls")),
    path("", include("notifications.urls")),
    path("", include("counties.urls")),
    path("", include("dashboard.urls")),
    path("", include("dispatch.urls")),
    path("", include("projects.urls")),
    path("", include("bulletins.urls")),
    path("api/", include((api_patterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
