from django.core.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .selectors import access_for


class ReadOnlyUsersCannotWrite(BasePermission):
    """Leaders (and users with no binding) change nothing: any write is a 403 before validation.

    A view about the user's own things (their notifications, their settings) sets
    `allows_read_only_users = True`.
    """

    message = "您的角色为只读，不能修改数据。"

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or getattr(view, "allows_read_only_users", False):
            return True
        return not access_for(request.user).is_read_only


def require_admin(user, message: str) -> None:
    """Refuse (403 with `message`) anyone but a system administrator."""
    if not access_for(user).is_admin:
        raise PermissionDenied(message)


def require_coordinator(user, message: str) -> None:
    """Refuse (403 with `message`) anyone but 总专班 and administrators."""
    if not access_for(user).is_coordinator:
        raise PermissionDenied(message)
