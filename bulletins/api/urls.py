from rest_framework.routers import SimpleRouter

from .views import BulletinViewSet, QuarterlyReviewViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("bulletins", BulletinViewSet, basename="bulletin")
router.register("quarterly-reviews", QuarterlyReviewViewSet, basename="quarterly-review")

urlpatterns = router.urls
