from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "praevnav.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self) -> None:
        from praevnav.core.signals import tenant_created

        tenant_created.connect(_seed_new_tenant, dispatch_uid="taxonomy_seed_new_tenant")


def _seed_new_tenant(sender, *, tenant, **kwargs) -> None:
    from praevnav.taxonomy.services import taxonomy_seed

    taxonomy_seed(tenant=tenant)
