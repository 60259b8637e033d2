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
