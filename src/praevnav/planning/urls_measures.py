"""Goals, measures and snapshots under /planung/."""

from django.urls import path

from praevnav.planning import views_measures as measures
from praevnav.planning import views_snapshots as snapshots

urlpatterns: list = [
    path("ziele/", measures.goal_list, name="goal_list"),
    path("ziele/neu/", measures.goal_create, name="goal_create"),
    path("ziele/<int:pk>/", measures.goal_edit, name="goal_edit"),
    path("ziele/<int:pk>/loeschen/", measures.goal_delete, name="goal_delete"),
    path("massnahmen/", measures.measure_list, name="measure_list"),
    path("massnahmen/neu/", measures.measure_create, name="measure_create"),
    path("massnahmen/<int:pk>/", measures.measure_detail, name="measure_detail"),
    path("massnahmen/<int:pk>/bearbeiten/", measures.measure_edit, name="measure_edit"),
    path("stichtage/", snapshots.snapshot_list, name="snapshot_list"),
    path("stichtage/vergleich/", snapshots.snapshot_compare, name="snapshot_compare"),
    path("stichtage/<int:pk>/", snapshots.snapshot_detail, name="snapshot_detail"),
]
