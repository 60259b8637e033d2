"""Review queue, diffs and offer history, included under /verwaltung/pruefung/."""

from django.urls import path

from praevnav.catalogue import views_history, views_review

app_name = "review"

urlpatterns = [
    path("", views_review.queue, name="queue"),
    path("<int:pk>/", views_review.detail, name="detail"),
    path("<int:pk>/freigeben/", views_review.approve, name="approve"),
    path("<int:pk>/ablehnen/", views_review.reject, name="reject"),
    path("angebote/<int:pk>/verlauf/", views_history.history, name="history"),
    path(
        "angebote/<int:pk>/verlauf/<int:revision_pk>/wiederherstellen/",
        views_history.restore,
        name="restore",
    ),
]
