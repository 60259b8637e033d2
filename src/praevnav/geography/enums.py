from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    """Levels of the spatial hierarchy, coarse to fine."""

    KREIS = "kreis", _("District (Kreis)")
    KOMMUNE = "kommune", _("Municipality (Kommune)")
    GEMEINDE = "gemeinde", _("Member town (Gemeinde)")
    STADTBEZIRK = "stadtbezirk", _("Borough (Stadtbezirk)")
    STADTTEIL = "stadtteil", _("District (Stadtteil)")
    SOZIALRAUM = "sozialraum", _("Social area (Sozialraum)")


LEVEL_DEPTH = {
    AreaLevel.KREIS: 0,
    AreaLevel.KOMMUNE: 0,
    AreaLevel.GEMEINDE: 1,
    AreaLevel.STADTBEZIRK: 1,
    AreaLevel.STADTTEIL: 2,
    AreaLevel.SOZIALRAUM: 3,
}


class CoordinateSource(models.TextChoices):
    IMPORT = "import", _("imported")
    GEOCODER = "geocoder", _("geocoded")
    MANUAL = "manual", _("set by hand")
    NONE = "", _("unknown")
