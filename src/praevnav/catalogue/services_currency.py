"""Currency (Aktualität) writes: reminders, one-click confirmation links, tenant settings.

``currency_reminders_send`` is run daily (``praevnav currency``): every published offer
whose confirmation runs out within 30 days, or ran out, gets at most one reminder of
each kind (30 days, 7 days, expired) per due date, recorded as ``CurrencyReminder``.
The organisation's editors receive one e-mail per run listing all their offers due,
each with a signed single-offer link that confirms it without logging in.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership
from praevnav.catalogue.enums import OfferStatus, ReminderKind
from praevnav.catalogue.models import CurrencyReminder, Offer
from praevnav.catalogue.services_revisions import editor_emails, offer_confirm
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant

LINK_SALT = "praevnav.catalogue.currency.confirm"
FIRST_REMINDER_DAYS = 30
SECOND_REMINDER_DAYS = 7


# --- schedule (pure) ----------------------------------------------------------------------


def reminder_kind_due(*, due: date, today: date, sent: set[str]) -> ReminderKind | None:
    """The reminder an offer due on ``due`` should get on ``today``, if any.

    Only the latest step that applies is sent, so a missed day loses nothing (the 30-day
    reminder still goes out at 29 days) but never sends an outdated step (inside 7 days
    only the 7-day reminder, after expiry only the expiry one). ``sent``: kinds already
    sent for this due date.
    """
    days = (due - today).days
    if days <= 0:
        kind = ReminderKind.EXPIRED
    elif days <= SECOND_REMINDER_DAYS:
        kind = ReminderKind.DAYS_7
    elif days <= FIRST_REMINDER_DAYS:
        kind = ReminderKind.DAYS_30
    else:
        return None
    return None if kind in sent else kind


# --- links ------------------------------------------------------------------------------


class LinkProblem(enum.Enum):
    """Why a confirmation link does not work."""

    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"
    ARCHIVED = "archived"
    GONE = "gone"

    @property
    def status(self) -> int:
        """HTTP status of the answer: a broken link is a bad request, the others are gone."""
        return 400 if self is LinkProblem.INVALID else 410


class LinkError(Exception):
    def __init__(self, problem: LinkProblem, offer: Offer | None = None):
        super().__init__(problem.name)
        self.problem = problem
        self.offer = offer


def confirmation_token(*, offer_id: int, due: date) -> str:
    """A signed, timestamped token for one offer and the due date it was issued for.

    Binding the due date makes the link useless once the offer was confirmed (by this
    link or otherwise) or its interval changed: the due date moves on.
    """
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"o": offer_id, "d": due.isoformat()}
    )


def confirmation_link_verify(*, token: str, lock: bool = False) -> Offer:
    """The offer a token confirms; raises ``LinkError`` naming the problem.

    Forged or tampered tokens are ``INVALID``; tokens older than
    ``CONFIRM_LINK_MAX_AGE_DAYS`` are ``EXPIRED``; an offer confirmed since, or whose due
    date changed, is ``USED``; an archived or unpublished offer ``ARCHIVED``; a deleted
    one ``GONE``.
    """
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        payload = signer.unsign_object(
            token, max_age=timedelta(days=settings.CONFIRM_LINK_MAX_AGE_DAYS)
        )
    except signing.SignatureExpired:
        raise LinkError(LinkProblem.EXPIRED) from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise LinkError(LinkProblem.INVALID) from None
    try:
        offer_id = int(payload["o"])
        due = date.fromisoformat(payload["d"])
    except (KeyError, TypeError, ValueError):
        raise LinkError(LinkProblem.INVALID) from None
    qs = Offer.all_tenants.select_related("organisation", "tenant")
    if lock:
        qs = qs.select_for_update(of=("self",))
    offer = qs.filter(pk=offer_id).first()
    if offer is None:
        raise LinkError(LinkProblem.GONE)
    if offer.status != OfferStatus.PUBLISHED:
        raise LinkError(LinkProblem.ARCHIVED, offer)
    if offer.confirmation_due != due:
        raise LinkError(LinkProblem.USED, offer)
    return offer


@transaction.atomic
def offer_confirm_by_link(*, token: str) -> Offer:
    """Confirm the offer of a valid reminder link (“noch aktuell”), without a login.

    The confirmation is audited like any other, marked as made via the reminder link.
    """
    offer = confirmation_link_verify(token=token, lock=True)
    offer = offer_confirm(offer=offer, by=None, channel=AuditEntry.Channel.UI)
    entry = (
        AuditEntry.objects.filter(
            action="offer.confirm", object_type=offer._meta.label_lower, object_id=str(offer.pk)
        )
        .order_by("-pk")
        .first()
    )
    if entry is not None:
        entry.summary = "via reminder link"
        entry.changes = {**entry.changes, "via": "reminder_link"}
        entry.save(update_fields=["summary", "changes"])
    return offer


def _absolute(path: str) -> str:
    return settings.BASE_URL + path


def confirmation_url(*, offer_id: int, due: date) -> str:
    """The absolute one-click link for the reminder e-mail."""
    token = confirmation_token(offer_id=offer_id, due=due)
    return _absolute(reverse("currency:confirm", args=[token]))


def offer_edit_url(offer_id: int) -> str:
    """The provider workspace's edit form of the offer (/traeger/angebote/<id>/bearbeiten/)."""
    return reverse("provider:offer_edit", args=[offer_id])


# --- reminders --------------------------------------------------------------------------


@dataclass
class ReminderRun:
    """What a run did (or, dry, would do)."""

    today: date
    dry_run: bool
    mails: int = 0
    offers: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped_offers: int = 0
    planner_mails: int = 0
    organisations_without_editors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        kinds = ", ".join(f"{k}: {self.by_kind.get(k, 0)}" for k in ReminderKind.values)
        prefix = "DRY RUN – nothing sent or recorded. " if self.dry_run else ""
        return (
            f"{prefix}{self.today}: sent {self.mails} reminder e-mails for {self.offers} offers "
            f"({kinds}); skipped {self.skipped_offers} offers of "
            f"{len(self.organisations_without_editors)} organisations without editors, "
            f"reported in {self.planner_mails} e-mails to planners."
        )


def _send(*, subject_template: str, body_template: str, context: dict, to: list[str]) -> None:
    with translation.override("de"):
        subject = render_to_string(subject_template, context)
        body = render_to_string(body_template, context)
    EmailMessage(
        subject=" ".join(subject.split())[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    ).send(fail_silently=False)


def planner_emails(*, tenant_ids: list[int]) -> list[str]:
    """E-mail addresses of the active planners of the given tenants."""
    emails = Membership.all_tenants.filter(
        role=Role.PLANER, tenant_id__in=tenant_ids, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({e for e in emails if e})


def currency_reminders_send(
    *, tenants: list[Tenant] | None = None, today: date | None = None, dry_run: bool = False
) -> ReminderRun:
    """Send the reminders due on ``today`` for the published offers of ``tenants`` (all
    tenants when ``None``) and record them; idempotent per offer, kind and due date.

    One e-mail per organisation lists its offers due. Offers of organisations without an
    editor are recorded too (so that planners hear of each step once) and reported to
    the planners of the offer's tenant (and its Kreis) in one summary per tenant.
    ``dry_run`` sends and records nothing but counts the same.
    """
    today = today or timezone.localdate()
    run = ReminderRun(today=today, dry_run=dry_run)
    qs = Offer.all_tenants.filter(
        status=OfferStatus.PUBLISHED,
        confirmation_due__isnull=False,
        confirmation_due__lte=today + timedelta(days=FIRST_REMINDER_DAYS),
    ).exclude(valid_until__lt=today)  # an offer that ended needs no confirmation
    if tenants is not None:
        qs = qs.filter(tenant_id__in={i for t in tenants for i in t.scope_ids()})
    offers = list(
        qs.order_by("organisation__name", "confirmation_due", "title").values_list(
            "pk", "title", "confirmation_due", "organisation_id", "organisation__name", "tenant_id"
        )
    )
    sent: dict[tuple[int, date], set[str]] = defaultdict(set)
    for offer_id, kind, due_on in CurrencyReminder.all_tenants.filter(
        offer_id__in=[o[0] for o in offers]
    ).values_list("offer_id", "kind", "due_on"):
        sent[(offer_id, due_on)].add(kind)

    by_org: dict[int, list[tuple]] = defaultdict(list)
    for offer_id, title, due, org_id, org_name, tenant_id in offers:
        kind = reminder_kind_due(due=due, today=today, sent=sent[(offer_id, due)])
        if kind is not None:
            by_org[org_id].append((offer_id, title, due, kind, org_name, tenant_id))

    orphans: dict[int, list[tuple]] = defaultdict(list)
    for org_id, items in by_org.items():
        recipients = editor_emails(organisation_id=org_id)
        if not recipients:
            run.skipped_offers += len(items)
            run.organisations_without_editors.append(items[0][4])
            for item in items:
                orphans[item[5]].append(item)
            if not dry_run:
                _record(items, recipients=0)
            continue
        run.mails += 1
        run.offers += len(items)
        for item in items:
            run.by_kind[item[3]] += 1
        if dry_run:
            continue
        lines = [
            {
                "title": title,
                "kind": kind,
                "due": due,
                "days": (due - today).days,
                "overdue_days": (today - due).days,
                "confirm_url": confirmation_url(offer_id=offer_id, due=due),
                "edit_url": _absolute(offer_edit_url(offer_id)),
            }
            for offer_id, title, due, kind, _name, _tenant in items
        ]
        # Recorded and sent together: a failed send rolls the records back, so the
        # next run tries again.
        with transaction.atomic():
            _record(items, recipients=len(recipients))
            _send(
                subject_template="catalogue/currency/reminder_email_subject.txt",
                body_template="catalogue/currency/reminder_email.txt",
                context={"organisation": items[0][4], "lines": lines, "today": today},
                to=recipients,
            )
    _report_orphans(orphans, run=run, today=today)
    return run


def _record(items: list[tuple], *, recipients: int) -> None:
    CurrencyReminder.all_tenants.bulk_create(
        [
            CurrencyReminder(
                tenant_id=tenant_id, offer_id=offer_id, kind=kind, due_on=due, recipients=recipients
            )
            for offer_id, _title, due, kind, _name, tenant_id in items
        ],
        ignore_conflicts=True,
    )


def _report_orphans(orphans: dict[int, list[tuple]], *, run: ReminderRun, today: date) -> None:
    """One summary per tenant (a Kreis together with its member towns) to its planners."""
    if not orphans:
        return
    tenants = Tenant.objects.in_bulk(list(orphans))
    groups: dict[int, list[tuple]] = defaultdict(list)
    members: dict[int, set[int]] = defaultdict(set)
    for tenant_id, items in orphans.items():
        root = tenants[tenant_id].parent_id or tenant_id
        groups[root].extend(items)
        members[root] |= {root, tenant_id}
    roots = Tenant.objects.in_bulk(list(groups))
    for root_id, items in groups.items():
        recipients = planner_emails(tenant_ids=sorted(members[root_id]))
        if not recipients:
            continue
        run.planner_mails += 1
        if run.dry_run:
            continue
        tenant = roots[root_id]
        _send(
            subject_template="catalogue/currency/orphans_email_subject.txt",
            body_template="catalogue/currency/orphans_email.txt",
            context={
                "tenant": tenant,
                "count": len(items),
                "lines": [
                    {"title": t, "organisation": n, "due": d, "kind": k}
                    for _i, t, d, k, n, _t in sorted(items, key=lambda i: (i[4], i[2], i[1]))
                ],
                "dashboard_url": _absolute(reverse("currency:dashboard"))
                + f"?tenant={tenant.slug}",
                "today": today,
            },
            to=recipients,
        )


# --- tenant settings ----------------------------------------------------------------------


def tenant_currency_refresh(*, tenant: Tenant) -> int:
    """Recompute ``confirmation_due`` and ``hidden_from`` of every offer of ``tenant`` (and
    its member towns, each with its own settings) and re-index the search; returns the
    number of offers whose dates changed."""
    from praevnav.catalogue.search.indexing import search_index_refresh

    tenants = Tenant.objects.in_bulk(tenant.scope_ids())
    changed = []
    for offer in Offer.all_tenants.filter(tenant_id__in=list(tenants)).only(
        "pk",
        "tenant_id",
        "last_confirmed_at",
        "created_at",
        "confirmation_interval_months",
        "confirmation_due",
        "hidden_from",
    ):
        before = (offer.confirmation_due, offer.hidden_from)
        offer.refresh_currency(tenant=tenants[offer.tenant_id])
        if (offer.confirmation_due, offer.hidden_from) != before:
            changed.append(offer)
    with transaction.atomic():
        Offer.all_tenants.bulk_update(changed, ["confirmation_due", "hidden_from"], batch_size=500)
    search_index_refresh(tenant=tenant)
    return len(changed)


@transaction.atomic
def tenant_currency_settings_change(
    *, tenant: Tenant, interval_months: int, grace_days: int, by
) -> int:
    """Set the tenant's confirmation interval and grace period, recompute its offers'
    dates (``tenant_currency_refresh``) and audit the change; returns offers changed."""
    before = [tenant.confirmation_interval_months, tenant.grace_period_days]
    tenant.confirmation_interval_months = interval_months
    tenant.grace_period_days = grace_days
    tenant.save(update_fields=["confirmation_interval_months", "grace_period_days"])
    changed = tenant_currency_refresh(tenant=tenant)
    audit(
        action="tenant.currency_settings",
        obj=tenant,
        tenant=tenant,
        actor=by,
        channel=AuditEntry.Channel.UI,
        summary=f"{changed} offers recomputed",
        changes={
            "confirmation_interval_months": [before[0], interval_months],
            "grace_period_days": [before[1], grace_days],
        },
    )
    return changed
