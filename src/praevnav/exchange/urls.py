from django.urls import path

from praevnav.exchange import views

app_name = "exchange"

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("vorlage.csv", views.template_download, {"fmt": "csv"}, name="template_csv"),
    path("vorlage.xlsx", views.template_download, {"fmt": "xlsx"}, name="template_xlsx"),
    path("export/", views.export, name="export"),
]
