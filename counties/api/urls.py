from rest_framework.routers import SimpleRouter

from .views import RegionalTargetViewSet, RegionPeriodViewSet, RegionTaskViewSet, SubmissionViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("county-submissions", SubmissionViewSet, basename="county-submission")
router.register("county-periods", RegionPeriodViewSet, basename="county-period")
router.register("regional-targets", RegionalTargetViewSet, basename="regional-target")
# Only /api/regions/{id}/tasks/; the regions themselves are served by campaigns.api.
router.register("regions", RegionTaskViewSet, basename="county-region")

urlpatterns = router.urls
