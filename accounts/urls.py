from django.urls import path

from . import views

urlpatterns = [
    path("accounts/users/", views.user_list, name="account-user-list"),
    path("accounts/users/new/", views.user_create, name="account-user-create"),
    path("accounts/users/<int:pk>/", views.user_detail, name="account-user-detail"),
    path(
        "accounts/memberships/<int:pk>/delete/",
        views.membership_delete,
        name="account-membership-delete",
    ),
]
