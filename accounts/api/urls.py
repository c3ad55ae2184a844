from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import MembershipViewSet, MeView, UserViewSet

router = SimpleRouter()
router.include_format_suffixes = False
router.register("users", UserViewSet, basename="user")
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
