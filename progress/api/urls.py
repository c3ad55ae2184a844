from rest_framework.routers import SimpleRouter

router = SimpleRouter()
router.include_format_suffixes = False

urlpatterns = router.urls
