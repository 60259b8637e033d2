from django.urls import path

from praevnav.core import views

app_name = "core"

urlpatterns = [
    path("impressum/", views.legal_page, {"page": "impressum"}, name="impressum"),
    path("datenschutz/", views.legal_page, {"page": "datenschutz"}, name="datenschutz"),
    path("barrierefreiheit/", views.legal_page, {"page": "barrierefreiheit"}, name="accessibility"),
    path("gesundheit/", views.health, name="health"),
]
