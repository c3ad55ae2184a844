from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.selectors import access_for

from .. import selectors, services
from ..filtersets import FollowUpFilterSet, NoticeFilterSet, SheetFilterSet
from .serializers import (
    ExtensionDecisionSerializer,
    ExtensionRequestSerializer,
    FollowUpCloseSerializer,
    FollowUpCreateSerializer,
    FollowUpSerializer,
    NoticeCloseSerializer,
    NoticeDetailSerializer,
    NoticeIssueSerializer,
    NoticeReplySerializer,
    NoticeReturnSerializer,
    NoticeSerializer,
    NoticeSuggestionIssueSerializer,
    NoticeSuggestionSerializer,
    NoticeUrgeSerializer,
    SheetContentSerializer,
    SheetCreateSerializer,
    SheetMeetingSerializer,
    SheetSerializer,
)


def _coordinator(request) -> None:
    access = access_for(request.user)
    if not (access.is_office or access.is_admin):
        raise exceptions.PermissionDenied("只有总专班可以执行该操作。")


def _payload(serializer_class, request) -> dict:
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Supervision notices (督办单), scoped to the caller: 交办 → 签收 → 反馈 → 审核 → 办结.

    Status, campaign and unit come from the server and change only through the actions.
    """

    filterset_class = NoticeFilterSet
    ordering_fields = ["issued_at", "deadline", "level", "status"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        access = access_for(self.request.user)
        if self.action == "retrieve":
            return selectors.notice_detail(access)
        return selectors.notice_list(access)

    def get_serializer_class(self):
        return NoticeDetailSerializer if self.action == "retrieve" else NoticeSerializer

    def _fresh(self, notice) -> dict:
        notice = selectors.notice_detail(access_for(self.request.user)).get(pk=notice.pk)
        return NoticeDetailSerializer(notice, context=self.get_serializer_context()).data

    @extend_schema(
        summary="下发督办单（总专班；每个责任单位一份）",
        request=NoticeIssueSerializer,
        responses={201: NoticeSerializer(many=True)},
    )
    def create(self, request):
        _coordinator(request)
        data = _payload(NoticeIssueSerializer, request)
        issued = services.notice_issue(actor=request.user, **data)
        return Response(
            NoticeSerializer(issued, many=True, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def _step(self, service, payload_class=None) -> Response:
        notice = self.get_object()
        data = _payload(payload_class, self.request) if payload_class else {}
        service(actor=self.request.user, notice=notice, **data)
        return Response(self._fresh(notice))

    @extend_schema(summary="签收（责任单位）", request=None, responses=NoticeDetailSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._step(services.notice_sign)

    @extend_schema(
        summary="反馈办理情况并上传佐证材料（责任单位，multipart）",
        request={
            "multipart/form-data": NoticeReplySerializer,
            "application/json": NoticeReplySerializer,
        },
        responses=NoticeDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        notice = self.get_object()
        payload = NoticeReplySerializer(
            data={"reply": request.data.get("reply"), "files": request.FILES.getlist("files")}
        )
        payload.is_valid(raise_exception=True)
        services.notice_reply(actor=request.user, notice=notice, **payload.validated_data)
        return Response(self._fresh(notice))

    @extend_schema(
        summary="退回（总专班，须填原因）",
        request=NoticeReturnSerializer,
        responses=NoticeDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_notice(self, request, pk=None):
        return self._step(services.notice_return, NoticeReturnSerializer)

    @extend_schema(
        summary="办结（总专班）", request=NoticeCloseSerializer, responses=NoticeDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(services.notice_close, NoticeCloseSerializer)

    @extend_schema(
        summary="催办（总专班）", request=NoticeUrgeSerializer, responses=NoticeDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        return self._step(services.notice_urge, NoticeUrgeSerializer)

    @extend_schema(
        summary="申请延期（责任单位）",
        request=ExtensionRequestSerializer,
        responses=NoticeDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None):
        return self._step(services.extension_request, ExtensionRequestSerializer)

    @extend_schema(
        summary="审批延期申请（总专班）",
        request=ExtensionDecisionSerializer,
        responses=NoticeDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="extension-decision")
    def extension_decision(self, request, pk=None):
        return self._step(services.extension_decide, ExtensionDecisionSerializer)

    @extend_schema(
        summary="建议督办：长期逾期任务和红灯指标（总专班）",
        responses=NoticeSuggestionSerializer(many=True),
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def suggestions(self, request):
        _coordinator(request)
        return Response(NoticeSuggestionSerializer(selectors.notice_suggestions(), many=True).data)

    @extend_schema(
        summary="一键下发建议的督办单（总专班）",
        request=NoticeSuggestionIssueSerializer,
        responses={201: NoticeSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="suggestions/issue", filter_backends=[])
    def issue_suggested(self, request):
        _coordinator(request)
        data = _payload(NoticeSuggestionIssueSerializer, request)
        issued = services.notice_issue_suggested(actor=request.user, **data)
        return Response(
            NoticeSerializer(issued, many=True, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class DispatchSheetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """旬 dispatch sheets and their meeting records (总专班, administrators and leaders)."""

    serializer_class = SheetSerializer
    filterset_class = SheetFilterSet
    ordering_fields = ["period__start"]

    def get_queryset(self):
        return selectors.sheets_visible(access_for(self.request.user))

    @extend_schema(
        summary="生成某旬的调度单（总专班）",
        request=SheetCreateSerializer,
        responses={201: SheetSerializer},
    )
    def create(self, request):
        _coordinator(request)
        data = _payload(SheetCreateSerializer, request)
        sheet = services.sheet_create(actor=request.user, **data)
        return Response(SheetSerializer(sheet).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="填写调度会议记录（总专班）",
        request=SheetMeetingSerializer,
        responses=SheetSerializer,
    )
    def partial_update(self, request, pk=None):
        sheet = self.get_object()
        _coordinator(request)
        payload = SheetMeetingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = {name: getattr(sheet, name) for name in services.MEETING_FIELDS}
        fields.update(payload.validated_data)
        sheet = services.sheet_update(actor=request.user, sheet=sheet, **fields)
        return Response(SheetSerializer(sheet).data)

    @extend_schema(summary="调度单内容（按旬首日）", responses=SheetContentSerializer)
    @action(detail=True, methods=["get"], filter_backends=[])
    def content(self, request, pk=None):
        sheet = self.get_object()
        content = selectors.sheet_content(access_for(request.user), sheet)
        return Response(SheetContentSerializer(content, context=self.get_serializer_context()).data)


class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Follow-up items decided at dispatch meetings; a unit sees its own."""

    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    ordering_fields = ["deadline", "created_at"]

    def get_queryset(self):
        return selectors.follow_ups_visible(access_for(self.request.user)).order_by(
            "deadline", "pk"
        )

    @extend_schema(
        summary="登记会议议定事项（总专班）",
        request=FollowUpCreateSerializer,
        responses={201: FollowUpSerializer},
    )
    def create(self, request):
        _coordinator(request)
        data = _payload(FollowUpCreateSerializer, request)
        item = services.follow_up_create(actor=request.user, **data)
        return Response(FollowUpSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="办结议定事项（总专班或责任单位）",
        request=FollowUpCloseSerializer,
        responses=FollowUpSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        data = _payload(FollowUpCloseSerializer, request)
        item = services.follow_up_close(actor=request.user, item=item, **data)
        return Response(FollowUpSerializer(item).data)
