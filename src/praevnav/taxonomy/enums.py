from django.db import models
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.TextChoices):
    """The controlled vocabularies of the offer record; each is one HSDS taxonomy."""

    DIMENSION = "dimension", _("Prevention dimension")
    PREVENTION_LEVEL = "prevention_level", _("Prevention level")
    PARTICIPANT = "participant", _("Who takes part")
    TARGET_GROUP = "target_group", _("Target group / life situation")
    TOPIC = "topic", _("Topic")
    SETTING = "setting", _("Setting")
    FORMAT = "format", _("Format")
    ACCESS = "access", _("Access and cost")
    LANGUAGE = "language", _("Language")
    ACCESSIBILITY = "accessibility", _("Accessibility feature")
    FUNDING = "funding", _("Funding programme")
    EVIDENCE_PROGRAMME = "evidence_programme", _("Evidence-based programme")
