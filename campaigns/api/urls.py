from rest_framework.routers import SimpleRouter

from .views import (
    CampaignViewSet,
    DepartmentViewSet,
    PlanImportViewSet,
    PlanViewSet,
    RegionViewSet,
)

router = SimpleRouter()
router.include_format_suffixes = False
router.register("plans", PlanViewSet, basename="plan")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("departments", DepartmentViewSet, basename="department")
router.register("regions", RegionViewSet, basename="region")
router.register("plan-imports", PlanImportViewSet, basename="plan-import")

urlpatterns = router.urls
