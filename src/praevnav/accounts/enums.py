from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FACHKRAFT = "fachkraft", _("Professional (Fachkraft)")
    TRAEGER_EDITOR = "traeger_editor", _("Provider editor (Träger-Redaktion)")
    PLANER = "planer", _("Planning / editorial office (Planung/Redaktion)")
    KOORDINATION = "koordination", _("Coordination (Präventionsbüro)")
    ADMIN = "admin", _("Administrator")
