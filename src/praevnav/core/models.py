"""Tenancy and the audit log: infrastructure shared by every domain app."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from praevnav.core.tenancy import current_tenant, tenant_context, tenant_required


class TenantKind(models.TextChoices):
    KREISFREIE_STADT = "kreisfreie-stadt", _("Independent city (kreisfreie Stadt)")
    KREIS = "kreis", _("District (Kreis)")
    GEMEINDE = "gemeinde", _("Member municipality (kreisangehörige Gemeinde)")


slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters, digits and single hyphens only, e.g. kreis-dueren."),
)


class Tenant(models.Model):
    """A Gebietskörperschaft that runs its own prevention chain."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TenantKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    official_code = models.CharField(
        _("official municipality key (AGS)"), max_length=12, blank=True
    )
    confirmation_interval_months = models.PositiveSmallIntegerField(
        _("confirmation interval (months)"), default=12
    )
    grace_period_days = models.PositiveSmallIntegerField(_("grace period (days)"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="gemeinde") | models.Q(parent__isnull=False),
                name="tenant_gemeinde_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Kind and parent must fit: only a Gemeinde has a parent, and it is a Kreis."""
        if self.kind == TenantKind.GEMEINDE and self.parent_id is None:
            raise ValidationError(
                {"parent": _("A member municipality needs its Kreis as parent (--parent).")}
            )
        if self.parent_id is None:
            return
        if self.kind != TenantKind.GEMEINDE:
            raise ValidationError(
                {"parent": _("Only a member municipality (gemeinde) has a parent.")}
            )
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A tenant cannot be its own parent.")})
        if self.parent.kind != TenantKind.KREIS:
            raise ValidationError({"parent": _("Only a Kreis can have member municipalities.")})

    def scope_ids(self) -> list[int]:
        """Ids whose rows this tenant sees: itself and its member municipalities."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            children = list(
                Tenant.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            children = [c for c in children if c not in ids]
            ids.extend(children)
            frontier = children
        return ids

    def lineage_ids(self) -> list[int]:
        """Own scope plus parent tenants: the areas a member town's locations fall into."""
        ids = self.scope_ids()
        node = self.parent
        while node is not None:
            ids.append(node.pk)
            node = node.parent
        return ids


class TenantQuerySet(models.QuerySet):
    def for_tenant(self, tenant: Tenant) -> TenantQuerySet:
        return self.filter(tenant_id__in=tenant.scope_ids())

    def bulk_create(self, objs, *args, **kwargs):
        """Like ``save()``: rows without a tenant get the active tenant."""
        objs = list(objs)
        tenant = current_tenant()
        if tenant is not None:
            for obj in objs:
                if obj.tenant_id is None:
                    obj.tenant = tenant
        return super().bulk_create(objs, *args, **kwargs)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    """Default manager of tenant-owned models: scoped to the active tenant, if any."""

    def get_queryset(self) -> TenantQuerySet:
        qs = super().get_queryset()
        tenant = current_tenant()
        if tenant is not None:
            qs = qs.filter(tenant_id__in=_scope_ids_cached(tenant))
        elif tenant_required():
            # A web request whose tenant could not be resolved sees nothing rather
            # than the rows of every tenant.
            qs = qs.none()
        return qs


def _scope_ids_cached(tenant: Tenant) -> list[int]:
    cached = getattr(tenant, "_scope_ids_cache", None)
    if cached is None:
        cached = tenant.scope_ids()
        tenant._scope_ids_cache = cached  # type: ignore[attr-defined]
    return cached


class TenantScopedModel(models.Model):
    """Base of every tenant-owned row."""

    tenant = models.ForeignKey(
        Tenant, verbose_name=_("tenant"), on_delete=models.CASCADE, related_name="+"
    )

    objects = TenantManager()
    # Unscoped access for administrators, migrations and cross-tenant commands.
    all_tenants = models.Manager.from_queryset(TenantQuerySet)()

    class Meta:
        abstract = True
        base_manager_name = "all_tenants"

    def save(self, *args, **kwargs):
        if self.tenant_id is None:
            tenant = current_tenant()
            if tenant is not None:
                self.tenant = tenant
        super().save(*args, **kwargs)

    # Django checks uniqueness through the default manager, which only sees the
    # active tenant's rows; a clash with a row outside it (e.g. a Kreis-wide check
    # run from a member town) would then surface as an IntegrityError instead of
    # a validation message. The checks must see every row.
    def validate_unique(self, exclude=None):
        with tenant_context(None):
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with tenant_context(None):
            super().validate_constraints(exclude=exclude)


class AuditEntry(models.Model):
    """One recorded change: who, when, what, through which channel."""

    class Channel(models.TextChoices):
        UI = "ui", _("web interface")
        IMPORT = "import", _("import")
        API = "api", _("API")
        COMMAND = "command", _("command line")
        SYSTEM = "system", _("system")

    tenant = models.ForeignKey(Tenant, null=True, blank=True, on_delete=models.CASCADE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SYSTEM)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
