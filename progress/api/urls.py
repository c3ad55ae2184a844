from rest_framework.routers import SimpleRouter

from .views import TaskProgressViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("progress", TaskProgressViewSet, basename="progress")

urlpatterns = router.urls
