"""Accessibility, need index and gap list pages under /planung/."""

from django.urls import path

from praevnav.planning import views_accessibility, views_gaps, views_need

urlpatterns: list = [
    path("erreichbarkeit/", views_accessibility.accessibility_page, name="accessibility"),
    path(
        "erreichbarkeit/gebiete.json",
        views_accessibility.accessibility_areas,
        name="accessibility_areas",
    ),
    path("bedarf/", views_need.need_page, name="need"),
    path("bedarf/gewichte/<str:phase>/", views_need.weights_change, name="need_weights"),
    path("bedarf/qualitativ/neu/", views_need.qualitative_create, name="qualitative_create"),
    path(
        "bedarf/qualitativ/<int:pk>/loeschen/",
        views_need.qualitative_delete,
        name="qualitative_delete",
    ),
    path("luecken/", views_gaps.gap_page, name="gaps"),
]
