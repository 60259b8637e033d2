"""The offer record (Angebot) with its schedule and translations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind, Weekday
from praevnav.core.models import TenantManager as _TenantManager
from praevnav.core.models import TenantQuerySet, TenantScopedModel
from praevnav.taxonomy.enums import Vocabulary

MAX_AGE_MONTHS = 130 * 12


def _vocab(vocabulary: str) -> dict:
    return {"vocabulary": vocabulary}


def _term_field(
    vocabulary: str, verbose_name, related_name: str, *, required: bool = False
) -> models.ManyToManyField:
    """A many-to-many link to the terms of one vocabulary."""
    return models.ManyToManyField(
        "taxonomy.Term",
        verbose_name=verbose_name,
        blank=not required,
        related_name=related_name,
        limit_choices_to=_vocab(vocabulary),
    )


class OfferQuerySet(TenantQuerySet):
    def published(self) -> OfferQuerySet:
        return self.filter(status=OfferStatus.PUBLISHED)

    def overlapping_age(self, min_months: int | None, max_months: int | None) -> OfferQuerySet:
        """Offers whose age range overlaps ``[min_months, max_months)``.

        An offer without bounds is open on that side.
        """
        qs = self
        if max_months is not None:
            qs = qs.filter(
                models.Q(age_min_months__isnull=True) | models.Q(age_min_months__lt=max_months)
            )
        if min_months is not None:
            qs = qs.filter(
                models.Q(age_max_months__isnull=True) | models.Q(age_max_months__gt=min_months)
            )
        return qs

    def in_life_phase(self, phase) -> OfferQuerySet:
        """Offers whose derived life phases include ``phase`` (same rule as
        ``taxonomy.services.derive_life_phases``)."""
        if phase.is_pregnancy:
            return self.filter(pregnancy=True)
        pregnancy_only = models.Q(
            pregnancy=True, age_min_months__isnull=True, age_max_months__isnull=True
        )
        # A phase without lower bound starts at birth, as in derive_life_phases.
        return self.overlapping_age(phase.min_age_months or 0, phase.max_age_months).exclude(
            pregnancy_only
        )


class OfferManager(_TenantManager.from_queryset(OfferQuerySet)):  # type: ignore[misc]
    pass


class Offer(TenantScopedModel):
    """One prevention offer or service (HSDS: service)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    external_id = models.CharField(_("external id"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    summary_plain = models.TextField(
        _("summary in plain language"),
        blank=True,
        help_text=_("Optional short summary in simple words (Einfache Sprache)."),
    )
    # Whom the offer is about: the age range of the person in focus.
    pregnancy = models.BooleanField(_("pregnancy and birth"), default=False)
    age_min_months = models.PositiveIntegerField(
        _("from age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
    )
    age_max_months = models.PositiveIntegerField(
        _("up to age (months, exclusive)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
    )
    prevention_level = models.ForeignKey(
        "taxonomy.Term",
        verbose_name=_("prevention level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=_vocab(Vocabulary.PREVENTION_LEVEL),
    )
    dimensions = _term_field(
        Vocabulary.DIMENSION, _("prevention dimensions"), "offers_by_dimension", required=True
    )
    participants = _term_field(Vocabulary.PARTICIPANT, _("who takes part"), "offers_by_participant")
    transitions = models.ManyToManyField(
        "taxonomy.Transition",
        verbose_name=_("transitions supported"),
        blank=True,
        related_name="offers",
    )
    target_groups = _term_field(
        Vocabulary.TARGET_GROUP, _("target groups"), "offers_by_target_group"
    )
    topics = _term_field(Vocabulary.TOPIC, _("topics"), "offers_by_topic")
    settings = _term_field(Vocabulary.SETTING, _("settings"), "offers_by_setting")
    formats = _term_field(Vocabulary.FORMAT, _("formats"), "offers_by_format")
    access_options = _term_field(Vocabulary.ACCESS, _("access and cost"), "offers_by_access")
    cost_note = models.CharField(_("cost details"), max_length=300, blank=True)
    languages = _term_field(Vocabulary.LANGUAGE, _("languages"), "offers_by_language")
    accessibility = _term_field(
        Vocabulary.ACCESSIBILITY, _("accessibility features"), "offers_by_accessibility"
    )
    childcare = models.BooleanField(_("childcare during the offer"), default=False)
    funding_programmes = _term_field(
        Vocabulary.FUNDING, _("funding programmes"), "offers_by_funding"
    )
    evidence_programme = models.ForeignKey(
        "taxonomy.Term",
        verbose_name=_("evidence-based programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=_vocab(Vocabulary.EVIDENCE_PROGRAMME),
    )
    # Where
    locations = models.ManyToManyField(
        "geography.Location", verbose_name=_("locations"), blank=True, related_name="offers"
    )
    service_area_kind = models.CharField(
        _("service area"),
        max_length=12,
        choices=ServiceAreaKind.choices,
        default=ServiceAreaKind.LOCATIONS,
    )
    service_areas = models.ManyToManyField(
        "geography.Area",
        verbose_name=_("served areas"),
        blank=True,
        related_name="served_by_offers",
    )
    # When
    schedule_note = models.CharField(_("schedule note"), max_length=300, blank=True)
    by_appointment = models.BooleanField(_("by appointment"), default=False)
    closed_on_public_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    capacity_per_year = models.PositiveIntegerField(_("places per year"), null=True, blank=True)
    # Contacts: public ones are shown to everybody, internal ones to professionals.
    public_contact_name = models.CharField(_("public contact"), max_length=200, blank=True)
    public_phone = models.CharField(_("public phone"), max_length=60, blank=True)
    public_email = models.EmailField(_("public e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    internal_contact_name = models.CharField(_("internal contact"), max_length=200, blank=True)
    internal_phone = models.CharField(_("internal phone"), max_length=60, blank=True)
    internal_email = models.EmailField(_("internal e-mail"), blank=True)
    internal_note = models.TextField(_("note for professionals"), blank=True)
    # Upkeep
    last_confirmed_at = models.DateField(_("last confirmed"), null=True, blank=True)
    confirmation_interval_months = models.PositiveSmallIntegerField(
        _("confirmation interval (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the tenant's default."),
    )
    # Derived from last_confirmed_at, the interval and the tenant's grace period by
    # ``refresh_currency`` (stored so that search and planning can filter in SQL).
    confirmation_due = models.DateField(_("confirmation due"), null=True, blank=True)
    hidden_from = models.DateField(
        _("hidden from public search from"), null=True, blank=True, db_index=True
    )
    # Terms of foreign taxonomies an import brought along (HSDS: taxonomy_term), kept
    # for the round trip: [{"taxonomy": …, "code": …, "name": …}].
    external_terms = models.JSONField(_("external taxonomy terms"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferManager()
    # Unscoped, with the offer query methods (in_life_phase, overlapping_age …).
    all_tenants = models.Manager.from_queryset(OfferQuerySet)()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "external_id"],
                condition=~models.Q(external_id=""),
                name="offer_unique_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(age_min_months__isnull=True)
                | models.Q(age_max_months__isnull=True)
                | models.Q(age_max_months__gt=models.F("age_min_months")),
                name="offer_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="offer_validity_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status"]),
            models.Index(fields=["age_min_months", "age_max_months"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.age_max_months == 0:
            errors["age_max_months"] = _("The upper age (exclusive) must be greater than 0.")
        elif (
            self.age_min_months is not None
            and self.age_max_months is not None
            and self.age_max_months <= self.age_min_months
        ):
            errors["age_max_months"] = _("The upper age must be greater than the lower age.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date must not be before the start date.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.refresh_currency()
        super().save(*args, **kwargs)

    def refresh_currency(self, tenant=None) -> None:
        """Set ``confirmation_due`` and ``hidden_from`` from the confirmation date.

        Not yet confirmed offers count from their creation. ``tenant`` saves a query
        in bulk writes.
        """
        from praevnav.catalogue.currency import currency_dates

        tenant = tenant or self.tenant
        start = self.last_confirmed_at or (
            self.created_at.date() if self.created_at else timezone.localdate()
        )
        self.confirmation_due, self.hidden_from = currency_dates(
            confirmed=start,
            interval_months=self.confirmation_interval_months
            or tenant.confirmation_interval_months,
            grace_days=tenant.grace_period_days,
        )

    @property
    def life_phases(self) -> list:
        """Life phases derived from the age range and the pregnancy flag (never stored)."""
        from praevnav.taxonomy.selectors import life_phases_for_tenant
        from praevnav.taxonomy.services import derive_life_phases

        return derive_life_phases(
            phases=life_phases_for_tenant(tenant_id=self.tenant_id),
            pregnancy=self.pregnancy,
            min_months=self.age_min_months,
            max_months=self.age_max_months,
        )


class OfferTranslation(models.Model):
    """The offer's text in another language (for handouts in the family's language)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language (ISO 639-1)"), max_length=8)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    summary_plain = models.TextField(_("summary in plain language"), blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} [{self.language}]"


class OpeningSession(models.Model):
    """One time slot: several per weekday are allowed (e.g. 9–12 and 14–17)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    location = models.ForeignKey(
        "geography.Location", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opening session")
        verbose_name_plural = _("opening sessions")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="session_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


# --- Navigator: Merkliste, correction notes and demand signals ----------------------


class OfferList(TenantScopedModel):
    """A named Merkliste a professional keeps (citizens' lists live in the session).

    Shared read-only through ``share_token``; notes are the professional's own words
    and must not identify a family (the form says so).
    """

    owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="offer_lists")
    name = models.CharField(_("name"), max_length=120)
    share_token = models.CharField(_("share token"), max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer list")
        verbose_name_plural = _("offer lists")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name


class OfferListItem(models.Model):
    offer_list = models.ForeignKey(OfferList, on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("offer list entry")
        verbose_name_plural = _("offer list entries")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer_list", "offer"], name="offerlist_unique_offer")
        ]


class CorrectionNote(TenantScopedModel):
    """“Fehler melden”: a reader's note that something in an offer is wrong."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="correction_notes")
    message = models.TextField(_("what is wrong"), max_length=2000)
    contact_email = models.EmailField(
        _("e-mail for a reply (optional)"),
        blank=True,
        help_text=_("Only if you want an answer. Deleted when the note is closed."),
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correction note")
        verbose_name_plural = _("correction notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.message[:40]}"


class SearchEvent(TenantScopedModel):
    """One search, logged anonymously as a demand signal for planning.

    Holds no IP address, no user and no session; the time is rounded down to the hour,
    the query is reduced to its normalised words, and a place is kept only as the area it
    resolved to (never the typed address).
    """

    class Channel(models.TextChoices):
        PAGE = "page", _("search page")
        API = "api", _("API")

    occurred_hour = models.DateTimeField(_("hour"), db_index=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.PAGE)
    query_words = models.CharField(_("query words"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    area = models.ForeignKey(
        "geography.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    age_months = models.PositiveIntegerField(null=True, blank=True)
    pregnant = models.BooleanField(default=False)
    life_phase_codes = models.JSONField(default=list, blank=True)
    result_count = models.PositiveIntegerField(_("results"))

    class Meta:
        verbose_name = _("search event")
        verbose_name_plural = _("search events")
        indexes = [models.Index(fields=["tenant", "occurred_hour"])]


class GapReport(TenantScopedModel):
    """“Lücke melden”: what a searcher looked for and did not find, and where."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        SEEN = "seen", _("seen by planning")

    occurred_hour = models.DateTimeField(_("hour"), db_index=True)
    sought = models.TextField(_("what was missing"), max_length=1000)
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    age_months = models.PositiveIntegerField(null=True, blank=True)
    pregnant = models.BooleanField(default=False)
    life_phase_codes = models.JSONField(default=list, blank=True)
    query_words = models.CharField(max_length=200, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    result_count = models.PositiveIntegerField(default=0)
    by_professional = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.NEW)

    class Meta:
        verbose_name = _("reported gap")
        verbose_name_plural = _("reported gaps")
        ordering = ["-occurred_hour"]


from praevnav.catalogue.models_upkeep import CurrencyReminder, OfferRevision  # noqa: E402

__all__ = [
    "CorrectionNote",
    "CurrencyReminder",
    "GapReport",
    "Offer",
    "OfferList",
    "OfferListItem",
    "OfferRevision",
    "OfferTranslation",
    "OpeningSession",
    "SearchEvent",
]
