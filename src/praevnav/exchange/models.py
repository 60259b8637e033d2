"""An uploaded import file and its dry-run report (step 1 of the upload page)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from praevnav.core.models import TenantScopedModel


class ImportFormat(models.TextChoices):
    CSV = "csv", _("CSV (template)")
    XLSX = "xlsx", _("XLSX (template)")
    HSDS = "hsds", _("HSDS 3.0 JSON")
    HSDS_CSV = "hsds-csv", _("HSDS 3.0 tabular (ZIP of CSV files)")


class ImportJob(TenantScopedModel):
    """One upload: the file, who sent it for which provider, and what it did."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("checked (dry run)")
        IMPORTED = "imported", _("imported")
        FAILED = "failed", _("not imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    content = models.BinaryField(_("content"))
    report = models.JSONField(_("report"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"
