from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from accounts.selectors import access_for

from .. import selectors, services
from ..views import COORDINATORS_ONLY
from .serializers import BulletinBuildSerializer, BulletinSerializer


def _api_error(error: ValidationError) -> ApiValidationError:
    return ApiValidationError(
        error.message_dict if hasattr(error, "error_dict") else error.messages
    )


class BulletinViewSet(viewsets.ReadOnlyModelViewSet):
    """Bulletins the user may read (issued; drafts too for 总专班), and the draft/issue actions."""

    serializer_class = BulletinSerializer

    def get_queryset(self):
        return selectors.bulletins_visible(access_for(self.request.user)).order_by(
            "-period__start", "-version"
        )

    def _coordinator(self) -> None:
        if not access_for(self.request.user).is_coordinator:
            raise PermissionDenied(COORDINATORS_ONLY)

    @extend_schema(request=BulletinBuildSerializer, responses=BulletinSerializer)
    @action(detail=False, methods=["post"])
    def build(self, request):
        """Build or refresh a month's draft from the data."""
        self._coordinator()
        payload = BulletinBuildSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            bulletin = services.bulletin_draft_build(actor=request.user, **payload.validated_data)
        except ValidationError as error:
            raise _api_error(error) from error
        return Response(BulletinSerializer(bulletin).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BulletinSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue a draft (frozen afterwards; leaders and task forces are notified)."""
        bulletin = self.get_object()
        self._coordinator()
        try:
            bulletin = services.bulletin_issue(actor=request.user, bulletin=bulletin)
        except ValidationError as error:
            raise _api_error(error) from error
        return Response(BulletinSerializer(bulletin).data)
