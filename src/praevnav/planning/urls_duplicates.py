"""Duplicates, Doppelstrukturen and demand signals under /planung/ (namespace ``planning``)."""

from django.urls import path

from praevnav.planning import views_demand

urlpatterns = [
    path("nachfrage/", views_demand.demand, name="demand"),
]
