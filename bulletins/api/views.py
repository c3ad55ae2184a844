from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.selectors import access_for

from .. import selectors
from ..filtersets import BulletinFilterSet, ReviewFilterSet
from ..render_docx import document_docx
from ..render_pdf import document_pdf
from ..views import BULLETIN, COORDINATORS_ONLY, DOCX, REVIEW, Kind, download, filename
from .serializers import (
    BulletinBuildSerializer,
    BulletinSerializer,
    BulletinUpdateSerializer,
    CorrectionSerializer,
    QuarterlyReviewBuildSerializer,
    QuarterlyReviewSerializer,
    QuarterlyReviewUpdateSerializer,
)


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for the file; an error (a dict) still goes out as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return renderers.JSONRenderer().render(data)


class DocxRenderer(PdfRenderer):
    media_type = DOCX
    format = "docx"


class IssuedDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Shared by bulletins and reviews: read what the user may, and the draft/edit/issue/correct
    actions for 总专班 (the same services as the pages)."""

    kind: Kind
    build_serializer: type
    update_serializer: type

    def get_queryset(self):
        return selectors.documents_visible(self.kind.model, access_for(self.request.user)).order_by(
            "-period__start", "-version"
        )

    def get_object(self):
        """The visible version with that id; anything else is a 404 with a Chinese message."""
        try:
            return super().get_object()
        except Http404 as error:
            raise NotFound(f"没有找到这份{self.kind.model.NOUN}，或您无权查看。") from error

    def _coordinator(self) -> None:
        if not access_for(self.request.user).is_coordinator:
            raise PermissionDenied(COORDINATORS_ONLY)

    def _respond(self, document, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer_class()(document).data, status=code)

    @action(detail=False, methods=["post"])
    def build(self, request):
        """Build or refresh a period's draft from the data (edited prose kept unless discarded)."""
        self._coordinator()
        payload = self.build_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = self.kind.build(actor=request.user, **payload.validated_data)
        return self._respond(document, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        """Edit a draft's title, issuer and prose (issued versions are refused)."""
        document = self.get_object()
        self._coordinator()
        payload = self.update_serializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        document = self.kind.update(request.user, document, **payload.validated_data)
        return self._respond(document)

    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Issue a draft (frozen afterwards; leaders and task forces are notified)."""
        document = self.get_object()
        self._coordinator()
        document = self.kind.issue(request.user, document)
        return self._respond(document)

    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Open a correction of an issued version: a new draft version with the reason."""
        document = self.get_object()
        self._coordinator()
        payload = CorrectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        draft = self.kind.correct(request.user, document, payload.validated_data["reason"])
        return self._respond(draft, status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, PdfRenderer])
    def pdf(self, request, pk=None) -> HttpResponse:
        """The version as a PDF file (the same content as the page)."""
        document = self.get_object()
        return download(
            document_pdf(self.kind.document(document)),
            "application/pdf",
            filename(self.kind.title, document, "pdf"),
        )

    @extend_schema(responses={(200, DOCX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, DocxRenderer])
    def docx(self, request, pk=None) -> HttpResponse:
        """The version as a Word file (the same content as the page)."""
        document = self.get_object()
        return download(
            document_docx(self.kind.document(document)),
            DOCX,
            filename(self.kind.title, document, "docx"),
        )


def _schemas(read, build, update) -> dict:
    """The request and response bodies of the shared actions, per kind."""
    return {
        "build": extend_schema(request=build, responses={201: read}),
        "partial_update": extend_schema(request=update, responses=read),
        "issue": extend_schema(request=None, responses=read),
        "correct": extend_schema(
            request=CorrectionSerializer,
            responses={201: read, 400: OpenApiResponse(description="更正原因为空或已有草稿")},
        ),
    }


@extend_schema_view(
    **_schemas(BulletinSerializer, BulletinBuildSerializer, BulletinUpdateSerializer)
)
class BulletinViewSet(IssuedDocumentViewSet):
    """Bulletins the user may read (issued; drafts too for 总专班), and the draft/issue actions."""

    kind = BULLETIN
    filterset_class = BulletinFilterSet
    serializer_class = BulletinSerializer
    build_serializer = BulletinBuildSerializer
    update_serializer = BulletinUpdateSerializer


@extend_schema_view(
    **_schemas(
        QuarterlyReviewSerializer, QuarterlyReviewBuildSerializer, QuarterlyReviewUpdateSerializer
    )
)
class QuarterlyReviewViewSet(IssuedDocumentViewSet):
    """Quarterly reviews the user may read (issued; drafts too for 总专班), and the draft/issue
    actions."""

    kind = REVIEW
    filterset_class = ReviewFilterSet
    serializer_class = QuarterlyReviewSerializer
    build_serializer = QuarterlyReviewBuildSerializer
    update_serializer = QuarterlyReviewUpdateSerializer
