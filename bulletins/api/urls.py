from rest_framework.routers import SimpleRouter

from .views import BulletinViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("bulletins", BulletinViewSet, basename="bulletin")

urlpatterns = router.urls
