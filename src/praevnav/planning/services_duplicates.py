"""Acting on duplicates and overlaps: merge two offers, dismiss a pair, judge an overlap.

All three are atomic and audited. Callers check the permission first: merging and
dismissing need ``catalogue.merge_offers``, a verdict ``planning.manage``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer, OfferListItem
from praevnav.catalogue.revisions import M2M_FIELDS, offer_snapshots
from praevnav.catalogue.services_revisions import offer_archive, offer_change_direct
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant
from praevnav.planning.enums import OverlapVerdict
from praevnav.planning.models import DuplicateDismissal, Measure, OverlapAssessment
from praevnav.planning.selectors_findings import overlap_key

Channel = AuditEntry.Channel

# Scalar and foreign-key fields the kept offer takes over from the dropped one when it
# has no value itself. Title, age range and provider stay as the kept offer has them.
FILL_FIELDS = (
    "description",
    "summary_plain",
    "cost_note",
    "schedule_note",
    "capacity_per_year",
    "public_contact_name",
    "public_phone",
    "public_email",
    "website",
    "internal_contact_name",
    "internal_phone",
    "internal_email",
    "internal_note",
    "valid_from",
    "valid_until",
    "prevention_level",
    "evidence_programme",
)


def _empty(value) -> bool:
    return value in (None, "", [], {})


def merged_snapshot(keep: dict, drop: dict) -> tuple[dict, list[str]]:
    """``keep`` completed with what ``drop`` has and ``keep`` lacks, and the names of the
    fields that changed: links (locations, languages, topics …) are united, empty fields
    filled, opening times taken over when ``keep`` has none, translations added for
    languages ``keep`` lacks."""
    data = dict(keep)
    moved: list[str] = []
    for name in M2M_FIELDS:
        union = sorted(set(keep.get(name) or []) | set(drop.get(name) or []))
        if union != sorted(keep.get(name) or []):
            data[name] = union
            moved.append(name)
    for name in FILL_FIELDS:
        if _empty(keep.get(name)) and not _empty(drop.get(name)):
            data[name] = drop[name]
            moved.append(name)
    if not keep.get("sessions") and drop.get("sessions"):
        data["sessions"] = drop["sessions"]
        moved.append("sessions")
    have = {t["language"] for t in keep.get("translations") or []}
    extra = [t for t in drop.get("translations") or [] if t["language"] not in have]
    if extra:
        data["translations"] = [*(keep.get("translations") or []), *extra]
        moved.append("translations")
    return data, moved


def _repoint_lists(*, keep: Offer, drop: Offer) -> int:
    """Merkliste entries of ``drop`` point to ``keep``; where a list already holds
    ``keep`` the entry of ``drop`` is removed (its note kept if ``keep``'s has none)."""
    moved = 0
    items = OfferListItem.objects.filter(offer=drop).select_related("offer_list")
    holding = dict(
        OfferListItem.objects.filter(
            offer=keep, offer_list__in=[i.offer_list_id for i in items]
        ).values_list("offer_list_id", "pk")
    )
    for item in items:
        if item.offer_list_id in holding:
            if item.note:
                OfferListItem.objects.filter(pk=holding[item.offer_list_id], note="").update(
                    note=item.note
                )
            item.delete()
        else:
            item.offer = keep
            item.save(update_fields=["offer"])
        moved += 1
    return moved


def _repoint_measures(*, keep: Offer, drop: Offer) -> int:
    through = Measure.offers.through
    measure_ids = list(
        through.objects.filter(offer_id=drop.pk).values_list("measure_id", flat=True)
    )
    for measure in Measure.all_tenants.filter(pk__in=measure_ids):
        measure.offers.add(keep)
        measure.offers.remove(drop)
    return len(measure_ids)


@transaction.atomic
def offer_merge(*, keep: Offer, drop: Offer, by, channel: str = Channel.UI) -> Offer:
    """Merge the duplicate ``drop`` into ``keep``.

    ``keep`` takes over what ``drop`` has and it lacks (:func:`merged_snapshot`) as a
    direct change, recorded as a revision in its history; ``drop`` is archived (its
    history stays readable) with an audit entry “merged into <keep id>”. Merkliste
    entries and measures pointing to ``drop`` are re-pointed to ``keep``.
    """
    if keep.pk == drop.pk:
        raise ValidationError(_("An offer cannot be merged with itself."))
    keep = Offer.all_tenants.select_for_update().get(pk=keep.pk)
    drop = Offer.all_tenants.select_for_update().get(pk=drop.pk)
    if keep.status == OfferStatus.ARCHIVED or drop.status == OfferStatus.ARCHIVED:
        raise ValidationError(_("An archived offer cannot be merged."))
    snaps = offer_snapshots([keep.pk, drop.pk])
    data, moved = merged_snapshot(snaps[keep.pk], snaps[drop.pk])
    if moved:
        keep = offer_change_direct(offer=keep, data=data, by=by, channel=channel)
    lists = _repoint_lists(keep=keep, drop=drop)
    measures = _repoint_measures(keep=keep, drop=drop)
    offer_archive(offer=drop, by=by, channel=channel)
    audit(
        action="offer.merge",
        obj=drop,
        actor=by,
        channel=channel,
        summary=f"merged into {keep.pk}",
        changes={"merged_into": keep.pk, "moved": moved, "lists": lists, "measures": measures},
    )
    audit(
        action="offer.merge_keep",
        obj=keep,
        actor=by,
        channel=channel,
        summary=f"took over {drop.pk}",
        changes={"merged_from": drop.pk, "moved": moved},
    )
    return keep


@transaction.atomic
def duplicate_dismiss(
    *, tenant: Tenant, offer_a: Offer, offer_b: Offer, by, note: str = ""
) -> DuplicateDismissal:
    """Record that two suggested offers are not one (the pair is not suggested again)."""
    if offer_a.pk == offer_b.pk:
        raise ValidationError(_("Choose two different offers."))
    first, second = sorted((offer_a, offer_b), key=lambda o: o.pk)
    try:
        with transaction.atomic():
            dismissal, _created = DuplicateDismissal.all_tenants.get_or_create(
                offer_a=first,
                offer_b=second,
                defaults={"tenant": tenant, "note": note[:300], "dismissed_by": by},
            )
    except IntegrityError:  # a concurrent request dismissed it first
        dismissal = DuplicateDismissal.all_tenants.get(offer_a=first, offer_b=second)
    audit(
        action="duplicate.dismiss",
        obj=dismissal,
        tenant=tenant,
        actor=by,
        summary=f"{first.pk} ≠ {second.pk}",
        changes={"offers": [first.pk, second.pk], "note": note[:300]},
    )
    return dismissal


@transaction.atomic
def overlap_assess(
    *,
    tenant: Tenant,
    offer_ids: list[int],
    area_code: str,
    life_phase_code: str,
    verdict: str,
    note: str,
    by,
) -> OverlapAssessment:
    """Store the planners' verdict on an overlap group (keyed by offers, area, phase)."""
    if verdict not in OverlapVerdict.values:
        raise ValidationError(_("Choose a verdict."))
    ids = sorted({int(i) for i in offer_ids})
    if len(ids) < 2:
        raise ValidationError(_("An overlap needs at least two offers."))
    key = overlap_key(ids, area_code, life_phase_code)
    assessment = (
        OverlapAssessment.all_tenants.select_for_update().filter(tenant=tenant, key=key).first()
    )
    before = (assessment.verdict, assessment.note) if assessment else (None, None)
    if assessment is None:
        assessment = OverlapAssessment(
            tenant=tenant, key=key, offer_ids=ids, area_code=area_code,
            life_phase_code=life_phase_code,
        )  # fmt: skip
    assessment.verdict = verdict
    assessment.note = note
    assessment.updated_by = by if getattr(by, "is_authenticated", False) else None
    assessment.save()
    audit(
        action="overlap.assess",
        obj=assessment,
        tenant=tenant,
        actor=by,
        summary=f"{area_code}/{life_phase_code}: {verdict}",
        changes={"verdict": [before[0], verdict], "note": [before[1], note], "offers": ids},
    )
    return assessment


__all__ = ["duplicate_dismiss", "merged_snapshot", "offer_merge", "overlap_assess"]
