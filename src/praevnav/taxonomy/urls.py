"""Planner pages of the taxonomy, included under /verwaltung/taxonomie/."""

from django.urls import path

from praevnav.taxonomy import views, views_mappings

app_name = "taxonomy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("vokabulare/<slug:vocabulary>/", views.term_list, name="term_list"),
    path("vokabulare/<slug:vocabulary>/neu/", views.term_create, name="term_create"),
    path("begriffe/<int:pk>/bearbeiten/", views.term_update, name="term_update"),
    path("begriffe/<int:pk>/deaktivieren/", views.term_deactivate, name="term_deactivate"),
    path("begriffe/<int:pk>/loeschen/", views.term_delete, name="term_delete"),
    path("lebensphasen/<int:pk>/bearbeiten/", views.life_phase_update, name="life_phase_update"),
    path("uebergaenge/<int:pk>/bearbeiten/", views.transition_update, name="transition_update"),
    path("synonyme/", views.synonym_list, name="synonym_list"),
    path("synonyme/neu/", views.synonym_create, name="synonym_create"),
    path("synonyme/<int:pk>/bearbeiten/", views.synonym_update, name="synonym_update"),
    path("synonyme/<int:pk>/status/", views.synonym_toggle, name="synonym_toggle"),
    path("synonyme/<int:pk>/loeschen/", views.synonym_delete, name="synonym_delete"),
    path("zuordnungen/", views_mappings.mapping_list, name="mapping_list"),
    path("zuordnungen/bearbeiten/", views_mappings.mapping_edit, name="mapping_edit"),
]
