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


class RevisionStatus(models.TextChoices):
    """Where a proposed change of an offer stands in the review workflow."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_REVISION_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.SUBMITTED)


class ReminderKind(models.TextChoices):
    """The currency reminders an offer's editors receive before and at expiry."""

    DAYS_30 = "30d", _("30 days before expiry")
    DAYS_7 = "7d", _("7 days before expiry")
    EXPIRED = "expired", _("on expiry")


class CurrencyState(models.TextChoices):
    CURRENT = "current", _("current")
    DUE_SOON = "due_soon", _("due within 30 days")
    OVERDUE = "overdue", _("overdue")
    HIDDEN = "hidden", _("overdue beyond the grace period")
