from django.urls import path

from praevnav.geography import views

app_name = "geography"

urlpatterns = [
    path("standorte/<int:pk>/pin/", views.location_pin, name="location_pin"),
]
