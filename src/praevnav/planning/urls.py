"""The planning office's pages under /planung/ (login as Planung)."""

from django.urls import include, path

app_name = "planning"

# Each part of the planning pages has its own URL module (one owner each).
urlpatterns = [
    path("", include("praevnav.planning.urls_coverage")),
    path("", include("praevnav.planning.urls_gaps")),
    path("", include("praevnav.planning.urls_duplicates")),
    path("", include("praevnav.planning.urls_measures")),
]
