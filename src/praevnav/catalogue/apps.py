from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "praevnav.catalogue"
    label = "catalogue"
    verbose_name = _("Offers")

    def ready(self) -> None:
        # Keep the search index in step with every offer write (catalogue/search/signals.py).
        from praevnav.catalogue.search import signals

        signals.connect()

        from praevnav.taxonomy.selectors import register_life_phase_counter

        register_life_phase_counter(_offers_in_life_phase)


def _offers_in_life_phase(tenant_id: int, phase) -> int:
    from praevnav.catalogue.models import Offer

    return Offer.all_tenants.filter(tenant_id=tenant_id).in_life_phase(phase).count()
