from django.urls import path

from . import views

urlpatterns = [
    path("bulletins/", views.bulletin_list, name="bulletin-list"),
    path("bulletins/build/", views.bulletin_build, name="bulletin-build"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin-detail"),
    path("bulletins/<int:pk>/edit/", views.bulletin_edit, name="bulletin-edit"),
    path("bulletins/<int:pk>/issue/", views.bulletin_issue, name="bulletin-issue"),
    path("bulletins/<int:pk>/correct/", views.bulletin_correct, name="bulletin-correct"),
    path("bulletins/<int:pk>/pdf/", views.bulletin_pdf_download, name="bulletin-pdf"),
    path("bulletins/<int:pk>/docx/", views.bulletin_docx_download, name="bulletin-docx"),
    path("bulletins/<int:pk>/charts/<str:name>.png", views.bulletin_chart, name="bulletin-chart"),
    path("bulletins/quarterly/", views.review_list, name="quarterly-list"),
    path("bulletins/quarterly/build/", views.review_build, name="quarterly-build"),
    path("bulletins/quarterly/<int:pk>/", views.review_detail, name="quarterly-detail"),
    path("bulletins/quarterly/<int:pk>/edit/", views.review_edit, name="quarterly-edit"),
    path("bulletins/quarterly/<int:pk>/issue/", views.review_issue, name="quarterly-issue"),
    path("bulletins/quarterly/<int:pk>/correct/", views.review_correct, name="quarterly-correct"),
    path("bulletins/quarterly/<int:pk>/pdf/", views.review_pdf_download, name="quarterly-pdf"),
    path("bulletins/quarterly/<int:pk>/docx/", views.review_docx_download, name="quarterly-docx"),
    path(
        "bulletins/quarterly/<int:pk>/charts/<str:name>.png",
        views.review_chart,
        name="quarterly-chart",
    ),
]
