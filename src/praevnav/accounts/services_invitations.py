"""Invitations of colleagues as editors of an organisation (atomic, audited).

The e-mail carries a random token; only its SHA-256 hash is stored, so a leaked
database gives no working links. Accepting creates the account (or binds the logged-in
one with the invited address) and grants the Träger-Redaktion role for the organisation.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Invitation, Organisation, User
from praevnav.accounts.services import membership_grant, user_create
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry

INVITATION_VALID_DAYS = 14
#: At most this many invitations per organisation within ``RATE_WINDOW``.
RATE_LIMIT = 20
RATE_WINDOW = timedelta(hours=24)
#: The same address is not invited again within this time (repeated clicks, spam).
RESEND_PAUSE = timedelta(minutes=5)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Please enter a valid e-mail address.")}) from None
    return email


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, by: Any, base_url: str = ""
) -> tuple[Invitation, str]:
    """Invite ``email`` to become an editor of ``organisation``; returns the invitation
    and the clear token (only ever in the e-mail).

    Re-inviting an address replaces its open invitation (the old link stops working).
    Rate-limited per organisation and address; an address that already edits for the
    organisation is refused. ``base_url`` (scheme and host) makes the link absolute.
    """
    email = _normalise_email(email)
    now = timezone.now()
    # Lock the organisation row so that concurrent invitations count each other.
    Organisation.all_tenants.select_for_update().filter(pk=organisation.pk).first()
    if User.objects.filter(
        email__iexact=email,
        memberships__organisation=organisation,
        memberships__role=Role.TRAEGER_EDITOR,
    ).exists():
        raise ValidationError(
            {"email": _("This person is already an editor of this organisation.")}
        )
    recent = Invitation.all_tenants.filter(
        organisation=organisation, created_at__gte=now - RATE_WINDOW
    )
    if recent.count() >= RATE_LIMIT:
        raise ValidationError(
            _("Too many invitations today for this organisation. Please try again tomorrow.")
        )
    if recent.filter(email=email, created_at__gte=now - RESEND_PAUSE).exists():
        raise ValidationError(
            {"email": _("This address was invited a moment ago. Please wait a few minutes.")}
        )
    replaced = Invitation.all_tenants.filter(
        organisation=organisation, email=email, accepted_at__isnull=True
    )
    replaced_count = replaced.count()
    replaced.delete()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.all_tenants.create(
        tenant_id=organisation.tenant_id,
        organisation=organisation,
        email=email,
        token_hash=token_hash(token),
        invited_by=by if getattr(by, "is_authenticated", False) else None,
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
    )
    audit(
        action="invitation.create",
        obj=invitation,
        actor=by,
        channel=AuditEntry.Channel.UI,
        summary=f"{email} → {organisation.name}",
        changes={"organisation": organisation.pk, "replaced": replaced_count},
    )
    link = base_url.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    context = {
        "invitation": invitation,
        "organisation": organisation,
        "link": link,
        "inviter": by if getattr(by, "is_authenticated", False) else None,
        "valid_days": INVITATION_VALID_DAYS,
    }

    def send() -> None:
        with translation.override("de"):
            subject = render_to_string("accounts/invitation_email_subject.txt", context)
            body = render_to_string("accounts/invitation_email.txt", context)
        EmailMessage(
            subject=" ".join(subject.split())[:200],
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        ).send(fail_silently=True)

    transaction.on_commit(send)
    return invitation, token


class InvitationProblem:
    """Why a token cannot be used (shown to the visitor; nothing changes)."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


@dataclass
class InvitationLookup:
    invitation: Invitation | None
    problem: str | None


def invitation_lookup(*, token: str, now=None) -> InvitationLookup:
    """The invitation of ``token`` and, if it cannot be accepted, why."""
    now = now or timezone.now()
    if not token or len(token) > 200:
        return InvitationLookup(None, InvitationProblem.UNKNOWN)
    invitation = (
        Invitation.all_tenants.filter(token_hash=token_hash(token))
        .select_related("organisation", "tenant")
        .first()
    )
    if invitation is None:
        return InvitationLookup(None, InvitationProblem.UNKNOWN)
    if invitation.accepted_at is not None:
        return InvitationLookup(invitation, InvitationProblem.USED)
    if invitation.revoked_at is not None:
        return InvitationLookup(invitation, InvitationProblem.REVOKED)
    if invitation.expires_at <= now:
        return InvitationLookup(invitation, InvitationProblem.EXPIRED)
    return InvitationLookup(invitation, None)


def _locked(invitation: Invitation) -> Invitation:
    """The invitation read afresh and locked until the transaction ends, so that two
    clicks (accept, withdraw) cannot both act on it."""
    return (
        Invitation.all_tenants.select_for_update()
        .select_related("organisation", "tenant")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Any) -> Invitation:
    """Withdraw an open invitation: its link stops working at once and says so.

    Raises ``ValidationError`` and changes nothing when the invitation has been
    accepted or withdrawn already (a second click, two colleagues at once).
    """
    invitation = _locked(invitation)
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation has already been accepted and can no longer be withdrawn.")
        )
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has been withdrawn already."))
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by if getattr(by, "is_authenticated", False) else None
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit(
        action="invitation.revoke",
        obj=invitation,
        actor=by,
        channel=AuditEntry.Channel.UI,
        summary=f"{invitation.email} → {invitation.organisation.name}",
        changes={"organisation": invitation.organisation_id},
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    username: str = "",
    password: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Accept ``invitation``: as the logged-in ``user`` (its address must be the invited
    one), or by creating an account with ``username``/``password``.

    Raises ``ValidationError`` (field-keyed where it concerns the input) and then changes
    nothing: a used or expired invitation, a foreign address, a weak password.
    """
    invitation = _locked(invitation)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has been withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired."))
    if user is not None:
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _(
                    "This invitation was sent to another e-mail address than the one of "
                    "your account."
                )
            )
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this e-mail address exists already. Please log in first.")
            )
        if not password:
            raise ValidationError({"password": _("Please choose a password.")})
        if not username.strip():
            raise ValidationError({"username": _("Please choose a user name.")})
        if User.objects.filter(username__iexact=username.strip()).exists():
            raise ValidationError(
                {"username": _("This user name is taken. Please choose another.")}
            )
        user = user_create(
            username=username,
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            channel=AuditEntry.Channel.UI,
        )
    membership_grant(
        user=user,
        tenant=invitation.tenant,
        role=Role.TRAEGER_EDITOR,
        organisation=invitation.organisation,
        by=invitation.invited_by or user,
        channel=AuditEntry.Channel.UI,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit(
        action="invitation.accept",
        obj=invitation,
        actor=user,
        channel=AuditEntry.Channel.UI,
        summary=f"{user.username} → {invitation.organisation.name}",
        changes={"organisation": invitation.organisation_id, "user": user.pk},
    )
    return user
