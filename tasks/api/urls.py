from rest_framework.routers import SimpleRouter

from .views import TargetViewSet, TaskViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("tasks", TaskViewSet, basename="task")
router.register("targets", TargetViewSet, basename="target")

urlpatterns = router.urls
