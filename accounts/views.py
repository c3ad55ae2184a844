from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from audit.selectors import history_for
from core.forms import add_service_errors

from . import selectors, services
from .forms import MembershipForm, PasswordResetForm, UserCreateForm, UserFilterForm, UserUpdateForm
from .models import Membership
from .permissions import require_admin

USERS_ADMIN_ONLY = "只有系统管理员可以管理用户。"


def _apply(form, call) -> bool:
    """Run a service; put its ValidationError on the form. True when it succeeded."""
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@login_required
def user_list(request):
    """All users with their roles; administrators only."""
    require_admin(request.user, USERS_ADMIN_ONLY)
    filters = UserFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    users = selectors.user_list(q=cleaned.get("q", ""), role=cleaned.get("role", ""))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "filters": filters})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    """Create a user; roles are added on the user's page."""
    require_admin(request.user, USERS_ADMIN_ONLY)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = {}

        def create():
            created["user"] = services.user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )

        if _apply(form, create):
            messages.success(request, "用户已创建，请为其分配角色。")
            return redirect("account-user-detail", pk=created["user"].pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request, pk: int):
    """Edit a user, reset the password, add and remove role bindings."""
    require_admin(request.user, USERS_ADMIN_ONLY)
    user = get_object_or_404(get_user_model(), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    update_form = UserUpdateForm(
        request.POST if action == "update" else None,
        initial={"full_name": user.first_name, "email": user.email, "is_active": user.is_active},
    )
    password_form = PasswordResetForm(request.POST if action == "password" else None)
    membership_form = MembershipForm(request.POST if action == "membership" else None)
    done = False
    if action == "update" and update_form.is_valid():
        data = update_form.cleaned_data
        done = _apply(
            update_form,
            lambda: services.user_update(
                actor=request.user,
                user=user,
                full_name=data["full_name"],
                email=data["email"],
                is_active=data["is_active"],
            ),
        )
    elif action == "password" and password_form.is_valid():
        done = _apply(
            password_form,
            lambda: services.user_set_password(
                actor=request.user, user=user, password=password_form.cleaned_data["password"]
            ),
        )
    elif action == "membership" and membership_form.is_valid():
        done = _apply(
            membership_form,
            lambda: services.membership_add(
                actor=request.user, user=user, **membership_form.cleaned_data
            ),
        )
    if done:
        messages.success(request, "已保存。")
        return redirect("account-user-detail", pk=user.pk)
    memberships = Membership.objects.filter(user=user).select_related(
        "campaign", "department", "region"
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "memberships": memberships,
            "update_form": update_form,
            "password_form": password_form,
            "membership_form": membership_form,
            "history": history_for(user)[:50],
        },
    )


@login_required
@require_POST
def membership_delete(request, pk: int):
    """Remove one role binding."""
    require_admin(request.user, USERS_ADMIN_ONLY)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, "已移除该角色。")
    return redirect("account-user-detail", pk=membership.user_id)
