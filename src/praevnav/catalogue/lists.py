"""The Merkliste: offers a searcher collects for a family, as a handout or a link.

Three kinds of list share one interface (``entries``, ``add``, ``remove``, ``move``,
``set_note``, ``clear``):

- ``SessionList`` — everybody's working list, kept in the session (no login, nothing
  stored beyond the session): offer ids in order with a short note each.
- ``NamedList`` — a professional's named list (``OfferList`` / ``OfferListItem``), for
  users with ``catalogue.keep_offer_list``; only its owner sees and edits it.
- a *shared* list — read-only, either from a signed token that carries the tenant, the
  ids and the notes (``share_token_make`` / ``share_token_read``: nothing is stored
  server-side) or from a named list's ``share_token``.

``handout(*, tenant, entries, lang)`` turns entries into what the list page, the print
view and the PDF show: only published offers valid today, public fields only (never the
internal contacts), in the family's language where a translation exists.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf.locale import LANG_INFO
from django.core import signing
from django.db import transaction
from django.db.models import Max, Prefetch

from praevnav.catalogue.models import Offer, OfferList, OfferListItem, OfferTranslation
from praevnav.catalogue.selectors import published_offers
from praevnav.core.models import Tenant
from praevnav.geography.models import Location

SESSION_KEY = "praevnav_merkliste"
MAX_ENTRIES = 50
MAX_NOTE = 300
MAX_NAME = 120
SHARE_SALT = "praevnav.catalogue.merkliste.share"
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")


@dataclass
class Entry:
    offer_id: int
    note: str = ""


def clean_note(note: str) -> str:
    """One line of plain text, at most ``MAX_NOTE`` characters."""
    return " ".join((note or "").split())[:MAX_NOTE]


def _move(entries: list[Entry], offer_id: int, delta: int) -> list[Entry]:
    index = next((i for i, e in enumerate(entries) if e.offer_id == offer_id), None)
    if index is None:
        return entries
    target = max(0, min(len(entries) - 1, index + delta))
    entries.insert(target, entries.pop(index))
    return entries


class SessionList:
    """The session's Merkliste for one tenant (a member town keeps its own)."""

    def __init__(self, session, tenant: Tenant) -> None:
        self.session = session
        self.key = str(tenant.pk)

    @property
    def entries(self) -> list[Entry]:
        raw = self.session.get(SESSION_KEY, {}).get(self.key, [])
        out = []
        for item in raw:
            try:
                out.append(Entry(int(item[0]), str(item[1])[:MAX_NOTE]))
            except (TypeError, ValueError, IndexError):
                continue
        return out

    def _save(self, entries: list[Entry]) -> None:
        data = dict(self.session.get(SESSION_KEY, {}))
        data[self.key] = [[e.offer_id, e.note] for e in entries[:MAX_ENTRIES]]
        self.session[SESSION_KEY] = data

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, offer_id: int) -> bool:
        return any(e.offer_id == offer_id for e in self.entries)

    def add(self, offer_id: int, note: str = "") -> bool:
        """Append the offer; ``False`` when it is already there or the list is full."""
        entries = self.entries
        if any(e.offer_id == offer_id for e in entries) or len(entries) >= MAX_ENTRIES:
            return False
        entries.append(Entry(offer_id, clean_note(note)))
        self._save(entries)
        return True

    def extend(self, entries: Iterable[Entry]) -> int:
        """Add several entries (e.g. a shared list); returns how many were new."""
        return sum(self.add(e.offer_id, e.note) for e in entries)

    def remove(self, offer_id: int) -> None:
        self._save([e for e in self.entries if e.offer_id != offer_id])

    def move(self, offer_id: int, delta: int) -> None:
        self._save(_move(self.entries, offer_id, delta))

    def set_note(self, offer_id: int, note: str) -> None:
        entries = self.entries
        for e in entries:
            if e.offer_id == offer_id:
                e.note = clean_note(note)
        self._save(entries)

    def clear(self) -> None:
        self._save([])


class NamedList:
    """A professional's stored list with the same interface as ``SessionList``."""

    def __init__(self, offer_list: OfferList) -> None:
        self.offer_list = offer_list

    @property
    def entries(self) -> list[Entry]:
        return [
            Entry(offer_id, note)
            for offer_id, note in self.offer_list.items.order_by("position", "pk").values_list(
                "offer_id", "note"
            )
        ]

    def __len__(self) -> int:
        return self.offer_list.items.count()

    def _touch(self) -> None:
        self.offer_list.save(update_fields=["updated_at"])

    @transaction.atomic
    def add(self, offer_id: int, note: str = "") -> bool:
        items = self.offer_list.items
        if items.filter(offer_id=offer_id).exists() or items.count() >= MAX_ENTRIES:
            return False
        last = items.aggregate(m=Max("position"))["m"]
        OfferListItem.objects.create(
            offer_list=self.offer_list,
            offer_id=offer_id,
            position=0 if last is None else last + 1,
            note=clean_note(note),
        )
        self._touch()
        return True

    def extend(self, entries: Iterable[Entry]) -> int:
        return sum(self.add(e.offer_id, e.note) for e in entries)

    def remove(self, offer_id: int) -> None:
        self.offer_list.items.filter(offer_id=offer_id).delete()
        self._touch()

    @transaction.atomic
    def move(self, offer_id: int, delta: int) -> None:
        entries = _move(self.entries, offer_id, delta)
        items = {i.offer_id: i for i in self.offer_list.items.all()}
        for position, entry in enumerate(entries):
            item = items[entry.offer_id]
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        self._touch()

    def set_note(self, offer_id: int, note: str) -> None:
        self.offer_list.items.filter(offer_id=offer_id).update(note=clean_note(note))
        self._touch()

    def clear(self) -> None:
        self.offer_list.items.all().delete()
        self._touch()


# --- named lists: services and selectors ------------------------------------------------


@transaction.atomic
def offer_list_create(*, owner, tenant: Tenant, name: str, entries: Iterable[Entry]) -> OfferList:
    """A new named list of ``owner`` with ``entries`` (e.g. the session list)."""
    offer_list = OfferList.all_tenants.create(
        tenant=tenant,
        owner=owner,
        name=" ".join(name.split())[:MAX_NAME],
        share_token=secrets.token_urlsafe(24),
    )
    NamedList(offer_list).extend(entries)
    return offer_list


def offer_list_rename(*, offer_list: OfferList, name: str) -> OfferList:
    offer_list.name = " ".join(name.split())[:MAX_NAME]
    offer_list.save(update_fields=["name", "updated_at"])
    return offer_list


def offer_list_delete(*, offer_list: OfferList) -> None:
    offer_list.delete()


def offer_lists_for_owner(*, owner, tenant: Tenant):
    """The owner's named lists in this tenant, most recently changed first."""
    from django.db.models import Count

    return (
        OfferList.all_tenants.filter(owner=owner, tenant_id__in=tenant.scope_ids())
        .annotate(entry_count=Count("items"))
        .order_by("-updated_at", "-pk")
    )


def offer_list_for_owner(*, owner, tenant: Tenant, pk: int) -> OfferList | None:
    """The list ``pk`` if ``owner`` owns it in this tenant, else ``None``."""
    return OfferList.all_tenants.filter(
        pk=pk, owner=owner, tenant_id__in=tenant.scope_ids()
    ).first()


def offer_list_by_share_token(*, tenant: Tenant, token: str) -> OfferList | None:
    if not token or len(token) > 64:
        return None
    return OfferList.all_tenants.filter(share_token=token, tenant_id__in=tenant.scope_ids()).first()


# --- signed share links ----------------------------------------------------------------


class ShareTokenInvalid(Exception):
    """The token was altered, truncated or is not a Merkliste token."""


def share_token_make(*, tenant: Tenant, entries: Iterable[Entry]) -> str:
    """A URL-safe, signed and compressed token carrying the tenant, the ids and notes."""
    payload = {"t": tenant.slug, "e": [[e.offer_id, e.note] for e in entries][:MAX_ENTRIES]}
    return signing.dumps(payload, salt=SHARE_SALT, compress=True)


def share_token_read(token: str) -> tuple[str, list[Entry]]:
    """``(tenant_slug, entries)``; raises ``ShareTokenInvalid``."""
    if not token or len(token) > 20_000:
        raise ShareTokenInvalid
    try:
        payload = signing.loads(token, salt=SHARE_SALT)
    except signing.BadSignature:
        raise ShareTokenInvalid
    try:
        slug = str(payload["t"])
        entries = [Entry(int(i), clean_note(str(n))) for i, n in payload["e"]][:MAX_ENTRIES]
    except (KeyError, TypeError, ValueError):
        raise ShareTokenInvalid
    return slug, entries


# --- the handout ----------------------------------------------------------------------------


@dataclass
class HandoutItem:
    offer_id: int
    note: str
    offer: Offer | None = None
    title: str = ""
    summary: str = ""
    translated: bool | None = None  # None: German asked for; False: no translation
    locations: list[Location] = field(default_factory=list)
    sessions: list = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.offer is not None


@dataclass
class Handout:
    items: list[HandoutItem]
    lang: str
    lang_name: str
    untranslated: list[HandoutItem]
    languages: list[tuple[str, str]]  # translations available for these offers

    @property
    def available_count(self) -> int:
        return sum(1 for i in self.items if i.available)


def language_name(code: str) -> str:
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0]) or {}
    return info.get("name_local") or code


def clean_lang(value: str | None) -> str:
    value = (value or "").strip().lower()[:16]
    return value if LANG_RE.match(value) else ""


def visible_offer(*, tenant: Tenant, offer_id) -> Offer | None:
    """The offer if it is published and valid today in this tenant, else ``None``."""
    try:
        offer_id = int(offer_id)
    except (TypeError, ValueError):
        return None
    return published_offers(tenant=tenant).filter(pk=offer_id).first()


def _short(text: str, words: int = 60) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def handout(*, tenant: Tenant, entries: list[Entry], lang: str = "") -> Handout:
    """What the list page, print view and PDF show, in list order (see module docstring)."""
    lang = clean_lang(lang)
    if lang == "de":
        lang = ""
    ids = [e.offer_id for e in entries]
    offers = {
        o.pk: o
        for o in published_offers(tenant=tenant)
        .filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related(
            "locations",
            "sessions",
            "access_options",
            "languages",
            Prefetch("translations", queryset=OfferTranslation.objects.order_by("language")),
        )
    }
    items: list[HandoutItem] = []
    available_langs: set[str] = set()
    for entry in entries:
        offer = offers.get(entry.offer_id)
        item = HandoutItem(offer_id=entry.offer_id, note=entry.note, offer=offer)
        if offer is not None:
            translations = {t.language: t for t in offer.translations.all()}
            available_langs |= set(translations)
            translation = translations.get(lang) if lang else None
            item.title = translation.title if translation else offer.title
            source = translation or offer
            item.summary = source.summary_plain or _short(source.description)
            item.translated = None if not lang else translation is not None
            item.locations = list(offer.locations.all())
            item.sessions = list(offer.sessions.all())
            item.access = [t.label for t in offer.access_options.all()]
            item.languages = [t.label for t in offer.languages.all()]
        items.append(item)
    return Handout(
        items=items,
        lang=lang or "de",
        lang_name=language_name(lang or "de"),
        untranslated=[i for i in items if i.available and i.translated is False],
        languages=[(code, language_name(code)) for code in sorted(available_langs)],
    )
