from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "praevnav.geography"
    label = "geography"
    verbose_name = _("Areas, indicators and locations")
