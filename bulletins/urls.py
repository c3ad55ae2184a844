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
]
