from django.urls import path

from . import views

urlpatterns = [
    path("dispatch/todo/", views.todo, name="dispatch-todo"),
    path("dispatch/sheets/", views.sheet_list, name="dispatch-sheet-list"),
    path("dispatch/sheets/<int:pk>/", views.sheet_detail, name="dispatch-sheet-detail"),
    path("dispatch/sheets/<int:pk>/export/", views.sheet_export, name="dispatch-sheet-export"),
    path(
        "dispatch/sheets/<int:pk>/follow-ups/",
        views.follow_up_create,
        name="dispatch-follow-up-create",
    ),
    path(
        "dispatch/follow-ups/<int:pk>/close/",
        views.follow_up_close,
        name="dispatch-follow-up-close",
    ),
    path("dispatch/notices/", views.notice_list, name="dispatch-notice-list"),
    path("dispatch/notices/export/", views.notice_export, name="dispatch-notice-export"),
    path("dispatch/notices/new/", views.notice_issue, name="dispatch-notice-issue"),
    path(
        "dispatch/notices/suggestions/",
        views.notice_suggestions,
        name="dispatch-notice-suggestions",
    ),
    path(
        "dispatch/notices/suggestions/issue/",
        views.notice_suggestion_issue,
        name="dispatch-notice-suggestion-issue",
    ),
    path("dispatch/notices/<int:pk>/", views.notice_detail, name="dispatch-notice-detail"),
    path(
        "dispatch/notices/<int:pk>/<slug:action>/",
        views.notice_action,
        name="dispatch-notice-action",
    ),
    path(
        "dispatch/notice-evidence/<int:pk>/",
        views.notice_evidence,
        name="dispatch-notice-evidence",
    ),
]
