"""Users, providers (Träger) and tenant-scoped role memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from praevnav.accounts.enums import Role
from praevnav.core.models import Tenant, TenantScopedModel


class User(AbstractUser):
    """A person who logs in. Holds no more personal data than a login needs."""

    email = models.EmailField(_("email address"), unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def roles_in(self, tenant: Tenant | None) -> set[str]:
        """Roles this user holds in ``tenant`` (a Kreis role also covers its member towns)."""
        if tenant is None or not self.is_active:
            return set()
        cache = self.__dict__.setdefault("_roles_cache", {})
        if tenant.pk not in cache:
            ids = [tenant.pk]
            node = tenant.parent
            while node is not None:
                ids.append(node.pk)
                node = node.parent
            cache[tenant.pk] = set(
                Membership.all_tenants.filter(user=self, tenant_id__in=ids).values_list(
                    "role", flat=True
                )
            )
        return cache[tenant.pk]

    def forget_roles(self) -> None:
        """Drop the per-instance role cache (after memberships changed)."""
        self.__dict__.pop("_roles_cache", None)

    def organisation_ids_in(self, tenant: Tenant | None) -> set[int]:
        """Organisations this user edits for (Träger-Redaktion memberships)."""
        if tenant is None or not self.is_active:
            return set()
        return set(
            Membership.all_tenants.filter(
                user=self,
                tenant_id__in=tenant.lineage_ids(),
                role=Role.TRAEGER_EDITOR,
                organisation__isnull=False,
            ).values_list("organisation_id", flat=True)
        )


class Organisation(TenantScopedModel):
    """A provider (Träger) of offers."""

    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    legal_status = models.CharField(_("legal form"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    external_id = models.CharField(_("external id"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "external_id"],
                condition=~models.Q(external_id=""),
                name="organisation_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TenantScopedModel):
    """A role of a user in a tenant; editors are bound to one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # Two partial constraints: NULLs are distinct in a plain unique index,
            # so (user, tenant, role, NULL) could otherwise be stored twice.
            models.UniqueConstraint(
                fields=["user", "tenant", "role", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="membership_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "tenant", "role"],
                condition=models.Q(organisation__isnull=True),
                name="membership_unique_without_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="traeger_editor") | models.Q(organisation__isnull=False),
                name="membership_editor_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.tenant})"

    def clean(self) -> None:
        if self.role == Role.TRAEGER_EDITOR and self.organisation_id is None:
            raise ValidationError(
                {"organisation": _("A provider editor must belong to an organisation.")}
            )
        if (
            self.organisation_id is not None
            and self.tenant_id is not None
            and self.organisation.tenant_id not in self.tenant.lineage_ids()
        ):
            raise ValidationError(
                {"organisation": _("The organisation belongs to another tenant.")}
            )


class Invitation(TenantScopedModel):
    """An e-mail invitation to become an editor of an organisation.

    Only a hash of the token is stored; the link in the e-mail carries the token.
    Accepting creates the account (or binds an existing one) and the membership.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation_id}"
