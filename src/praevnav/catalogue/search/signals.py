"""Signal handlers that keep the search index and caches in step with every write path.

Connected from ``CatalogueConfig.ready``. Single writes (``save``, ``delete``, many-to-
many changes) re-index the offers concerned; bulk services announce themselves through
their audit entry (``offer.bulk_create`` → re-index the tenant's offers that have no
index row yet; ``location.bulk_create`` and area loads → bump the version). Code that
writes with ``QuerySet.update`` must call ``search_index_refresh`` itself (the state's
maximum age is the safety net).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from praevnav.catalogue.models import Offer, OpeningSession
from praevnav.catalogue.search import indexing
from praevnav.catalogue.search.state import bump_local_epoch
from praevnav.core.models import AuditEntry
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.models import Synonym, Term, Transition

_OFFER_M2M = (
    "dimensions",
    "participants",
    "target_groups",
    "topics",
    "settings",
    "formats",
    "access_options",
    "languages",
    "accessibility",
    "funding_programmes",
    "transitions",
    "locations",
    "service_areas",
)
# The links whose names are part of an offer's indexed text (tags, or place names in the
# body); a change to any other link only changes facet data.
_TEXT_M2M = {
    "target_groups",
    "topics",
    "settings",
    "formats",
    "dimensions",
    "transitions",
    "locations",
}
_TEXT_THROUGH = {getattr(Offer, name).through for name in _TEXT_M2M}


def _offer_saved(sender, instance: Offer, raw=False, **kwargs) -> None:
    if raw:
        return
    bump_local_epoch()
    indexing.search_index_refresh(offer_ids=[instance.pk])


def _offer_deleted(sender, instance: Offer, **kwargs) -> None:
    bump_local_epoch()
    indexing.search_index_remove(offer_ids=[instance.pk], tenant_ids=[instance.tenant_id])


def _offer_links_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A text link changed: re-index the offers; any other link: bump their tenants."""
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse and action == "pre_clear":
        return  # post_clear follows
    offer_ids = list(pk_set or ()) if reverse else [instance.pk]
    if sender in _TEXT_THROUGH and offer_ids:
        indexing.search_index_refresh(offer_ids=offer_ids)
    elif reverse and offer_ids:
        tenant_ids = Offer.all_tenants.filter(pk__in=offer_ids).values_list("tenant_id", flat=True)
        indexing.search_index_touch(tenant_ids=set(tenant_ids))
    else:
        indexing.search_index_touch(tenant_ids=[instance.tenant_id])


def _touch(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    bump_local_epoch()
    tenant_id = getattr(instance, "tenant_id", None)
    if tenant_id is None and hasattr(instance, "offer"):
        tenant_id = instance.offer.tenant_id
    if tenant_id is not None:
        indexing.search_index_touch(tenant_ids=[tenant_id])


def _names_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A term, transition, provider or location was changed: re-index its offers.

    A new one has no offers yet: only this process's caches are refreshed (seeding a
    tenant creates hundreds of terms; other processes see them with the next write).
    """
    if raw:
        return
    bump_local_epoch()
    if created:
        return
    if isinstance(instance, (Location, Transition)):
        ids = list(instance.offers.values_list("pk", flat=True))
    elif isinstance(instance, Term):
        ids = []
        for field in ("topics", "target_groups", "settings", "formats", "dimensions"):
            ids += list(
                getattr(Offer, field)
                .through.objects.filter(term_id=instance.pk)
                .values_list("offer_id", flat=True)
            )
        ids += list(
            Offer.all_tenants.filter(evidence_programme_id=instance.pk).values_list("pk", flat=True)
        )
    else:  # Organisation
        ids = list(
            Offer.all_tenants.filter(organisation_id=instance.pk).values_list("pk", flat=True)
        )
    if ids:
        indexing.search_index_refresh(offer_ids=ids)
    indexing.search_index_touch(tenant_ids=[instance.tenant_id])


def _audited(sender, instance: AuditEntry, created=False, raw=False, **kwargs) -> None:
    if raw or not created or instance.tenant_id is None:
        return
    action = instance.action or ""
    if action == "offer.bulk_create":
        bump_local_epoch()
        from praevnav.catalogue.search.indexing import search_index_missing

        search_index_missing(tenant=instance.tenant)
    elif action.startswith(("location.", "area", "areas.", "geography.", "synonym.", "taxonomy.")):
        bump_local_epoch()
        indexing.search_index_touch(tenant_ids=[instance.tenant_id])


def _after_migrate(sender, using="default", **kwargs) -> None:
    """After migrations and after a test database flush: drop rows of offers that are
    gone, so that a reused offer id never finds an old text."""
    from django.db import connection

    from praevnav.catalogue.search.backends import get_backend

    if getattr(sender, "label", None) != "catalogue":
        return
    tables = set(connection.introspection.table_names())
    if "catalogue_searchdoc" in tables and "catalogue_offer" in tables:
        get_backend().prune()
    bump_local_epoch()


def connect() -> None:
    from django.db.models.signals import post_migrate

    from praevnav.accounts.models import Organisation

    post_save.connect(_offer_saved, sender=Offer, dispatch_uid="search_offer_saved")
    post_delete.connect(_offer_deleted, sender=Offer, dispatch_uid="search_offer_deleted")
    for name in _OFFER_M2M:
        m2m_changed.connect(
            _offer_links_changed,
            sender=getattr(Offer, name).through,
            dispatch_uid=f"search_offer_m2m_{name}",
        )
    for model in (Area, OpeningSession, Synonym):
        post_save.connect(_touch, sender=model, dispatch_uid=f"search_touch_{model.__name__}")
        post_delete.connect(_touch, sender=model, dispatch_uid=f"search_touchd_{model.__name__}")
    for model in (Location, Term, Transition, Organisation):
        post_save.connect(
            _names_changed, sender=model, dispatch_uid=f"search_names_{model.__name__}"
        )
        post_delete.connect(_touch, sender=model, dispatch_uid=f"search_named_{model.__name__}")
    post_save.connect(_audited, sender=AuditEntry, dispatch_uid="search_audited")
    post_migrate.connect(_after_migrate, dispatch_uid="search_after_migrate")
