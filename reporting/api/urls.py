from rest_framework.routers import SimpleRouter

from .views import PeriodViewSet, ReportViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("periods", PeriodViewSet, basename="period")
router.register("reports", ReportViewSet, basename="report")

urlpatterns = router.urls
