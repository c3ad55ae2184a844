from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..models import Membership
from ..selectors import access_for, user_list
from .serializers import MembershipSerializer, MeSerializer, UserCreateSerializer, UserSerializer


class IsPlatformAdmin(permissions.BasePermission):
    """Administrators manage users and role bindings."""

    message = "只有系统管理员可以管理用户。"

    def has_permission(self, request, view) -> bool:
        return access_for(request.user).is_admin


class MeView(APIView):
    """The logged-in user with their roles and bindings."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        memberships = Membership.objects.filter(user=request.user)
        body = {
            "id": request.user.pk,
            "username": request.user.username,
            "full_name": request.user.first_name,
            "roles": sorted(access_for(request.user).roles),
            "memberships": memberships,
        }
        return Response(MeSerializer(body).data)


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Users and their role bindings (administrators only)."""

    permission_classes = [permissions.IsAuthenticated, IsPlatformAdmin]
    serializer_class = UserSerializer

    def get_queryset(self):
        return user_list(q=self.request.query_params.get("q", ""))

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request, *args, **kwargs):
        payload = UserCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.user_create(actor=request.user, **payload.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        user = serializer.instance
        data = serializer.validated_data
        services.user_update(
            actor=self.request.user,
            user=user,
            full_name=data.get("first_name", user.first_name),
            email=data.get("email", user.email),
            is_active=data.get("is_active", user.is_active),
        )


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Role bindings (administrators only)."""

    permission_classes = [permissions.IsAuthenticated, IsPlatformAdmin]
    serializer_class = MembershipSerializer
    filterset_fields = ["user", "role", "campaign", "department", "region"]

    def get_queryset(self):
        return Membership.objects.select_related("campaign", "department", "region").order_by("id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.membership_add(actor=self.request.user, **data)

    def perform_destroy(self, instance):
        services.membership_remove(actor=self.request.user, membership=instance)


get_user_model()  # the user model must be ready before the router inspects the viewsets
