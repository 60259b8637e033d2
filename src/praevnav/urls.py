from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from praevnav.api.api import api
from praevnav.core.admin_site import restrict_admin_site

restrict_admin_site(admin.site)

urlpatterns = [
    path("", include("praevnav.catalogue.urls")),
    path("", include("praevnav.core.urls")),
    path("", include("praevnav.geography.urls")),
    path("konto/", include("praevnav.accounts.urls")),
    path("traeger/", include("praevnav.catalogue.urls_provider")),
    path("verwaltung/pruefung/", include("praevnav.catalogue.urls_review")),
    path("", include("praevnav.catalogue.urls_currency")),
    path("austausch/", include("praevnav.exchange.urls")),
    path("planung/", include("praevnav.planning.urls")),
    path("verwaltung/taxonomie/", include("praevnav.taxonomy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/hsds/", include("praevnav.exchange.api_hsds")),
]

handler404 = "praevnav.core.views.error_404"
handler403 = "praevnav.core.views.error_403"
handler500 = "praevnav.core.views.error_500"
