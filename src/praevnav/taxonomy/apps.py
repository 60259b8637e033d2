from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "praevnav.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self) -> None:
        from praevnav.core.signals import tenant_created

        tenant_created.connect(_seed_new_tenant, dispatch_uid="taxonomy_seed_new_tenant")
        post_migrate.connect(
            _seed_synonyms_of_existing_tenants,
            sender=self,
            dispatch_uid="taxonomy_seed_synonyms_after_migrate",
        )


def _seed_new_tenant(sender, *, tenant, **kwargs) -> None:
    from praevnav.taxonomy.services import taxonomy_seed

    taxonomy_seed(tenant=tenant)


def _seed_synonyms_of_existing_tenants(sender, *, using="default", **kwargs) -> None:
    """Tenants created before the default synonyms shipped get them on the next migrate
    (``make run`` migrates on every start). ``synonyms_seed`` seeds each tenant only
    once, so groups the planners deleted stay deleted."""
    from django.db import connections

    from praevnav.core.models import Tenant
    from praevnav.taxonomy.models import Synonym
    from praevnav.taxonomy.services import synonyms_seed

    if using != "default":
        return
    tables = connections[using].introspection.table_names()
    if Synonym._meta.db_table not in tables or Tenant._meta.db_table not in tables:
        return  # migrated backwards, or not that far yet
    for tenant in Tenant.objects.using(using).all():
        synonyms_seed(tenant=tenant)
