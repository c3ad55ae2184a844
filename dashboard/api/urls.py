from rest_framework.routers import SimpleRouter

from .views import DashboardViewSet, LightRuleViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("dashboard/light-rule", LightRuleViewSet, basename="dashboard-rule")
router.register("dashboard", DashboardViewSet, basename="dashboard")

urlpatterns = router.urls
