"""Currency: the planners' dashboard and the one-click confirmation link of reminders."""

from django.urls import path

from praevnav.catalogue import views_currency

app_name = "currency"

urlpatterns = [
    path("verwaltung/aktualitaet/", views_currency.dashboard, name="dashboard"),
    path(
        "verwaltung/aktualitaet/einstellungen/",
        views_currency.settings_change,
        name="settings",
    ),
    path("aktualitaet/bestaetigen/<str:token>/", views_currency.confirm, name="confirm"),
]
