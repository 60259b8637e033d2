from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "praevnav.exchange"
    verbose_name = _("Import and export")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The taxonomy's mapping page lists and applies foreign terms of offers through
        # these (taxonomy does not import the catalogue).
        from praevnav.exchange.hsds_import import offer_terms
        from praevnav.taxonomy import services_mappings

        services_mappings.register_foreign_term_source(offer_terms.foreign_terms_on_offers)
        services_mappings.register_mapping_applier(offer_terms.apply_mapping_to_offers)
