"""One HSDS 3.0 service object → one ``OfferRecord``.

Used for JSON (the object as parsed) and for the tabular format (an object assembled
from the CSV rows, each sub-object remembering its row). Decisions, documented here
because the import report shows their effects:

* ``status`` *inactive* or *defunct*: the service is not imported (a warning); an offer
  imported earlier under its id stays as it is — archiving is a planner's decision.
  *temporarily closed* is imported, with a warning.
* ages are years in HSDS (``maximum_age`` inclusive): months are ``minimum_age × 12`` and
  ``(maximum_age + 1) × 12`` (our upper bound is exclusive).
* coordinates outside −90…90 / −180…180 (the official examples carry 100/101) are
  dropped with a warning, the location is kept for geocoding by its address.
* schedules: WEEKLY (or no ``freq``) with ``byday`` and opening times become opening
  sessions; MONTHLY ones too, with the occurrence (“2. Montag im Monat”) as session note;
  ``valid_from``/``valid_to`` go into the note. Schedules of the service and of its
  service-at-locations are used; the location's own opening hours only when the service
  has none. Texts (description, notes) go into the schedule note.
* taxonomy terms of our own taxonomies (``praevnav:…``) become codes, ``praevnav:field``
  attributes restore fields HSDS has no column for (round trip of our export); all
  other terms are kept as external terms. Languages we do not ship are kept as external
  terms of the taxonomy “ISO 639”, so that planners can map them.
* service areas that are not ours (``praevnav:field`` ``service_area``) are kept as a
  note for professionals.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from praevnav.exchange.hsds_import import vocab
from praevnav.exchange.hsds_import.reading import Reader, email_ok, short, url_ok
from praevnav.exchange.records import LocationRecord, OfferRecord, OrganisationRecord

NOT_IMPORTED_STATUSES = {"inactive", "defunct"}
KNOWN_STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
WEEKDAY_NAMES = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MAX_AGE_YEARS = 130
SESSION_NOTE_MAX = 200
BOOL_FIELDS = ("pregnancy", "childcare", "by_appointment", "closed_on_public_holidays")
INT_FIELDS = ("age_min_months", "age_max_months", "capacity_per_year")
DATE_FIELDS = ("valid_from", "valid_until")
TEXT_FIELDS = ("summary_plain", "schedule_note", "public_contact_name", "service_area_kind")


def status_skips(service: Reader) -> bool:
    """True (and a warning) when the service's status keeps it out of the import."""
    status = service.text("status").lower()
    if status in NOT_IMPORTED_STATUSES:
        service.problem(
            "status",
            f"Das Angebot hat den Status „{status}“ und wird nicht importiert; ein früher "
            "importiertes Angebot mit dieser ID bleibt unverändert.",
            "warning",
        )
        return True
    if status == "temporarily closed":
        service.problem(
            "status",
            "Das Angebot ist vorübergehend geschlossen (Status „temporarily closed“).",
            "warning",
        )
    elif status and status not in KNOWN_STATUSES:
        service.problem(
            "status",
            f"Unbekannter Status „{short(status)}“; das Angebot wird importiert.",
            "warning",
        )
    return False


def organisation_record(org: Reader | None, service: Reader) -> OrganisationRecord:
    if org is None:
        service.problem(
            "organization",
            "Das Angebot nennt keinen Träger (organization); es kann nur einem beim Import "
            "gewählten Träger zugeordnet werden.",
            "warning",
        )
        return OrganisationRecord(name="")
    name = org.text("name", max_length=200)
    if not name:
        org.problem("name", "Der Name des Trägers fehlt.")
    website = org.text("website")
    email = org.text("email")
    phones = [p.text("number", max_length=60, cut=True) for p in org.items("phones")]
    return OrganisationRecord(
        name=name,
        external_id=org.text("id", max_length=120),
        description=org.text("description"),
        website=website if url_ok(website) else "",
        email=email if email_ok(email) else "",
        phone=_phone_text(next((p for p in phones if p), "")),
    )


def _phone_text(number: str) -> str:
    # The official examples quote the number inside the string: "\"+44 1234 234567\"".
    return number.strip().strip('"').strip()


def _coordinate(location: Reader, key: str, limit: float) -> float | None:
    value = location.number(key)
    if value is not None and not -limit <= value <= limit:
        location.problem(
            key,
            f"{'Breitengrad' if key == 'latitude' else 'Längengrad'} {value:g} liegt "
            f"außerhalb von −{limit:g} bis {limit:g}; die Koordinaten werden nicht übernommen, "
            "der Standort wird über die Adresse verortet.",
            "warning",
        )
        return None
    return value


def location_record(location: Reader) -> LocationRecord:
    """A location with its address (a physical address preferred) and coordinates."""
    addresses = location.items("addresses")
    address = next(
        (a for a in addresses if a.text("address_type").lower() == "physical"),
        addresses[0] if addresses else None,
    )
    street = postcode = city = ""
    if address is not None:
        street = ", ".join(t for t in (address.text("address_1"), address.text("address_2")) if t)
        postcode, city = address.text("postal_code"), address.text("city")
    latitude = _coordinate(location, "latitude", 90)
    longitude = _coordinate(location, "longitude", 180)
    given = [location.obj.get(k) not in (None, "") for k in ("latitude", "longitude")]
    if (latitude is None) != (longitude is None) and given[0] != given[1]:
        missing = "longitude" if longitude is None else "latitude"
        location.problem(
            missing,
            "Breiten- und Längengrad gehören zusammen; der einzelne Wert wird nicht übernommen.",
            "warning",
        )
    if latitude is None or longitude is None:
        latitude = longitude = None
    name = location.text("name", max_length=200, cut=True) or street or city
    if not name:
        location.problem("name", "Der Standort hat weder Namen noch Adresse.", "warning")
    return LocationRecord(
        name=name,
        external_id=location.text("id", max_length=120),
        street=street[:200],
        postcode=postcode[:20],
        city=city[:100],
        latitude=latitude,
        longitude=longitude,
    )


def _sessions(
    schedule: Reader, location_id: str, notes: list[str], ours: bool = False
) -> list[dict]:
    """Opening sessions of one schedule; its texts are appended to ``notes``.

    ``ours``: a schedule of our own export, where ``description`` is the session's note
    and the validity is the offer's (carried by field attributes): both go back as they
    came, nothing into ``notes``."""
    for key in ("notes",) if ours else ("description", "notes"):
        text = schedule.text(key)
        if text and text not in notes:
            notes.append(text)
    byday = schedule.text("byday").upper()
    freq = schedule.text("freq").upper()
    opens, closes = schedule.time("opens_at"), schedule.time("closes_at")
    valid_from, valid_to = schedule.date("valid_from"), schedule.date("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        schedule.problem("valid_to", "„gültig bis“ liegt vor „gültig ab“.", "warning")
    if not byday:
        if opens or closes:
            schedule.problem(
                "byday",
                "Öffnungszeiten ohne Wochentage (byday) können nicht als Termine übernommen "
                "werden.",
                "warning",
            )
        return []
    if freq not in ("", "WEEKLY", "MONTHLY"):
        schedule.problem("freq", f"Unbekannte Häufigkeit „{short(freq)}“.", "warning")
        return []
    if not opens or not closes:
        schedule.problem(
            "opens_at" if not opens else "closes_at",
            "Ohne Beginn und Ende können die Wochentage nicht als Termine übernommen werden.",
            "warning",
        )
        return []
    if closes <= opens:
        schedule.problem("closes_at", f"Das Ende {closes} liegt nicht nach dem Beginn {opens}.")
        return []
    validity = ""
    if (valid_from or valid_to) and not ours:
        validity = (
            "gültig"
            + (f" ab {valid_from:%d.%m.%Y}" if valid_from else "")
            + (f" bis {valid_to:%d.%m.%Y}" if valid_to else "")
        )
    sessions = []
    for part in byday.split(","):
        match = re.fullmatch(r"\s*([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)\s*", part)
        if not match:
            schedule.problem("byday", f"„{short(part)}“ ist kein Wochentag (MO … SU).")
            continue
        weekday = WEEKDAYS[match[2]]
        note = []
        if match[1]:
            n = int(match[1])
            note.append(
                f"jeden letzten {WEEKDAY_NAMES[weekday]} im Monat"
                if n == -1
                else f"jeden {n}. {WEEKDAY_NAMES[weekday]} im Monat"
            )
        elif freq == "MONTHLY":
            note.append("monatlich")
        if validity:
            note.append(validity)
        if ours and schedule.text("description"):
            note.append(schedule.text("description"))
        sessions.append(
            {
                "weekday": weekday,
                "opens": opens,
                "closes": closes,
                "location_external_id": location_id,
                "note": "; ".join(note)[:SESSION_NOTE_MAX],
            }
        )
    return sessions


def _add_term(record: OfferRecord, service: Reader, term: Reader, value: str) -> None:
    """Put one attribute's taxonomy term where it belongs (codes, fields, external)."""
    detail = term.child("taxonomy_detail")
    names = [term.text("taxonomy")]
    if detail is not None:
        names += [detail.text("name"), detail.text("id")]
    names = [n for n in names if n]
    code, name = term.text("code"), term.text("name")
    ours = vocab.our_taxonomy(names)
    if ours == vocab.LIFE_PHASE_TAXONOMY:
        return  # derived from the age range on our side
    if ours == vocab.FIELD_TAXONOMY:
        _field_value(record, service, code or name, value)
        return
    if ours is not None:
        if code:
            target = record.codes.setdefault(vocab.VOCABULARY_FIELDS[ours], [])
            if code not in target:
                target.append(code)
        else:
            term.problem("code", "Begriff einer eigenen Taxonomie ohne Code.", "warning")
        return
    key = code or term.text("id")
    if not key:
        term.problem("code", "Der Begriff hat weder Code noch ID und wird übergangen.", "warning")
        return
    external = {"taxonomy": names[0] if names else "", "code": key, "name": name}
    if external not in record.external_terms:
        record.external_terms.append(external)


def _field_value(record: OfferRecord, service: Reader, name: str, value: str) -> None:
    """A ``praevnav:field`` attribute: an offer field HSDS has no column for."""
    where = "attributes"
    try:
        if name == "external_id":
            record.external_id = value
        elif name == "service_area":
            record.service_area_codes.append(value)
        elif name == "translation":
            data = json.loads(value)
            if not isinstance(data, dict):
                raise ValueError
            record.translations.append(
                {
                    k: str(data.get(k) or "")
                    for k in ("language", "title", "description", "summary_plain")
                }
            )
        elif name in BOOL_FIELDS:
            record.fields[name] = value.strip().lower() in ("true", "1", "ja", "yes")
        elif name in INT_FIELDS:
            record.fields[name] = int(value) if value.strip() else None
        elif name in DATE_FIELDS:
            record.fields[name] = dt.date.fromisoformat(value) if value.strip() else None
        elif name in TEXT_FIELDS:
            record.fields[name] = value
        else:
            service.problem(where, f"Unbekanntes Feld „{short(name)}“ wird übergangen.", "warning")
    except ValueError:
        service.problem(where, f"Der Wert „{short(value)}“ passt nicht zum Feld „{short(name)}“.")


def _languages(record: OfferRecord, service: Reader) -> None:
    for language in service.items("languages"):
        code, name = language.text("code"), language.text("name")
        ours = vocab.language_code(code, name)
        if ours:
            target = record.codes.setdefault("languages", [])
            if ours not in target:
                target.append(ours)
        elif code or name:
            term = {"taxonomy": vocab.LANGUAGE_TAXONOMY, "code": code or name, "name": name or code}
            if term not in record.external_terms:
                record.external_terms.append(term)


def _ages(record: OfferRecord, service: Reader) -> None:
    low, high = service.number("minimum_age"), service.number("maximum_age")
    for key, value in (("minimum_age", low), ("maximum_age", high)):
        if value is not None and not 0 <= value <= MAX_AGE_YEARS:
            service.problem(
                key, f"Das Alter {short(value)} liegt nicht zwischen 0 und {MAX_AGE_YEARS} Jahren."
            )
            return
    # ``maximum_age`` is inclusive (the whole year counts): 0.5 to 0 is 6 to 12 months.
    if low is not None and high is not None and high + 1 <= low:
        service.problem("maximum_age", "Das Höchstalter liegt unter dem Mindestalter.")
        return
    if low is not None and low > 0:
        record.fields["age_min_months"] = round(low * 12)
    if high is not None:
        record.fields["age_max_months"] = min(round((high + 1) * 12), MAX_AGE_YEARS * 12)


def _from_praevnav(service: Reader) -> bool:
    """Whether the service carries terms of our own taxonomies (``praevnav:…``), i.e.
    comes from a Präventionsnavigator export. Read from the raw object: the attributes
    are read (and reported) once, later."""
    attributes = service.obj.get("attributes")
    for attribute in attributes if isinstance(attributes, list) else []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if not isinstance(term, dict):
            continue
        detail = term.get("taxonomy_detail")
        names = [term.get("taxonomy"), detail.get("name") if isinstance(detail, dict) else None]
        if any(isinstance(n, str) and n.lower().startswith(vocab.PREFIX) for n in names):
            return True
    return False


def _costs(record: OfferRecord, service: Reader) -> None:
    parts = [service.text("fees_description")]
    amounts = []
    # Our export derives its cost options from the access terms (sent as attributes too)
    # and repeats the cost note in them: the note is ``fees_description`` alone.
    options = [] if _from_praevnav(service) else service.items("cost_options")
    for option in options:
        amount = option.number("amount")
        label = option.text("option")
        text = " ".join(
            t
            for t in (
                f"{label}:" if label else "",
                f"{amount:g} {option.text('currency').upper()}".strip()
                if amount is not None
                else "",
                option.text("amount_description"),
            )
            if t
        )
        parts.append(text)
        if amount is not None:
            amounts.append(amount)
    note = " · ".join(p for p in parts if p)
    if len(note) > 300:
        service.problem(
            "fees_description", "Die Kostenangaben wurden auf 300 Zeichen gekürzt.", "warning"
        )
        note = note[:299].rstrip() + "…"
    if note:
        record.fields["cost_note"] = note
    if amounts:
        code = "kostenpflichtig" if any(a > 0 for a in amounts) else "kostenlos"
        record.codes.setdefault("access_options", []).append(code)


@dataclass
class _Parts:
    # (schedule, location id) of the service and its service-at-locations; and those of
    # the locations themselves (opening hours of the place, used only as a fallback).
    schedules: list[tuple[Reader, str]] = field(default_factory=list)
    location_schedules: list[tuple[Reader, str]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    contacts: list[Reader] = field(default_factory=list)


def _add_sal(record: OfferRecord, sal: Reader, parts: _Parts, notes: list[str]) -> None:
    """The location, sessions, phones and contacts of one service-at-location."""
    location = sal.child("location")
    location_id = ""
    if location is not None:
        loc = location_record(location)
        location_id = loc.external_id
        if not (
            loc.external_id and any(x.external_id == loc.external_id for x in record.locations)
        ):
            record.locations.append(loc)
        parts.location_schedules += [(sch, location_id) for sch in location.items("schedules")]
    parts.schedules += [(sch, location_id) for sch in sal.items("schedules")]
    parts.phones += [p.text("number") for p in sal.items("phones")]
    parts.contacts += sal.items("contacts")


def _schedule_sessions(
    schedules: list[tuple[Reader, str]], notes: list[str], ours: bool = False
) -> list[dict]:
    """Sessions of the schedules; one schedule listed twice (the official examples repeat
    the service's schedule under its service-at-location) counts once, with its location."""
    chosen: dict[str, tuple[Reader, str]] = {}
    order: list[str] = []
    for index, (schedule, location_id) in enumerate(schedules):
        key = schedule.text("id") or f"#{index}"
        if key not in chosen:
            order.append(key)
            chosen[key] = (schedule, location_id)
        elif location_id and not chosen[key][1]:
            chosen[key] = (schedule, location_id)
    return [s for key in order for s in _sessions(chosen[key][0], chosen[key][1], notes, ours)]


def add_service_at_location(record: OfferRecord, sal: Reader) -> None:
    """Add a further service-at-location (of a service already read) to ``record``."""
    parts = _Parts()
    _add_sal(record, sal, parts, [])
    sessions = _schedule_sessions(parts.schedules, [])
    if not sessions and not record.sessions:
        sessions = _schedule_sessions(parts.location_schedules, [])
    record.sessions += [s for s in sessions if s not in record.sessions]


def service_record(
    service: Reader, organisation: Reader | None, sals: list[Reader] | None = None
) -> OfferRecord:
    """Map one service; ``organisation`` is the enclosing one when not embedded, ``sals``
    replace the service's own ``service_at_locations`` (an embedding
    service-at-location, read at its own path)."""
    external_id = service.text("id", max_length=120)
    if not external_id:
        service.problem("id", "Die ID des Angebots (id) fehlt.")
    title = service.text("name", max_length=250)
    if not title:
        service.problem("name", "Der Name des Angebots (name) fehlt.")
    org = service.child("organization") or organisation
    record = OfferRecord(
        source=service.where(),
        external_id=external_id,
        organisation=organisation_record(org, service),
    )
    fields = record.fields
    fields["title"] = title
    description = service.text("description")
    if not description:
        description = service.text("alternate_name") or title
        service.problem(
            "description",
            "Die Beschreibung fehlt; der Name wird als Beschreibung verwendet.",
            "warning",
        )
    fields["description"] = description
    url, email = service.text("url"), service.text("email")
    if url and not url_ok(url):
        service.problem(
            "url",
            f"„{short(url)}“ ist keine Webadresse (http/https); sie wird nicht übernommen.",
            "warning",
        )
    elif url:
        fields["website"] = url[:500]
    if email and not email_ok(email):
        service.problem(
            "email",
            f"„{short(email)}“ ist keine E-Mail-Adresse; sie wird nicht übernommen.",
            "warning",
        )
    elif email:
        fields["public_email"] = email
    _ages(record, service)
    _costs(record, service)
    _languages(record, service)

    notes: list[str] = []
    parts = _Parts(schedules=[(sch, "") for sch in service.items("schedules")])
    parts.phones = [p.text("number") for p in service.items("phones")]
    parts.contacts = service.items("contacts")
    for sal in service.items("service_at_locations") if sals is None else sals:
        _add_sal(record, sal, parts, notes)
    ours = _from_praevnav(service)
    record.sessions = _schedule_sessions(parts.schedules, notes, ours) or _schedule_sessions(
        parts.location_schedules, []
    )
    phones, contacts = parts.phones, parts.contacts
    note = " ".join(notes)
    if len(note) > 300:
        service.problem(
            "schedules", "Die Hinweise zu den Zeiten wurden auf 300 Zeichen gekürzt.", "warning"
        )
        note = note[:299].rstrip() + "…"
    if note:
        fields["schedule_note"] = note
    phone = _phone_text(next((p for p in phones if p), ""))
    if phone:
        fields["public_phone"] = phone[:60]
    if contacts:
        name = contacts[0].text("name", max_length=200, cut=True)
        if name:
            fields["public_contact_name"] = name
        if "public_email" not in fields and email_ok(contacts[0].text("email")):
            fields["public_email"] = contacts[0].text("email")

    area_notes = []
    for area in service.items("service_areas"):
        text = " – ".join(t for t in (area.text("name"), area.text("description")) if t)
        if text:
            area_notes.append(text)
    for attribute in service.items("attributes"):
        term = attribute.child("taxonomy_term")
        if term is None:
            attribute.problem(
                "taxonomy_term", "Das Attribut hat keinen Taxonomie-Begriff.", "warning"
            )
            continue
        _add_term(record, attribute, term, attribute.text("value"))
    if area_notes and not record.service_area_codes:
        fields["internal_note"] = "Versorgungsgebiet laut HSDS-Import: " + " | ".join(area_notes)
    return record
