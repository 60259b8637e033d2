"""The planning start page, the coverage matrix and the chain view under /planung/."""

from django.urls import path

from praevnav.planning import views_chain as chain
from praevnav.planning import views_coverage as coverage

urlpatterns: list = [
    path("", coverage.index, name="index"),
    path("abdeckung/", coverage.coverage, name="coverage"),
    path("abdeckung/abdeckung.csv", coverage.coverage_csv, name="coverage_csv"),
    path("abdeckung/gebiete.json", coverage.coverage_areas, name="coverage_areas"),
    path("kette/", chain.chain, name="chain"),
    path("kette/angebote/<str:phase>/", chain.chain_offers, name="chain_offers_all"),
    path("kette/<str:area_code>/", chain.chain, name="chain_area"),
    path("kette/<str:area_code>/angebote/<str:phase>/", chain.chain_offers, name="chain_offers"),
]
