"""Writes of the accounts app: users and role memberships (atomic, audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership, Organisation, User
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    check_password_strength: bool = True,
    by: Any = None,
    channel: str = AuditEntry.Channel.SYSTEM,
) -> User:
    """Create a login. Without ``password`` the account cannot log in until reset.

    The e-mail address is stored in lower case so that the uniqueness check is
    case-insensitive. Raises ``ValidationError`` keyed by field on bad input.
    """
    user = User(
        username=username.strip(),
        email=User.objects.normalize_email(email.strip()).lower(),
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
    )
    if password:
        if check_password_strength:
            try:
                validate_password(password, user=user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages})
        user.set_password(password)
    else:
        user.set_unusable_password()
    if User.objects.filter(email__iexact=user.email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    user.full_clean(exclude=["password"])
    user.save()
    audit(
        action="user.create",
        obj=user,
        actor=by,
        channel=channel,
        summary=user.username,
        changes={"is_staff": is_staff},
    )
    return user


def membership_grant(
    *,
    user: User,
    tenant: Tenant,
    role: Role | str,
    organisation: Organisation | None = None,
    by: Any,
    channel: str = AuditEntry.Channel.SYSTEM,
) -> Membership:
    """Give ``user`` ``role`` in ``tenant`` (a Träger editor for ``organisation``).

    Idempotent: granting a role the user already holds returns the existing
    membership and records nothing. Granting the Administrator role also marks the
    user as staff, which the Django admin requires besides the role. Raises
    ``ValidationError`` (e.g. an editor without organisation, an organisation of
    another tenant) and then changes nothing.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    role = Role(role)
    existing = _find_membership(user=user, tenant=tenant, role=role, organisation=organisation)
    if existing is not None:
        return existing
    membership = Membership(user=user, tenant=tenant, role=role, organisation=organisation)
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
            if role == Role.ADMIN and not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            audit(
                action="membership.grant",
                obj=membership,
                tenant=tenant,
                actor=by,
                channel=channel,
                summary=f"{user.username}: {role.value}",
                changes={
                    "user": user.pk,
                    "role": role.value,
                    "organisation": organisation.pk if organisation else None,
                },
            )
    except IntegrityError:
        # A concurrent grant of the same role won the race: same outcome.
        existing = _find_membership(user=user, tenant=tenant, role=role, organisation=organisation)
        if existing is None:
            raise
        return existing
    finally:
        user.forget_roles()
    return membership


@transaction.atomic
def membership_revoke(
    *, membership: Membership, by: Any, channel: str = AuditEntry.Channel.SYSTEM
) -> None:
    """Take a role away again (audited)."""
    user = membership.user
    audit(
        action="membership.revoke",
        obj=membership,
        tenant=membership.tenant,
        actor=by,
        channel=channel,
        summary=f"{user.username}: {membership.role}",
        changes={"user": user.pk, "role": membership.role},
    )
    membership.delete()
    user.forget_roles()


def _find_membership(
    *, user: User, tenant: Tenant, role: str, organisation: Organisation | None
) -> Membership | None:
    return Membership.all_tenants.filter(
        user=user, tenant=tenant, role=role, organisation=organisation
    ).first()
