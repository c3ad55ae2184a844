"""Writes for users and their role bindings; administrators only, every change audited."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.choices import AuditAction
from audit.services import audit_record, audit_update, snapshot

from .choices import Role
from .models import Membership

User = get_user_model()
USER_FIELDS = ["username", "first_name", "email", "is_active"]


@transaction.atomic
def user_create(*, actor, username: str, full_name: str, email: str = "", password: str) -> User:
    """Create a user with a validated password."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "该用户名已存在。"})
    user = User(username=username, first_name=full_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=user,
        changes={f: [None, v] for f, v in snapshot(user, USER_FIELDS).items()},
    )
    return user


@transaction.atomic
def user_update(*, actor, user, full_name: str, email: str, is_active: bool) -> User:
    """Change a user's name, email and whether they may log in."""
    if user.pk == actor.pk and not is_active:
        raise ValidationError({"is_active": "不能停用自己的账号。"})
    before = snapshot(user, USER_FIELDS)
    user.first_name, user.email, user.is_active = full_name, email, is_active
    user.full_clean(exclude=["password"])
    user.save()
    audit_update(actor=actor, obj=user, before=before)
    return user


@transaction.atomic
def user_set_password(*, actor, user, password: str) -> None:
    """Set a new password (validated); the audit entry records that it changed, not the value."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, summary="重置密码")


@transaction.atomic
def membership_add(
    *,
    actor,
    user,
    role: str,
    campaign=None,
    department=None,
    region=None,
    is_liaison: bool = False,
) -> Membership:
    """Bind a user to a role (and the campaign, department or region it concerns)."""
    membership = Membership(
        user=user,
        role=role,
        campaign=campaign if role in (Role.CAMPAIGN, Role.LEADER) else None,
        department=department if role == Role.DEPARTMENT else None,
        region=region if role == Role.REGION else None,
        is_liaison=is_liaison and role == Role.CAMPAIGN,
    )
    required = {Role.CAMPAIGN: "campaign", Role.DEPARTMENT: "department", Role.REGION: "region"}
    if role in required and getattr(membership, required[role]) is None:
        label = {"campaign": "攻坚专班", "department": "部门", "region": "县市区"}[required[role]]
        raise ValidationError({required[role]: f"该角色必须选择{label}。"})
    if (
        membership.is_liaison
        and Membership.objects.filter(campaign=campaign, is_liaison=True).exists()
    ):
        raise ValidationError({"is_liaison": "该专班已有联络员，请先取消原联络员。"})
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise ValidationError("该用户已有相同的角色绑定。") from exc
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=user, summary=f"新增角色：{membership}"
    )
    user._access = None
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Remove one role binding."""
    user, label = membership.user, str(membership)
    membership.delete()
    audit_record(actor=actor, action=AuditAction.DELETE, obj=user, summary=f"移除角色：{label}")
