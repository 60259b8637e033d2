"""Vocabularies of the offer record, life phases and transitions (per tenant).

Each tenant gets its own copy of the shipped defaults (``data/default_taxonomy.json``)
when it is created, so planners can edit them without touching other tenants.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from praevnav.core.models import TenantScopedModel
from praevnav.taxonomy.enums import Vocabulary


class BilingualNameMixin(models.Model):
    name = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        """The name in the active interface language (German fallback)."""
        if (get_language() or "de").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    def __str__(self) -> str:
        return self.label


class Term(BilingualNameMixin, TenantScopedModel):
    """One value of a vocabulary, e.g. dimension “Gesundheit” or topic “Sprachförderung”."""

    vocabulary = models.CharField(_("vocabulary"), max_length=30, choices=Vocabulary.choices)
    code = models.CharField(_("code"), max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent term"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    hsds_id = models.CharField(_("HSDS taxonomy term id"), max_length=200, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["vocabulary", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "vocabulary", "code"], name="term_unique_code"
            )
        ]
        indexes = [models.Index(fields=["tenant", "vocabulary"])]


class LifePhase(BilingualNameMixin, TenantScopedModel):
    """A link of the chain, defined by an age range in months (upper bound exclusive)."""

    code = models.CharField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_pregnancy = models.BooleanField(_("pregnancy and birth"), default=False)
    min_age_months = models.PositiveIntegerField(_("from age (months)"), null=True, blank=True)
    max_age_months = models.PositiveIntegerField(
        _("up to age (months, exclusive)"), null=True, blank=True
    )
    hsds_id = models.CharField(_("HSDS taxonomy term id"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("life phase")
        verbose_name_plural = _("life phases")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="lifephase_unique_code"),
            models.CheckConstraint(
                condition=models.Q(max_age_months__isnull=True)
                | models.Q(min_age_months__isnull=True)
                | models.Q(max_age_months__gt=models.F("min_age_months")),
                name="lifephase_age_range_ordered",
            ),
        ]

    @property
    def age_label(self) -> str:
        if self.is_pregnancy:
            return ""
        lo = (self.min_age_months or 0) // 12
        if self.max_age_months is None:
            return f"{lo}+"
        return f"{lo}–{self.max_age_months // 12}"


class Transition(BilingualNameMixin, TenantScopedModel):
    """A transition (Übergang) between life phases, e.g. Kita → Grundschule."""

    code = models.CharField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    from_phase = models.ForeignKey(
        LifePhase,
        verbose_name=_("from life phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transitions_out",
    )
    to_phase = models.ForeignKey(
        LifePhase,
        verbose_name=_("to life phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transitions_in",
    )
    hsds_id = models.CharField(_("HSDS taxonomy term id"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="transition_unique_code")
        ]


def current_language_is_english() -> bool:
    return (get_language() or "de").startswith("en")


class Synonym(TenantScopedModel):
    """A group of words the search treats as the same (planner-editable).

    ``terms`` is a comma-separated list, e.g. “Kita, Kindertagesstätte, Kindergarten”.
    """

    terms = models.CharField(_("words with the same meaning"), max_length=500)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.split(",") if t.strip()]


class TermMapping(TenantScopedModel):
    """A term of a foreign taxonomy (Open Eligibility, 211/AIRS, another city's own)
    and the term of ours it means, maintained by planners.

    Imports keep foreign terms on the offer and add the mapped term where a mapping
    exists; ``term`` empty records a known term deliberately left unmapped.
    """

    taxonomy = models.CharField(_("foreign taxonomy"), max_length=200)
    code = models.CharField(_("foreign code"), max_length=200)
    name = models.CharField(_("foreign name"), max_length=300, blank=True)
    term = models.ForeignKey(
        Term,
        verbose_name=_("our term"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mappings",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("term mapping")
        verbose_name_plural = _("term mappings")
        ordering = ["taxonomy", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "taxonomy", "code"], name="termmapping_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.taxonomy}:{self.code}"
