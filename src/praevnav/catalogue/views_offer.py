"""The offer page (detail and print view) and “Fehler melden”."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from praevnav.catalogue.forms_correction import CorrectionNoteForm
from praevnav.catalogue.models import Offer
from praevnav.catalogue.selectors import published_offers
from praevnav.catalogue.services_correction import correction_note_create
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.selectors import life_phases_for_tenant
from praevnav.taxonomy.services import derive_life_phases

# “Fehler melden”: at most this many notes per browser session and hour.
CORRECTION_LIMIT = 5
CORRECTION_WINDOW_S = 3600
CORRECTION_SESSION_KEY = "pn_correction_times"
# Parameter that carries the search a reader came from (for the way back).
BACK_PARAM = "suche"

OFFER_PREFETCH = (
    "dimensions",
    "participants",
    "transitions",
    "target_groups",
    "topics",
    "settings",
    "formats",
    "access_options",
    "languages",
    "accessibility",
    "funding_programmes",
    # Area polygons are large and not shown here: leave them in the database.
    Prefetch(
        "locations",
        queryset=Location.objects.prefetch_related(
            Prefetch("areas", queryset=Area.objects.defer("geometry"))
        ),
    ),
    Prefetch("service_areas", queryset=Area.objects.defer("geometry")),
    "sessions__location",
    "translations",
)


@dataclass
class LanguageLink:
    code: str
    name: str
    current: bool


def _offer_or_404(request: HttpRequest, pk: int) -> Offer:
    """A published, currently valid offer of the request's tenant; 404 for any other."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise Http404("no municipality")
    qs = (
        published_offers(tenant=tenant)
        .select_related("organisation", "prevention_level", "evidence_programme", "tenant")
        .prefetch_related(*OFFER_PREFETCH)
    )
    return get_object_or_404(qs, pk=pk)


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def _is_bidi(code: str) -> bool:
    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return code in {"ar", "fa", "he", "ps", "ur"}


def _back_query(request: HttpRequest) -> str:
    """The search the reader came from, re-encoded (never a foreign address)."""
    raw = request.GET.get(BACK_PARAM, "")[:2000]
    return QueryDict(raw).urlencode() if raw else ""


def _detail_context(request: HttpRequest, offer: Offer, form: CorrectionNoteForm) -> dict:
    translations = {t.language: t for t in offer.translations.all()}
    lang = request.GET.get("lang", "")
    chosen = translations.get(lang)
    languages = []
    if translations:
        languages = [LanguageLink("", _("German (original)"), chosen is None)] + [
            LanguageLink(code, _language_name(code), chosen is not None and code == lang)
            for code in sorted(translations)
        ]
    phases = derive_life_phases(
        phases=life_phases_for_tenant(tenant_id=offer.tenant_id),
        pregnancy=offer.pregnancy,
        min_months=offer.age_min_months,
        max_months=offer.age_max_months,
    )
    locations = list(offer.locations.all())
    points = [
        {
            "name": loc.name,
            "address": loc.address,
            "lat": round(loc.latitude, 6),
            "lon": round(loc.longitude, 6),
        }
        for loc in locations
        if loc.latitude is not None and loc.longitude is not None
    ]
    tenant = request.tenant  # type: ignore[attr-defined]
    return {
        "offer": offer,
        "text": chosen,
        "text_lang": chosen.language if chosen else "",
        "text_dir": "rtl" if chosen and _is_bidi(chosen.language) else "ltr",
        "offer_url": request.build_absolute_uri(reverse("catalogue:offer_detail", args=[offer.pk])),
        "languages": languages,
        "life_phases": phases,
        "locations": [
            (loc, [a for a in sorted(loc.areas.all(), key=lambda a: a.depth)]) for loc in locations
        ],
        "map_points": points,
        "sessions": list(offer.sessions.all()),
        "show_internal": request.user.has_perm("catalogue.view_internal_contacts", tenant),
        "form": form,
        "back_query": _back_query(request),
        "lang": lang if chosen else "",
    }


@require_GET
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one offer; ``?print=1`` gives the print view, ``?lang=tr`` a translation."""
    offer = _offer_or_404(request, pk)
    context = _detail_context(request, offer, CorrectionNoteForm())
    if request.GET.get("print") == "1":
        return render(request, "catalogue/offer/print.html", context)
    return render(request, "catalogue/offer/detail.html", context)


def _recent_notes(request: HttpRequest) -> list[float]:
    now = time.time()
    return [
        t
        for t in request.session.get(CORRECTION_SESSION_KEY, [])
        if isinstance(t, (int, float)) and now - t < CORRECTION_WINDOW_S
    ]


@require_POST
def offer_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """“Fehler melden”: store the note and tell the provider's editors and the planners."""
    offer = _offer_or_404(request, pk)
    form = CorrectionNoteForm(request.POST)
    detail_url = reverse("catalogue:offer_detail", args=[offer.pk])
    status = 400
    if form.is_valid():
        if form.is_bot():
            # Bots are told it worked; nothing is stored or sent.
            messages.success(request, _("Thank you. Your note has been passed on."))
            return redirect(detail_url)
        recent = _recent_notes(request)
        if len(recent) >= CORRECTION_LIMIT:
            form.add_error(
                None,
                _(
                    "You have already sent %(n)s notes in the last hour. Please try again "
                    "later or contact the provider directly."
                )
                % {"n": CORRECTION_LIMIT},
            )
            status = 429
        else:
            correction_note_create(
                offer=offer,
                message=form.cleaned_data["message"],
                contact_email=form.cleaned_data["contact_email"],
                request_meta={"offer_url": request.build_absolute_uri(detail_url)},
            )
            request.session[CORRECTION_SESSION_KEY] = [*recent, time.time()]
            messages.success(
                request,
                _(
                    "Thank you. Your note has been passed on to the provider and the "
                    "editorial office."
                ),
            )
            return redirect(detail_url)
    context = _detail_context(request, offer, form)
    return render(request, "catalogue/offer/detail.html", context, status=status)
