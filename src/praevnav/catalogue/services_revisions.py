"""The review workflow: drafts, submission, approval, rejection, history and restore.

A provider never edits the live offer. Every change is an ``OfferRevision`` with a full
snapshot (``catalogue.revisions``); approval applies it. A new offer is an ``Offer`` row
in status draft (not public) whose row follows its drafts until the first approval.
Planners and administrators may apply changes directly (``offer_change_direct``, used by
their imports); the change is still recorded as an approved revision.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership, Organisation
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.revisions import (
    normalise_snapshot,
    offer_snapshot,
    snapshot_apply,
    snapshot_diff,
)
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant

Channel = AuditEntry.Channel


def _next_number(offer: Offer) -> int:
    top = OfferRevision.all_tenants.filter(offer=offer).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


def open_revision(offer: Offer) -> OfferRevision | None:
    """The offer's draft or submitted revision, if any."""
    return (
        OfferRevision.all_tenants.filter(
            offer=offer, status__in=[RevisionStatus.DRAFT, RevisionStatus.SUBMITTED]
        )
        .select_for_update()
        .first()
    )


def _ensure_initial_version(offer: Offer) -> None:
    """Record the live state of a published offer that has no version yet (it came
    from the demo load or an older bulk write), so that it can be restored later."""
    if offer.status != OfferStatus.PUBLISHED:
        return
    if OfferRevision.all_tenants.filter(offer=offer, status=RevisionStatus.APPROVED).exists():
        return
    snap = offer_snapshot(offer)
    OfferRevision.all_tenants.create(
        tenant_id=offer.tenant_id,
        offer=offer,
        number=_next_number(offer),
        status=RevisionStatus.APPROVED,
        data=snap,
        base=None,
        changes=[],
        channel=Channel.SYSTEM,
        reviewed_at=offer.created_at,
        review_note=_("State before the first recorded change."),
    )


@transaction.atomic
def offer_draft_save(
    *,
    offer: Offer | None,
    data: dict,
    by,
    tenant: Tenant | None = None,
    channel: str = Channel.UI,
) -> OfferRevision:
    """Save ``data`` (a snapshot, see ``revisions``) as the draft of ``offer``.

    Without ``offer`` a new offer is created in status draft for ``data["organisation"]``
    in ``tenant``. An existing draft is continued; a submitted revision must be
    withdrawn first (``ValidationError``). The offer's organisation cannot be changed
    by a draft.
    """
    data = normalise_snapshot(data)
    if offer is None:
        if tenant is None:
            raise ValueError("A new offer needs a tenant.")
        org = Organisation.all_tenants.filter(
            pk=data["organisation"], tenant_id__in=tenant.lineage_ids() + tenant.scope_ids()
        ).first()
        if org is None:
            raise ValidationError({"organisation": _("Please choose a provider.")})
        offer = Offer(tenant=tenant, organisation=org, status=OfferStatus.DRAFT)
        snapshot_apply(offer, data)
        revision = OfferRevision.all_tenants.create(
            tenant=tenant,
            offer=offer,
            number=1,
            status=RevisionStatus.DRAFT,
            data=offer_snapshot(offer),
            base=None,
            channel=channel,
            author=by if getattr(by, "is_authenticated", False) else None,
        )
        audit(
            action="offer.create_draft", obj=offer, actor=by, channel=channel, summary=offer.title
        )
        return revision
    data["organisation"] = offer.organisation_id
    _ensure_initial_version(offer)
    revision = open_revision(offer)
    if revision is not None and revision.status == RevisionStatus.SUBMITTED:
        raise ValidationError(
            _("This offer has a change waiting for review. Withdraw it first to edit it.")
        )
    if offer.status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED):
        # Never published: the row itself is the draft.
        snapshot_apply(offer, data)
        data = offer_snapshot(offer)
    if revision is None:
        revision = OfferRevision(
            tenant_id=offer.tenant_id,
            offer=offer,
            number=_next_number(offer),
            base=offer_snapshot(offer) if offer.status == OfferStatus.PUBLISHED else None,
            channel=channel,
            author=by if getattr(by, "is_authenticated", False) else None,
        )
    revision.data = data
    revision.status = RevisionStatus.DRAFT
    revision.changes = snapshot_diff(revision.base, data)
    revision.save()
    audit(
        action="offer.save_draft",
        obj=offer,
        actor=by,
        channel=channel,
        summary=f"revision {revision.number}",
    )
    return revision


@transaction.atomic
def offer_revision_submit(
    *, revision: OfferRevision, by, channel: str = Channel.UI
) -> OfferRevision:
    """Send a draft to review. The published offer stays visible meanwhile."""
    revision = OfferRevision.all_tenants.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    offer = revision.offer
    revision.status = RevisionStatus.SUBMITTED
    revision.submitted_at = timezone.now()
    revision.changes = snapshot_diff(revision.base, revision.data)
    revision.save()
    if offer.status == OfferStatus.DRAFT:
        offer.status = OfferStatus.SUBMITTED
        offer.save(update_fields=["status", "updated_at", "confirmation_due", "hidden_from"])
    audit(
        action="offer.submit",
        obj=offer,
        actor=by,
        channel=channel,
        summary=f"revision {revision.number}",
        changes={"fields": [c["field"] for c in revision.changes]},
    )
    return revision


@transaction.atomic
def offer_revision_withdraw(*, revision: OfferRevision, by) -> OfferRevision:
    """Take a submission back from review; it becomes a draft again."""
    revision = OfferRevision.all_tenants.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted change can be withdrawn."))
    revision.status = RevisionStatus.DRAFT
    revision.submitted_at = None
    revision.save()
    offer = revision.offer
    if offer.status == OfferStatus.SUBMITTED:
        offer.status = OfferStatus.DRAFT
        offer.save(update_fields=["status", "updated_at", "confirmation_due", "hidden_from"])
    audit(action="offer.withdraw", obj=offer, actor=by, channel=Channel.UI)
    return revision


@transaction.atomic
def offer_revision_discard(*, revision: OfferRevision, by) -> None:
    """Give up a draft. A never-published offer with nothing left is deleted."""
    revision = OfferRevision.all_tenants.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be discarded."))
    offer = revision.offer
    if (
        offer.status == OfferStatus.DRAFT
        and not OfferRevision.all_tenants.filter(
            offer=offer, status=RevisionStatus.APPROVED
        ).exists()
    ):
        audit(
            action="offer.delete_draft",
            obj=offer,
            actor=by,
            channel=Channel.UI,
            summary=offer.title,
        )
        offer.delete()
        return
    revision.status = RevisionStatus.WITHDRAWN
    revision.save()
    audit(action="offer.discard_draft", obj=offer, actor=by, channel=Channel.UI)


def _apply(*, revision: OfferRevision, reviewer, note: str) -> OfferRevision:
    offer = Offer.all_tenants.select_for_update().get(pk=revision.offer_id)
    _ensure_initial_version(offer)
    before = offer_snapshot(offer) if offer.status == OfferStatus.PUBLISHED else None
    snapshot_apply(offer, revision.data)
    offer.status = OfferStatus.PUBLISHED
    # A reviewed change is a confirmation that the offer is correct.
    offer.last_confirmed_at = timezone.localdate()
    offer.save()
    revision.status = RevisionStatus.APPROVED
    revision.reviewer = reviewer if getattr(reviewer, "is_authenticated", False) else None
    revision.reviewed_at = timezone.now()
    revision.review_note = note
    revision.data = offer_snapshot(offer)
    revision.changes = snapshot_diff(before, revision.data)
    revision.save()
    return revision


@transaction.atomic
def offer_revision_approve(*, revision: OfferRevision, reviewer, note: str = "") -> OfferRevision:
    """Apply a submitted revision to the live offer and publish it."""
    revision = OfferRevision.all_tenants.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted change can be approved."))
    revision = _apply(revision=revision, reviewer=reviewer, note=note.strip())
    audit(
        action="offer.approve",
        obj=revision.offer,
        actor=reviewer,
        channel=Channel.UI,
        summary=f"revision {revision.number}",
        changes={"changes": revision.changes},
    )
    _notify_author(revision=revision, approved=True)
    return revision


@transaction.atomic
def offer_revision_reject(*, revision: OfferRevision, reviewer, note: str) -> OfferRevision:
    """Send a submitted revision back with a note the provider receives (required)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Please tell the provider why the change is rejected.")})
    revision = OfferRevision.all_tenants.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted change can be rejected."))
    revision.status = RevisionStatus.REJECTED
    revision.reviewer = reviewer if getattr(reviewer, "is_authenticated", False) else None
    revision.reviewed_at = timezone.now()
    revision.review_note = note
    revision.save()
    offer = revision.offer
    if offer.status == OfferStatus.SUBMITTED:
        offer.status = OfferStatus.DRAFT
        offer.save(update_fields=["status", "updated_at", "confirmation_due", "hidden_from"])
    audit(
        action="offer.reject",
        obj=offer,
        actor=reviewer,
        channel=Channel.UI,
        summary=f"revision {revision.number}: {note}",
    )
    _notify_author(revision=revision, approved=False)
    return revision


@transaction.atomic
def offer_revision_restore(
    *, source: OfferRevision, by, channel: str = Channel.UI
) -> OfferRevision:
    """Propose an earlier version again: a new submitted revision with its content.

    Goes through review like any change; fails while another change is open.
    """
    offer = Offer.all_tenants.select_for_update().get(pk=source.offer_id)
    if source.status != RevisionStatus.APPROVED:
        raise ValidationError(_("Only an approved version can be restored."))
    if open_revision(offer) is not None:
        raise ValidationError(
            _("This offer already has an open change. Finish or discard it first.")
        )
    _ensure_initial_version(offer)
    data = dict(source.data)
    data["organisation"] = offer.organisation_id
    base = offer_snapshot(offer) if offer.status == OfferStatus.PUBLISHED else None
    revision = OfferRevision.all_tenants.create(
        tenant_id=offer.tenant_id,
        offer=offer,
        number=_next_number(offer),
        status=RevisionStatus.SUBMITTED,
        data=normalise_snapshot(data),
        base=base,
        changes=snapshot_diff(base, normalise_snapshot(data)),
        channel=channel,
        author=by if getattr(by, "is_authenticated", False) else None,
        submitted_at=timezone.now(),
        restored_from=source,
    )
    if offer.status == OfferStatus.DRAFT:
        offer.status = OfferStatus.SUBMITTED
        offer.save(update_fields=["status", "updated_at", "confirmation_due", "hidden_from"])
    audit(
        action="offer.restore",
        obj=offer,
        actor=by,
        channel=channel,
        summary=f"revision {source.number} → {revision.number}",
    )
    return revision


@transaction.atomic
def offer_change_direct(
    *, offer: Offer | None, data: dict, by, tenant: Tenant | None = None, channel: str
) -> Offer:
    """Apply ``data`` at once (planners, administrators, their imports), recorded as an
    approved revision. Only callers that checked ``catalogue.review_offer`` may use it."""
    data = normalise_snapshot(data)
    if offer is None:
        revision = offer_draft_save(offer=None, data=data, by=by, tenant=tenant, channel=channel)
    else:
        existing = open_revision(offer)
        if existing is not None:
            raise ValidationError(
                _("This offer has an open change by its provider; review it first.")
            )
        data["organisation"] = offer.organisation_id
        _ensure_initial_version(offer)
        revision = OfferRevision.all_tenants.create(
            tenant_id=offer.tenant_id,
            offer=offer,
            number=_next_number(offer),
            status=RevisionStatus.DRAFT,
            data=data,
            base=offer_snapshot(offer) if offer.status == OfferStatus.PUBLISHED else None,
            channel=channel,
            author=by if getattr(by, "is_authenticated", False) else None,
        )
    revision.submitted_at = timezone.now()
    revision = _apply(revision=revision, reviewer=by, note="")
    audit(
        action="offer.change_direct",
        obj=revision.offer,
        actor=by,
        channel=channel,
        summary=f"revision {revision.number}",
        changes={"changes": revision.changes},
    )
    return revision.offer


@transaction.atomic
def offer_confirm(*, offer: Offer, by=None, channel: str = Channel.UI) -> Offer:
    """Record that the offer is still correct today (“noch aktuell”)."""
    offer = Offer.all_tenants.select_for_update().get(pk=offer.pk)
    before = offer.last_confirmed_at
    offer.last_confirmed_at = timezone.localdate()
    offer.save()
    audit(
        action="offer.confirm",
        obj=offer,
        actor=by,
        channel=channel,
        changes={
            "last_confirmed_at": [str(before) if before else None, str(offer.last_confirmed_at)]
        },
    )
    return offer


@transaction.atomic
def offer_archive(*, offer: Offer, by, channel: str = Channel.UI) -> Offer:
    """Take an offer out of the catalogue for good (it ended); history is kept."""
    offer = Offer.all_tenants.select_for_update().get(pk=offer.pk)
    before = offer.status
    offer.status = OfferStatus.ARCHIVED
    offer.save()
    OfferRevision.all_tenants.filter(
        offer=offer, status__in=[RevisionStatus.DRAFT, RevisionStatus.SUBMITTED]
    ).update(status=RevisionStatus.WITHDRAWN)
    audit(
        action="offer.archive",
        obj=offer,
        actor=by,
        channel=channel,
        changes={"status": [before, OfferStatus.ARCHIVED]},
    )
    return offer


def assert_can_review(user, offer: Offer) -> None:
    if not user.has_perm("catalogue.review_offer", offer):
        raise PermissionDenied


def editor_emails(*, organisation_id: int) -> list[str]:
    """E-mail addresses of the active editors of an organisation."""
    emails = Membership.all_tenants.filter(
        role=Role.TRAEGER_EDITOR, organisation_id=organisation_id, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({e for e in emails if e})


def _notify_author(*, revision: OfferRevision, approved: bool) -> None:
    """Tell the author and the provider's editors the outcome (after the commit)."""
    offer = revision.offer
    recipients = set(editor_emails(organisation_id=offer.organisation_id))
    if revision.author_id and revision.author and revision.author.email:
        recipients.add(revision.author.email)
    if not recipients:
        return
    context = {"revision": revision, "offer": offer, "approved": approved, "tenant": offer.tenant}

    def send() -> None:
        with translation.override("de"):
            subject = render_to_string("catalogue/upkeep/review_email_subject.txt", context)
            body = render_to_string("catalogue/upkeep/review_email.txt", context)
        EmailMessage(
            subject=" ".join(subject.split())[:200],
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            bcc=sorted(recipients),
        ).send(fail_silently=True)

    transaction.on_commit(send)
