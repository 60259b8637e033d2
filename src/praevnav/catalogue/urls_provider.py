"""The provider workspace under /traeger/."""

from django.urls import path

from praevnav.catalogue import (
    views_provider,
    views_provider_colleagues,
    views_provider_locations,
    views_provider_offer,
)

app_name = "provider"

urlpatterns = [
    path("", views_provider.dashboard, name="dashboard"),
    path("angebote/neu/", views_provider_offer.offer_create, name="offer_create"),
    path("angebote/<int:pk>/bearbeiten/", views_provider_offer.offer_edit, name="offer_edit"),
    path(
        "angebote/<int:pk>/zurueckziehen/",
        views_provider_offer.offer_withdraw,
        name="offer_withdraw",
    ),
    path("angebote/<int:pk>/verwerfen/", views_provider_offer.offer_discard, name="offer_discard"),
    path(
        "angebote/<int:pk>/bestaetigen/",
        views_provider_offer.offer_confirm_view,
        name="offer_confirm",
    ),
    path("standorte/", views_provider_locations.location_list, name="location_list"),
    path("standorte/neu/", views_provider_locations.location_create, name="location_create"),
    path(
        "standorte/<int:pk>/bearbeiten/",
        views_provider_locations.location_edit,
        name="location_edit",
    ),
    path("kolleginnen/", views_provider_colleagues.colleagues, name="colleagues"),
    path(
        "einladungen/<int:pk>/zurueckziehen/",
        views_provider_colleagues.invitation_withdraw,
        name="invitation_withdraw",
    ),
]
