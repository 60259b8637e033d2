from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    DECIDED = "decided", _("decided")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class MeasureSource(models.TextChoices):
    GAP = "gap", _("gap")
    OVERLAP = "overlap", _("overlap")
    OTHER = "other", _("other")


class OverlapVerdict(models.TextChoices):
    OPEN = "open", _("not yet assessed")
    INTENDED = "intended", _("intended redundancy")
    TO_DISCUSS = "to_discuss", _("to discuss")
    RESOLVED = "resolved", _("resolved")


class NeedSource(models.TextChoices):
    CONFERENCE = "conference", _("Sozialraumkonferenz")
    SURVEY = "survey", _("survey")
    PROFESSIONALS = "professionals", _("professionals' observation")
    OTHER = "other", _("other")
