from django.urls import path

from praevnav.catalogue import views, views_gaps, views_lists, views_offer, views_search

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("angebote/", views_search.search, name="search"),
    path("angebote/karte/gebiete.json", views_search.map_areas, name="map_areas"),
    path("angebote/karte/treffer.json", views_search.map_hits, name="map_hits"),
    # Merkliste (views_lists) and “Lücke melden” (views_gaps)
    path("angebote/luecke-melden/", views_gaps.gap_report, name="gap_report"),
    path("angebote/luecke-melden/danke/", views_gaps.gap_report_thanks, name="gap_report_thanks"),
    path("merkliste/", views_lists.list_page, name="list"),
    path("merkliste/hinzufuegen/", views_lists.list_add, name="list_add"),
    path("merkliste/aendern/", views_lists.list_update, name="list_update"),
    path("merkliste/leeren/", views_lists.list_clear, name="list_clear"),
    path("merkliste/drucken/", views_lists.list_print, name="list_print"),
    path("merkliste/pdf/", views_lists.list_pdf, name="list_pdf"),
    path("merkliste/geteilt/<str:key>/", views_lists.list_shared, name="list_shared"),
    path(
        "merkliste/geteilt/<str:key>/drucken/",
        views_lists.list_shared_print,
        name="list_shared_print",
    ),
    path("merkliste/geteilt/<str:key>/pdf/", views_lists.list_shared_pdf, name="list_shared_pdf"),
    path(
        "merkliste/geteilt/<str:key>/uebernehmen/",
        views_lists.list_shared_import,
        name="list_shared_import",
    ),
    path("merkliste/l/<str:key>/", views_lists.list_public, name="list_public"),
    path("merkliste/l/<str:key>/drucken/", views_lists.list_public_print, name="list_public_print"),
    path("merkliste/l/<str:key>/pdf/", views_lists.list_public_pdf, name="list_public_pdf"),
    path(
        "merkliste/l/<str:key>/uebernehmen/",
        views_lists.list_public_import,
        name="list_public_import",
    ),
    path("merkliste/listen/", views_lists.named_lists, name="named_lists"),
    path("merkliste/listen/neu/", views_lists.named_list_create, name="named_list_create"),
    path("merkliste/listen/<int:key>/", views_lists.named_list, name="named_list"),
    path(
        "merkliste/listen/<int:key>/aendern/",
        views_lists.named_list_update,
        name="named_list_update",
    ),
    path(
        "merkliste/listen/<int:key>/umbenennen/",
        views_lists.named_list_rename,
        name="named_list_rename",
    ),
    path(
        "merkliste/listen/<int:key>/ergaenzen/",
        views_lists.named_list_add_session,
        name="named_list_add_session",
    ),
    path(
        "merkliste/listen/<int:key>/loeschen/",
        views_lists.named_list_delete,
        name="named_list_delete",
    ),
    path(
        "merkliste/listen/<int:key>/drucken/", views_lists.named_list_print, name="named_list_print"
    ),
    path("merkliste/listen/<int:key>/pdf/", views_lists.named_list_pdf, name="named_list_pdf"),
    path("angebote/<int:pk>/", views_offer.offer_detail, name="offer_detail"),
    path(
        "angebote/<int:pk>/fehler-melden/",
        views_offer.offer_correction,
        name="offer_correction",
    ),
]
