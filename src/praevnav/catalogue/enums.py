from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class ServiceAreaKind(models.TextChoices):
    LOCATIONS = "locations", _("at its locations")
    WHOLE_TENANT = "whole", _("whole municipality")
    AREAS = "areas", _("listed areas")
    OUTREACH = "outreach", _("outreach (aufsuchend) in the listed areas")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
