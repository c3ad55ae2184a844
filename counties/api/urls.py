from rest_framework.routers import SimpleRouter

from .views import RegionalTargetViewSet, RegionPeriodViewSet, SubmissionViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("county-submissions", SubmissionViewSet, basename="county-submission")
router.register("county-periods", RegionPeriodViewSet, basename="county-period")
router.register("regional-targets", RegionalTargetViewSet, basename="regional-target")

urlpatterns = router.urls
