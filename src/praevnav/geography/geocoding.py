"""Turn an address or a place name into coordinates; correct a location's pin by hand.

``geocode(*, tenant, text, limit=5)`` is the one entry point (used by the search
service for ``near=…``). Two backends:

- **Offline (default, always available).** Matches the text against what the tenant
  already knows: the street names of its locations (``Location.street`` with postcode
  and city) and the names of its areas (Stadtteil, Stadtbezirk, Sozialraum, Gemeinde).
  Matching ignores case, umlauts/ß (``Düsseldorfer Straße`` = ``duesseldorfer str.``),
  the spelling of “Straße” (``Str.``, ``Strasse``, ``str``) and house numbers. A street
  resolves to the exact location when the house number matches, otherwise to the
  centroid of the street's locations; an area to its centroid and its code.
- **Remote (optional).** A Nominatim or Photon search endpoint at
  ``settings.GEOCODER_URL`` (``GEOCODER_KIND`` = ``nominatim`` | ``photon``), asked with a
  short timeout and bounded to the tenant's bounding box. Answers are parsed strictly
  (numbers, ranges, inside the box). Any failure — timeout, HTTP error, garbage — is
  logged without the searched text and the offline answer is used instead: the user
  never sees an error. With an empty URL (the default) nothing is ever fetched.

Ranking: exact address > exact area name > exact street > prefix matches > partial
matches; between areas of equal score the Stadtteil comes first.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
import unicodedata
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min
from shapely.geometry import shape

from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant
from praevnav.geography.enums import AreaLevel, CoordinateSource
from praevnav.geography.models import Area, Location

logger = logging.getLogger(__name__)

MAX_TEXT = 200
MAX_RESPONSE_BYTES = 512 * 1024
# Preferred level for an area code of a point, finest useful first.
AREA_CODE_LEVELS = [
    AreaLevel.STADTTEIL,
    AreaLevel.GEMEINDE,
    AreaLevel.SOZIALRAUM,
    AreaLevel.STADTBEZIRK,
    AreaLevel.KOMMUNE,
    AreaLevel.KREIS,
]
_LEVEL_RANK = {level: i for i, level in enumerate(AREA_CODE_LEVELS)}


@dataclass(frozen=True)
class GeocodeResult:
    """One candidate place; ``source`` says where it came from."""

    label: str
    lat: float
    lon: float
    area_code: str | None
    source: str  # "offline-address" | "offline-street" | "offline-area" | "nominatim" | "photon"


# --- text normalisation --------------------------------------------------------------

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_STREET_SUFFIX = re.compile(r"(?:strasse|str\b\.?)")
_NUMBER = re.compile(r"^(\d{1,4})\s*([a-z])?$")
_POSTCODE = re.compile(r"\b(\d{5})\b")
_HOUSE_NO = re.compile(r"\s(\d{1,4}\s?[a-z]?(?:\s?[-/]\s?\d{1,4}[a-z]?)?)$")


def fold(text: str) -> str:
    """Lower case without umlauts, ß or other diacritics; ``ae/oe/ue`` = ``a/o/u``.

    Both sides of every comparison go through this, so ``Düsseldorf``,
    ``Duesseldorf`` and ``Dusseldorf`` are equal.
    """
    text = text.lower().translate(_UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    text = _STREET_SUFFIX.sub("str", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    # “Kölner Str” and “Kölnerstr” are the same street.
    text = re.sub(r"\s+str\b", "str", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class ParsedAddress:
    street: str  # folded street name without number
    number: str  # folded house number ("12a"), may be empty
    postcode: str
    rest: str  # folded text after the first comma (city …)


def parse_address(text: str) -> ParsedAddress:
    """Split “Musterstraße 12a, 40210 Düsseldorf” into folded parts."""
    text = text[:MAX_TEXT]
    postcode_match = _POSTCODE.search(text)
    postcode = postcode_match.group(1) if postcode_match else ""
    if postcode:
        text = text.replace(postcode, " ")
    head, _sep, rest = text.partition(",")
    head_folded = fold(head)
    number = ""
    match = _HOUSE_NO.search(" " + head_folded)
    if match and head_folded[: -len(match.group(1))].strip():
        number = match.group(1).replace(" ", "")
        head_folded = head_folded[: -len(match.group(1))].strip()
    return ParsedAddress(street=head_folded, number=number, postcode=postcode, rest=fold(rest))


# --- offline backend -------------------------------------------------------------------


@dataclass
class _Gazetteer:
    streets: dict[str, list[tuple[str, float, float, str, str, str]]]
    # street key -> [(number, lat, lon, label, postcode, area_code)]
    areas: list[tuple[str, Area]]  # (folded name, area)
    bbox: tuple[float, float, float, float] | None


_GAZETTEER_CACHE: dict[int, tuple[tuple, _Gazetteer]] = {}


def _tenant_fingerprint(tenant: Tenant) -> tuple:
    ids = tenant.lineage_ids()
    loc = Location.all_tenants.filter(tenant_id__in=tenant.scope_ids()).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    area = Area.all_tenants.filter(tenant_id__in=ids).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    return (tuple(sorted(ids)), loc["n"], loc["last"], area["n"], area["last"])


def _area_centroid(area: Area) -> tuple[float, float] | None:
    if area.centroid_lat is not None and area.centroid_lon is not None:
        return area.centroid_lat, area.centroid_lon
    if area.geometry:
        point = shape(area.geometry).representative_point()
        return point.y, point.x
    return None


def _best_area_code(codes: list[tuple[str, str]]) -> str | None:
    """The code of the preferred level among ``(level, code)`` pairs."""
    ranked = sorted(codes, key=lambda lc: (_LEVEL_RANK.get(lc[0], 99), lc[1]))
    return ranked[0][1] if ranked else None


def _bbox(tenant: Tenant, areas: list[Area]) -> tuple[float, float, float, float] | None:
    """The bounding box of the tenant's own areas (stored bounds, else the geometry's)."""
    row = Area.all_tenants.filter(
        tenant_id__in=tenant.scope_ids(), min_lon__isnull=False
    ).aggregate(a=Min("min_lon"), b=Min("min_lat"), c=Max("max_lon"), d=Max("max_lat"))
    if row["a"] is not None:
        return (row["a"], row["b"], row["c"], row["d"])
    scope = set(tenant.scope_ids())
    bounds = [shape(a.geometry).bounds for a in areas if a.geometry and a.tenant_id in scope]
    if not bounds:
        return None
    return (
        min(b[0] for b in bounds),
        min(b[1] for b in bounds),
        max(b[2] for b in bounds),
        max(b[3] for b in bounds),
    )


def _gazetteer(tenant: Tenant) -> _Gazetteer:
    fingerprint = _tenant_fingerprint(tenant)
    cached = _GAZETTEER_CACHE.get(tenant.pk)
    if cached and cached[0] == fingerprint:
        return cached[1]
    areas = list(
        Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids()).only(
            "id", "tenant_id", "level", "code", "name", "centroid_lat", "centroid_lon", "geometry"
        )
    )
    area_by_id = {a.pk: a for a in areas}
    loc_areas: dict[int, list[tuple[str, str]]] = defaultdict(list)
    through = Location.areas.through
    locations = list(
        Location.all_tenants.filter(tenant_id__in=tenant.scope_ids())
        .exclude(street="")
        .exclude(latitude=None)
        .values_list("pk", "street", "postcode", "city", "latitude", "longitude")
    )
    for loc_id, area_id in through.objects.filter(
        location_id__in=[row[0] for row in locations]
    ).values_list("location_id", "area_id"):
        area = area_by_id.get(area_id)
        if area is not None:
            loc_areas[loc_id].append((area.level, area.code))
    streets: dict[str, list] = defaultdict(list)
    for pk, street, postcode, city, lat, lon in locations:
        parsed = parse_address(street)
        if not parsed.street:
            continue
        label = ", ".join(p for p in [street.strip(), f"{postcode} {city}".strip()] if p)
        streets[parsed.street].append(
            (parsed.number, lat, lon, label, postcode, _best_area_code(loc_areas[pk]) or "")
        )
    named = [(fold(a.name), a) for a in areas if a.name]
    gazetteer = _Gazetteer(streets=dict(streets), areas=named, bbox=_bbox(tenant, areas))
    _GAZETTEER_CACHE[tenant.pk] = (fingerprint, gazetteer)
    return gazetteer


def _street_result(key: str, entries: list, parsed: ParsedAddress, score: int):
    if parsed.postcode:
        same_postcode = [e for e in entries if e[4] == parsed.postcode]
        entries = same_postcode or entries
    if parsed.number:
        exact = [e for e in entries if e[0] == parsed.number]
        if exact:
            number, lat, lon, label, _pc, code = exact[0]
            return score + 15, GeocodeResult(label, lat, lon, code or None, "offline-address")
    lat = sum(e[1] for e in entries) / len(entries)
    lon = sum(e[2] for e in entries) / len(entries)
    codes = [e[5] for e in entries if e[5]]
    code = max(set(codes), key=codes.count) if codes else None
    # The street's own spelling from the first entry, without its house number.
    first_label = entries[0][3]
    street_label = first_label.split(",")[0]
    number_match = _HOUSE_NO.search(" " + street_label)
    if number_match:
        street_label = street_label[: -len(number_match.group(1))].strip()
    city = first_label.split(",", 1)[1].strip() if "," in first_label else ""
    label = f"{street_label}, {city}" if city else street_label
    return score, GeocodeResult(label, lat, lon, code, "offline-street")


def geocode_offline(*, tenant: Tenant, text: str, limit: int = 5) -> list[GeocodeResult]:
    """Match against the tenant's location streets and area names (see module docstring)."""
    parsed = parse_address(text)
    query = parsed.street
    whole = fold(text[:MAX_TEXT])
    if len(query) < 2 and len(whole) < 2:
        return []
    gazetteer = _gazetteer(tenant)
    scored: list[tuple[int, int, str, GeocodeResult]] = []
    for key, entries in gazetteer.streets.items():
        if key == query:
            score = 85
        elif len(query) >= 3 and key.startswith(query):
            score = 50
        elif len(query) >= 4 and query in key:
            score = 30
        else:
            continue
        total, result = _street_result(key, entries, parsed, score)
        scored.append((total, 50, result.label, result))
    for name, area in gazetteer.areas:
        if name in (whole, query):
            score = 90
        elif len(whole) >= 3 and name.startswith(whole):
            score = 60
        elif len(whole) >= 4 and whole in name:
            score = 35
        else:
            continue
        centroid = _area_centroid(area)
        if centroid is None:
            continue
        scored.append(
            (
                score,
                _LEVEL_RANK.get(area.level, 99),
                area.name,
                GeocodeResult(area.name, centroid[0], centroid[1], area.code, "offline-area"),
            )
        )
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    seen: set[tuple[str, float, float]] = set()
    results: list[GeocodeResult] = []
    for _score, _rank, _label, result in scored:
        key = (result.label, round(result.lat, 6), round(result.lon, 6))
        if key in seen:
            continue
        seen.add(key)
        results.append(result)
        if len(results) >= limit:
            break
    return results


# --- remote backend --------------------------------------------------------------------


class GeocoderError(Exception):
    """The remote geocoder failed or answered something unusable."""


Opener = Callable[..., object]


def _finite(value: object, lo: float, hi: float) -> float:
    if isinstance(value, bool):
        raise GeocoderError("coordinate is not a number")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise GeocoderError("coordinate is not a number")
    if not math.isfinite(number) or not lo <= number <= hi:
        raise GeocoderError("coordinate out of range")
    return number


def _clean_label(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:300]


class RemoteGeocoder:
    """A Nominatim (``/search``) or Photon (``/api``) endpoint, asked with urllib.

    ``url`` is the full search endpoint, e.g. ``https://nominatim.example.de/search``
    or ``https://photon.example.de/api``. ``opener`` is ``urllib.request.urlopen``
    (tests inject a fake).
    """

    def __init__(
        self, *, url: str, kind: str = "nominatim", timeout: float = 2.0, opener=None
    ) -> None:
        if kind not in {"nominatim", "photon"}:
            raise ValueError(f"unknown geocoder kind {kind!r}")
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in {"http", "https"}:
            raise ValueError("geocoder URL must be http(s)")
        self.url = url
        self.kind = kind
        self.timeout = timeout
        self.opener = opener or urllib.request.urlopen

    def request_url(self, text: str, limit: int, bbox) -> str:
        params: dict[str, str] = {"q": text[:MAX_TEXT], "limit": str(limit)}
        if self.kind == "nominatim":
            params.update({"format": "jsonv2", "countrycodes": "de", "accept-language": "de"})
            if bbox:
                min_lon, min_lat, max_lon, max_lat = bbox
                params["viewbox"] = f"{min_lon},{max_lat},{max_lon},{min_lat}"
                params["bounded"] = "1"
        else:
            params["lang"] = "de"
            if bbox:
                params["bbox"] = ",".join(str(v) for v in bbox)
        separator = "&" if "?" in self.url else "?"
        return self.url + separator + urllib.parse.urlencode(params)

    def fetch(self, text: str, limit: int, bbox) -> object:
        request = urllib.request.Request(  # noqa: S310 – scheme checked in __init__
            self.request_url(text, limit, bbox),
            headers={
                "User-Agent": "Praeventionsnavigator/1 (geocoder)",
                "Accept": "application/json",
            },
        )
        try:
            with self.opener(request, timeout=self.timeout) as response:  # type: ignore[operator]
                status = getattr(response, "status", 200)
                if status != 200:
                    raise GeocoderError(f"HTTP {status}")
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except GeocoderError:
            raise
        except Exception as exc:  # timeouts, refused connections, HTTP errors …
            raise GeocoderError(type(exc).__name__)
        if len(body) > MAX_RESPONSE_BYTES:
            raise GeocoderError("response too large")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise GeocoderError("response is not JSON")

    def parse(self, data: object) -> list[tuple[str, float, float]]:
        """``(label, lat, lon)`` candidates; raises GeocoderError on an unexpected shape."""
        found: list[tuple[str, float, float]] = []
        if self.kind == "nominatim":
            if not isinstance(data, list):
                raise GeocoderError("expected a list")
            for item in data:
                if not isinstance(item, dict):
                    raise GeocoderError("expected objects")
                lat = _finite(item.get("lat"), -90, 90)
                lon = _finite(item.get("lon"), -180, 180)
                found.append((_clean_label(item.get("display_name")), lat, lon))
        else:
            if not isinstance(data, dict) or not isinstance(data.get("features"), list):
                raise GeocoderError("expected a FeatureCollection")
            for feature in data["features"]:
                if not isinstance(feature, dict):
                    raise GeocoderError("expected features")
                geometry = feature.get("geometry")
                props = feature.get("properties")
                if not isinstance(geometry, dict) or not isinstance(props, dict):
                    raise GeocoderError("feature without geometry or properties")
                coords = geometry.get("coordinates")
                if not isinstance(coords, list) or len(coords) != 2:
                    raise GeocoderError("bad coordinates")
                lon = _finite(coords[0], -180, 180)
                lat = _finite(coords[1], -90, 90)
                street = " ".join(
                    _clean_label(props.get(k)) for k in ("street", "housenumber") if props.get(k)
                )
                name = _clean_label(props.get("name"))
                place = " ".join(
                    _clean_label(props.get(k)) for k in ("postcode", "city") if props.get(k)
                )
                parts = [p for p in [name if name != street else "", street, place] if p]
                found.append((", ".join(parts), lat, lon))
        return found

    def geocode(self, *, text: str, limit: int, bbox) -> list[tuple[str, float, float]]:
        data = self.fetch(text, limit, bbox)
        candidates = self.parse(data)
        if bbox:
            min_lon, min_lat, max_lon, max_lat = bbox
            candidates = [
                c for c in candidates if min_lat <= c[1] <= max_lat and min_lon <= c[2] <= max_lon
            ]
        return [c for c in candidates if c[0]][:limit]


_REMOTE_CACHE: dict[tuple, tuple[float, list[GeocodeResult]]] = {}
_REMOTE_CACHE_SIZE = 500
_REMOTE_CACHE_SECONDS = 24 * 3600


def remote_backend() -> RemoteGeocoder | None:
    """The configured remote geocoder, or ``None`` when ``GEOCODER_URL`` is empty."""
    url = getattr(settings, "GEOCODER_URL", "")
    if not url:
        return None
    try:
        return RemoteGeocoder(
            url=url,
            kind=getattr(settings, "GEOCODER_KIND", "nominatim"),
            timeout=float(getattr(settings, "GEOCODER_TIMEOUT", 2.0)),
        )
    except ValueError as exc:
        logger.warning("geocoder misconfigured: %s", exc)
        return None


def area_code_at(*, tenant: Tenant, lat: float, lon: float) -> str | None:
    """The code of the tenant area containing the point (Stadtteil preferred)."""
    from praevnav.geography.services import area_index_for_tenant

    ids = area_index_for_tenant(tenant=tenant).areas_containing(lon, lat)
    if not ids:
        return None
    codes = list(Area.all_tenants.filter(pk__in=ids).values_list("level", "code"))
    return _best_area_code(codes)


def _geocode_remote(
    *, backend: RemoteGeocoder, tenant: Tenant, text: str, limit: int, bbox
) -> list[GeocodeResult]:
    key = (backend.url, backend.kind, tenant.pk, fold(text), limit)
    cached = _REMOTE_CACHE.get(key)
    if cached and time.monotonic() - cached[0] < _REMOTE_CACHE_SECONDS:
        return cached[1]
    candidates = backend.geocode(text=text, limit=limit, bbox=bbox)
    results = [
        GeocodeResult(label, lat, lon, area_code_at(tenant=tenant, lat=lat, lon=lon), backend.kind)
        for label, lat, lon in candidates
    ]
    if len(_REMOTE_CACHE) >= _REMOTE_CACHE_SIZE:
        _REMOTE_CACHE.clear()
    _REMOTE_CACHE[key] = (time.monotonic(), results)
    return results


def geocode(
    *, tenant: Tenant, text: str, limit: int = 5, backend: RemoteGeocoder | None = None
) -> list[GeocodeResult]:
    """Candidate places for ``text`` in ``tenant``, best first; ``[]`` when nothing fits.

    Never raises for bad input or a failing remote geocoder. ``backend`` overrides the
    configured remote backend (tests); by default it comes from the settings and is
    ``None`` — offline only, no network — when ``GEOCODER_URL`` is empty.
    """
    text = " ".join((text or "").split())[:MAX_TEXT]
    limit = max(1, min(int(limit), 20))
    if not text or tenant is None:
        return []
    offline = geocode_offline(tenant=tenant, text=text, limit=limit)
    backend = backend or remote_backend()
    if backend is None:
        return offline
    # A place name the municipality knows exactly (a Stadtteil) is better answered
    # offline: its area code is exact, a remote point would only approximate it.
    exact_area = [
        r for r in offline[:1] if r.source == "offline-area" and fold(r.label) == fold(text)
    ]
    if exact_area:
        return offline
    try:
        remote = _geocode_remote(
            backend=backend, tenant=tenant, text=text, limit=limit, bbox=_gazetteer(tenant).bbox
        )
    except GeocoderError as exc:
        # Never log the searched text: it may be somebody's address.
        logger.warning("remote geocoder (%s) failed, using offline: %s", backend.kind, exc)
        return offline
    except Exception:  # a bug must not break the search either
        logger.exception("remote geocoder (%s) crashed, using offline", backend.kind)
        return offline
    return remote or offline


# --- pin correction ---------------------------------------------------------------------


def tenant_bbox(*, tenant: Tenant) -> tuple[float, float, float, float] | None:
    """``(min_lon, min_lat, max_lon, max_lat)`` of the tenant's areas, or ``None``."""
    return _gazetteer(tenant).bbox


@transaction.atomic
def location_pin_set(*, location: Location, lat: float, lon: float, by) -> Location:
    """Set a location's coordinates by hand (``coordinate_source = manual``).

    ``Location.save`` re-assigns the areas; the change (coordinates, source, area
    codes, old → new) is written to the audit log.
    """
    old_areas = sorted(
        Area.all_tenants.filter(
            pk__in=Location.areas.through.objects.filter(location_id=location.pk).values("area_id")
        ).values_list("code", flat=True)
    )
    old = (location.latitude, location.longitude, location.coordinate_source)
    location.latitude = lat
    location.longitude = lon
    location.coordinate_source = CoordinateSource.MANUAL
    location.save()
    new_areas = sorted(
        Area.all_tenants.filter(
            pk__in=Location.areas.through.objects.filter(location_id=location.pk).values("area_id")
        ).values_list("code", flat=True)
    )
    location.refresh_from_db(fields=["outside_tenant"])
    audit(
        action="location.pin_corrected",
        obj=location,
        actor=by,
        channel=AuditEntry.Channel.UI,
        summary=f"{location.name}: {old[0]}, {old[1]} → {lat}, {lon}",
        changes={
            "latitude": [old[0], lat],
            "longitude": [old[1], lon],
            "coordinate_source": [old[2], CoordinateSource.MANUAL.value],
            "areas": [old_areas, new_areas],
        },
    )
    return location
