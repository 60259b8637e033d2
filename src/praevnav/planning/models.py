"""Planning records: need weights, qualitative needs, goals and measures, overlap
verdicts, dismissed duplicate pairs and frozen snapshots.

The analyses themselves (coverage, accessibility, gaps, duplicates) are computed from the
catalogue and geography on demand; only what planners decide or record is stored here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from praevnav.core.models import TenantScopedModel
from praevnav.planning.enums import MeasureSource, MeasureStatus, NeedSource, OverlapVerdict


class NeedWeight(TenantScopedModel):
    """One indicator's weight in the need index of a life phase (planner-configurable).

    Without rows for a phase the documented defaults apply (``planning.need``).
    """

    life_phase = models.ForeignKey(
        "taxonomy.LifePhase", on_delete=models.CASCADE, related_name="need_weights"
    )
    indicator_key = models.CharField(_("indicator"), max_length=60)
    weight = models.FloatField(_("weight"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("need weight")
        verbose_name_plural = _("need weights")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "life_phase", "indicator_key"], name="needweight_unique"
            ),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="needweight_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.life_phase_id}:{self.indicator_key}={self.weight}"


class QualitativeNeed(TenantScopedModel):
    """A need recorded from a Sozialraumkonferenz, a survey or professionals."""

    area = models.ForeignKey(
        "geography.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+"
    )
    life_phase = models.ForeignKey(
        "taxonomy.LifePhase",
        verbose_name=_("life phase"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    dimension = models.ForeignKey(
        "taxonomy.Term",
        verbose_name=_("prevention dimension"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("need"), max_length=4000)
    recorded_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=20, choices=NeedSource.choices)
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("qualitative need")
        verbose_name_plural = _("qualitative needs")
        ordering = ["-recorded_on"]

    def __str__(self) -> str:
        return self.text[:60]


class Goal(TenantScopedModel):
    """A strategic goal of the prevention action plan; goals form a cascade."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("higher goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class Measure(TenantScopedModel):
    """A Maßnahme: the planning loop from a gap or overlap to decision and follow-up."""

    title = models.CharField(_("measure"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )
    source = models.CharField(
        _("origin"), max_length=10, choices=MeasureSource.choices, default=MeasureSource.OTHER
    )
    area = models.ForeignKey(
        "geography.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    life_phase = models.ForeignKey(
        "taxonomy.LifePhase",
        verbose_name=_("life phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dimension = models.ForeignKey(
        "taxonomy.Term",
        verbose_name=_("prevention dimension"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offers = models.ManyToManyField(
        "catalogue.Offer", verbose_name=_("offers concerned"), blank=True, related_name="+"
    )
    owner = models.CharField(_("responsible"), max_length=200)
    decision_body = models.CharField(_("deciding body"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED
    )
    recheck_on = models.DateField(_("re-check on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class OverlapAssessment(TenantScopedModel):
    """The planners' verdict on a Doppelstruktur, keyed by its offers, area and phase."""

    key = models.CharField(max_length=64)
    offer_ids = models.JSONField(_("offers"), default=list)
    area_code = models.CharField(_("area"), max_length=40)
    life_phase_code = models.CharField(_("life phase"), max_length=40)
    verdict = models.CharField(
        _("verdict"), max_length=12, choices=OverlapVerdict.choices, default=OverlapVerdict.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("overlap assessment")
        verbose_name_plural = _("overlap assessments")
        constraints = [models.UniqueConstraint(fields=["tenant", "key"], name="overlap_unique_key")]

    def __str__(self) -> str:
        return f"{self.area_code}/{self.life_phase_code}: {self.verdict}"


class DuplicateDismissal(TenantScopedModel):
    """A suggested duplicate pair that planners or editors judged to be two offers."""

    offer_a = models.ForeignKey("catalogue.Offer", on_delete=models.CASCADE, related_name="+")
    offer_b = models.ForeignKey("catalogue.Offer", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed duplicate")
        verbose_name_plural = _("dismissed duplicates")
        constraints = [
            models.UniqueConstraint(fields=["offer_a", "offer_b"], name="dismissal_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(offer_a__lt=models.F("offer_b")), name="dismissal_ordered_pair"
            ),
        ]


class PlanningSnapshot(TenantScopedModel):
    """The state of supply and coverage frozen for a reporting date. Immutable."""

    reference_date = models.DateField(_("reporting date"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    # {"coverage": …, "accessibility": …, "gaps": …, "overlaps": …, "currency": …,
    #  "demand": …, "offers": […]} — see planning.snapshots for the shape.
    data = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-reference_date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.reference_date}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).all_tenants.filter(pk=self.pk).exists():
            raise ValidationError(_("Snapshots cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Snapshots cannot be deleted."))
