"""Upkeep records of an offer: revisions (review workflow and history) and reminders.

A provider never edits the live offer: every change is an ``OfferRevision`` holding a
full snapshot of the proposed offer (``catalogue.revisions.offer_snapshot``). Approved
revisions are the offer's versions; restoring one creates a new revision that goes
through review again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from praevnav.catalogue.enums import OPEN_REVISION_STATUSES, ReminderKind, RevisionStatus
from praevnav.core.models import AuditEntry, TenantScopedModel


class OfferRevision(TenantScopedModel):
    """One proposed or applied state of an offer."""

    offer = models.ForeignKey("catalogue.Offer", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    status = models.CharField(
        _("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    # The proposed offer as a snapshot, and the live offer it was based on.
    data = models.JSONField(_("proposed state"))
    base = models.JSONField(_("state it was based on"), null=True, blank=True)
    # Field-level changes of ``data`` against ``base`` (see ``revisions.snapshot_diff``).
    changes = models.JSONField(_("changes"), default=list, blank=True)
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=AuditEntry.Channel.choices,
        default=AuditEntry.Channel.UI,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("note of the review"), blank=True)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restores revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("offer revision")
        verbose_name_plural = _("offer revisions")
        ordering = ["offer_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="revision_unique_number"),
            # One open change per offer: editors continue it instead of forking it.
            models.UniqueConstraint(
                fields=["offer"],
                condition=models.Q(status__in=list(OPEN_REVISION_STATUSES)),
                name="revision_one_open_per_offer",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.offer_id} #{self.number} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REVISION_STATUSES


class CurrencyReminder(TenantScopedModel):
    """A reminder sent to an offer's editors, once per offer, kind and due date."""

    offer = models.ForeignKey(
        "catalogue.Offer", on_delete=models.CASCADE, related_name="currency_reminders"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ReminderKind.choices)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("currency reminder")
        verbose_name_plural = _("currency reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "kind", "due_on"], name="reminder_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.kind} {self.due_on}"
