"""Areas (tree with geometry), yearly indicators and offer locations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from praevnav.core.models import TenantScopedModel
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel, CoordinateSource


class Area(TenantScopedModel):
    """A node of the spatial hierarchy: Kommune, Stadtbezirk, Stadtteil, Sozialraum …"""

    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices)
    code = models.CharField(_("official code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    # GeoJSON geometry (WGS84, lon/lat), repaired with make_valid on load.
    geometry = models.JSONField(_("geometry"), null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "level", "code"], name="area_unique_code")
        ]
        indexes = [models.Index(fields=["tenant", "level"])]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return LEVEL_DEPTH[AreaLevel(self.level)]

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        if self.min_lon is None:
            return None
        return (self.min_lon, self.min_lat, self.max_lon, self.max_lat)  # type: ignore[return-value]


class Indicator(TenantScopedModel):
    """One figure of an area in a year, e.g. population 6–10 or the SGB-II share.

    ``value`` is ``None`` when the statistics office suppressed it (``suppressed``).
    Keys are listed in ``geography/indicators.py``.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    key = models.CharField(_("indicator"), max_length=60)
    value = models.FloatField(_("value"), null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "key"], name="indicator_unique")
        ]
        indexes = [models.Index(fields=["tenant", "key", "year"])]

    def __str__(self) -> str:
        return f"{self.area.code} {self.year} {self.key}={self.value}"


class Location(TenantScopedModel):
    """Where offers take place. Areas are assigned from the coordinates on save."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField(_("name"), max_length=250)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    coordinate_source = models.CharField(
        _("coordinate source"),
        max_length=10,
        choices=CoordinateSource.choices,
        blank=True,
        default=CoordinateSource.NONE,
    )
    areas = models.ManyToManyField(
        Area, verbose_name=_("areas"), blank=True, related_name="locations"
    )
    outside_tenant = models.BooleanField(
        _("outside the tenant's areas"),
        default=False,
        help_text=_("The coordinates fall into none of the tenant's areas."),
    )
    external_id = models.CharField(_("external id"), max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "external_id"],
                condition=~models.Q(external_id=""),
                name="location_unique_external_id",
            ),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (
                    models.Q(latitude__isnull=False)
                    & models.Q(longitude__isnull=False)
                    & models.Q(latitude__gte=-90)
                    & models.Q(latitude__lte=90)
                    & models.Q(longitude__gte=-180)
                    & models.Q(longitude__lte=180)
                ),
                name="location_coordinates_complete_and_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({missing: _("Give both latitude and longitude, or neither.")})

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postcode} {self.city}".strip()] if p)

    def save(self, *args, assign_areas: bool = True, **kwargs) -> None:
        super().save(*args, **kwargs)
        if assign_areas:
            from praevnav.geography.services import location_assign_areas

            location_assign_areas(location=self)
