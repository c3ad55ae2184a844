from rest_framework.routers import SimpleRouter

from .views import ProjectSummaryViewSet, ProjectUpdateViewSet, ProjectViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("projects", ProjectViewSet, basename="project")
router.register("project-updates", ProjectUpdateViewSet, basename="project-update")
router.register("project-summary", ProjectSummaryViewSet, basename="project-summary")

urlpatterns = router.urls
