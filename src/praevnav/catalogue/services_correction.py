"""“Fehler melden”: store a reader's correction note and tell the people who can fix it."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership
from praevnav.catalogue.models import CorrectionNote, Offer
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry

MESSAGE_MAX_LENGTH = 2000


def correction_note_recipients(*, offer: Offer) -> list[str]:
    """E-mail addresses of the provider's editors and of the tenant's planners.

    Editors of the offer's organisation and planners of the offer's tenant or of a
    Kreis above it (a Kreis planning office also looks after its member towns).
    """
    rows = Membership.all_tenants.filter(user__is_active=True)
    editors = rows.filter(role=Role.TRAEGER_EDITOR, organisation_id=offer.organisation_id)
    planners = rows.filter(role=Role.PLANER, tenant_id__in=offer.tenant.lineage_ids())
    emails = set(editors.values_list("user__email", flat=True)) | set(
        planners.values_list("user__email", flat=True)
    )
    return sorted(e for e in emails if e)


def correction_note_create(
    *,
    offer: Offer,
    message: str,
    contact_email: str = "",
    request_meta: Mapping[str, str] | None = None,
) -> CorrectionNote:
    """Store a correction note for ``offer``, audit it and e-mail editors and planners.

    ``request_meta`` may carry ``offer_url`` (the absolute address of the offer page,
    used in the e-mail). Nothing identifying the reader is kept beyond the optional
    reply address they typed themselves. The e-mail goes out after the commit, so a
    rolled-back note never reaches anybody.
    """
    meta = dict(request_meta or {})
    message = message.strip()[:MESSAGE_MAX_LENGTH]
    contact_email = (contact_email or "").strip()
    with transaction.atomic():
        note = CorrectionNote.all_tenants.create(
            tenant=offer.tenant, offer=offer, message=message, contact_email=contact_email
        )
        audit(
            action="correction_note.create",
            obj=note,
            tenant=offer.tenant,
            channel=AuditEntry.Channel.UI,
            summary=f"offer {offer.pk}: {offer.title}"[:300],
        )
        recipients = correction_note_recipients(offer=offer)
        if recipients:
            transaction.on_commit(
                lambda: _send_mail(note=note, offer=offer, recipients=recipients, meta=meta)
            )
    return note


def _send_mail(
    *, note: CorrectionNote, offer: Offer, recipients: list[str], meta: dict[str, str]
) -> None:
    context = {
        "note": note,
        "offer": offer,
        "offer_url": meta.get("offer_url", ""),
        "tenant": offer.tenant,
    }
    # The staff of a German municipality read German, whatever language the reader used.
    with translation.override("de"):
        subject = render_to_string("catalogue/offer/correction_email_subject.txt", context)
        body = render_to_string("catalogue/offer/correction_email.txt", context)
    email = EmailMessage(
        subject=" ".join(subject.split())[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        # Blind copies: the provider's editors and the planners do not see each
        # other's addresses.
        to=[],
        bcc=recipients,
        reply_to=[note.contact_email] if note.contact_email else None,
    )
    email.send(fail_silently=True)
