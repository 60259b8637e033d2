"""Duplicates, Doppelstrukturen and demand signals under /planung/ (namespace ``planning``)."""

from django.urls import path

from praevnav.planning import views_demand, views_duplicates

urlpatterns = [
    path("dubletten/", views_duplicates.duplicates, name="duplicates"),
    path("dubletten/zusammenfuehren/", views_duplicates.merge, name="duplicate_merge"),
    path("dubletten/keine-dublette/", views_duplicates.dismiss, name="duplicate_dismiss"),
    path("doppelstrukturen/", views_duplicates.overlaps, name="overlaps"),
    path("doppelstrukturen/bewertung/", views_duplicates.assess, name="overlap_assess"),
    path("nachfrage/", views_demand.demand, name="demand"),
]
