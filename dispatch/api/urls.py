from rest_framework.routers import SimpleRouter

from .views import DispatchSheetViewSet, FollowUpViewSet, NoticeViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("notices", NoticeViewSet, basename="notice")
router.register("dispatch-sheets", DispatchSheetViewSet, basename="dispatch-sheet")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")

urlpatterns = router.urls
