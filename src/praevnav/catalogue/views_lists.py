"""Views of the Merkliste: the session list, professionals' named lists, shared lists,
print view and PDF handout. Every action is a plain POST form (no JavaScript needed);
htmx only makes “add” answer with a small confirmation instead of a redirect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from praevnav.catalogue.forms_lists import NOTE_HINT, EntryActionForm, ListNameForm
from praevnav.catalogue.lists import (
    MAX_ENTRIES,
    MAX_NOTE,
    Entry,
    NamedList,
    SessionList,
    ShareTokenInvalid,
    clean_lang,
    handout,
    offer_list_by_share_token,
    offer_list_create,
    offer_list_delete,
    offer_list_for_owner,
    offer_list_rename,
    offer_lists_for_owner,
    share_token_make,
    share_token_read,
    visible_offer,
)
from praevnav.catalogue.models import OfferList

KEEP_PERM = "catalogue.keep_offer_list"

# URL names per kind of list: page, print, pdf, update, clear, import.
URL_NAMES = {
    "session": ("list", "list_print", "list_pdf", "list_update", "list_clear", None),
    "named": ("named_list", "named_list_print", "named_list_pdf", "named_list_update", None, None),
    "shared": (
        "list_shared",
        "list_shared_print",
        "list_shared_pdf",
        None,
        None,
        "list_shared_import",
    ),
    "public": (
        "list_public",
        "list_public_print",
        "list_public_pdf",
        None,
        None,
        "list_public_import",
    ),
}


class ListError(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message


@dataclass
class Source:
    """One list as the views see it: entries, whether it can be changed, its URLs."""

    kind: str
    entries: list[Entry]
    store: SessionList | NamedList | None
    key: str | int | None = None
    offer_list: OfferList | None = None

    def url(self, index: int) -> str | None:
        name = URL_NAMES[self.kind][index]
        if name is None:
            return None
        args = [self.key] if self.key is not None else []
        return reverse(f"catalogue:{name}", args=args)

    @property
    def urls(self) -> dict[str, str | None]:
        keys = ("page", "print", "pdf", "update", "clear", "import")
        return {k: self.url(i) for i, k in enumerate(keys)}

    @property
    def editable(self) -> bool:
        return self.store is not None


def _tenant(request: HttpRequest):
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise Http404
    return tenant


def _may_keep_lists(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.has_perm(KEEP_PERM)


def _source(request: HttpRequest, kind: str, key=None) -> Source:
    tenant = _tenant(request)
    if kind == "session":
        store = SessionList(request.session, tenant)
        return Source(kind, store.entries, store)
    if kind == "named":
        if not _may_keep_lists(request):
            raise PermissionDenied(_("Only professionals can keep named lists."))
        offer_list = offer_list_for_owner(owner=request.user, tenant=tenant, pk=key)
        if offer_list is None:
            raise Http404(_("This list does not exist or is not yours."))
        store = NamedList(offer_list)
        return Source(kind, store.entries, store, key, offer_list)
    if kind == "public":
        offer_list = offer_list_by_share_token(tenant=tenant, token=key)
        if offer_list is None:
            raise ListError(404, _("This shared list does not exist (any more)."))
        return Source(kind, NamedList(offer_list).entries, None, key, offer_list)
    try:
        slug, entries = share_token_read(key)
    except ShareTokenInvalid:
        raise ListError(
            400,
            _(
                "This link to a Merkliste is damaged or incomplete. Please ask for the link "
                "again and copy it completely."
            ),
        )
    if slug != tenant.slug:
        raise ListError(
            404,
            _("This Merkliste belongs to another municipality and cannot be shown here."),
        )
    return Source(kind, entries, None, key)


def _error(request: HttpRequest, exc: ListError) -> HttpResponse:
    return render(
        request, "catalogue/lists/invalid.html", {"message": exc.message}, status=exc.status
    )


def _with_source(kind: str):
    """Decorator: resolve the list (``key`` from the URL) or answer 400/403/404."""

    def wrap(view):
        def inner(request, key=None, **kwargs):
            try:
                source = _source(request, kind, key)
            except ListError as exc:
                return _error(request, exc)
            except PermissionDenied:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise
            return view(request, source, **kwargs)

        inner.__name__ = view.__name__
        inner.__doc__ = view.__doc__
        return inner

    return wrap


def _share_url(request: HttpRequest, source: Source) -> str | None:
    tenant = request.tenant
    if source.kind == "session":
        if not source.entries:
            return None
        token = share_token_make(tenant=tenant, entries=source.entries)
        path = reverse("catalogue:list_shared", args=[token])
    elif source.kind == "named":
        path = reverse("catalogue:list_public", args=[source.offer_list.share_token])
    else:
        return None
    return request.build_absolute_uri(path) + f"?tenant={tenant.slug}"


def _render_list(
    request: HttpRequest, source: Source, *, errors: dict | None = None, status: int = 200
) -> HttpResponse:
    tenant = request.tenant
    sheet = handout(tenant=tenant, entries=source.entries)
    errors = errors or {}
    for item in sheet.items:
        item.error = errors.get(str(item.offer_id))  # type: ignore[attr-defined]
        item.note_value = item.error["note"] if item.error else item.note  # type: ignore[attr-defined]
    session_list = SessionList(request.session, tenant)
    context = {
        "source": source,
        "urls": source.urls,
        "handout": sheet,
        "items": sheet.items,
        "errors": errors,
        "note_hint": NOTE_HINT,
        "max_note": MAX_NOTE,
        "max_entries": MAX_ENTRIES,
        "share_url": _share_url(request, source),
        "may_keep_lists": _may_keep_lists(request),
        "name_form": ListNameForm(prefix="new"),
        "session_count": len(session_list),
    }
    if source.kind == "named":
        context["rename_form"] = ListNameForm(initial={"name": source.offer_list.name})
    return render(request, "catalogue/lists/list.html", context, status=status)


# --- the session list ------------------------------------------------------------------------


@require_GET
@_with_source("session")
def list_page(request: HttpRequest, source: Source) -> HttpResponse:
    """The visitor's Merkliste."""
    return _render_list(request, source)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("catalogue:list")


@require_POST
def list_add(request: HttpRequest) -> HttpResponse:
    """Put an offer (``offer`` = id) on the session list; back to ``next`` or the list."""
    tenant = _tenant(request)
    offer = visible_offer(tenant=tenant, offer_id=request.POST.get("offer"))
    store = SessionList(request.session, tenant)
    if offer is None:
        message = _("This offer cannot be added: it does not exist or is no longer available.")
        if request.htmx:
            return render(request, "catalogue/lists/_added.html", {"error": message}, status=400)
        messages.error(request, message)
        return redirect(_next_url(request))
    already = offer.pk in store
    added = store.add(offer.pk)
    if request.htmx:
        return render(
            request,
            "catalogue/lists/_added.html",
            {"offer": offer, "count": len(store), "full": not added and not already},
        )
    if added:
        messages.success(
            request, _("“%(title)s” is now on your Merkliste.") % {"title": offer.title}
        )
    elif already:
        messages.info(
            request, _("“%(title)s” is already on your Merkliste.") % {"title": offer.title}
        )
    else:
        messages.warning(
            request,
            _("Your Merkliste is full (at most %(n)s offers).") % {"n": MAX_ENTRIES},
        )
    return redirect(_next_url(request))


def _apply(request: HttpRequest, source: Source) -> HttpResponse:
    form = EntryActionForm(request.POST)
    if not form.is_valid():
        offer_id = request.POST.get("offer", "")
        errors = {
            str(offer_id): {
                "message": " ".join(form.errors.get("note", []))
                or _("This change could not be made. Please try again."),
                "note": request.POST.get("note", "")[: MAX_NOTE * 2],
            }
        }
        return _render_list(request, source, errors=errors, status=400)
    offer_id = form.cleaned_data["offer"]
    action = form.cleaned_data["action"]
    store = source.store
    if action == "up":
        store.move(offer_id, -1)
    elif action == "down":
        store.move(offer_id, 1)
    elif action == "remove":
        store.remove(offer_id)
        messages.success(request, _("The offer has been removed from the list."))
        return redirect(source.url(0))
    else:
        store.set_note(offer_id, form.cleaned_data["note"])
        messages.success(request, _("The note has been saved."))
    return redirect(f"{source.url(0)}#eintrag-{offer_id}")


@require_POST
@_with_source("session")
def list_update(request: HttpRequest, source: Source) -> HttpResponse:
    """Move an entry up or down, remove it or save its note."""
    return _apply(request, source)


@require_POST
@_with_source("session")
def list_clear(request: HttpRequest, source: Source) -> HttpResponse:
    source.store.clear()
    messages.success(request, _("Your Merkliste is now empty."))
    return redirect("catalogue:list")


# --- print view and PDF -----------------------------------------------------------------------


def _handout_html(request: HttpRequest, source: Source, *, for_pdf: bool) -> tuple[str, str]:
    tenant = request.tenant
    lang = clean_lang(request.GET.get("lang"))
    sheet = handout(tenant=tenant, entries=source.entries, lang=lang)
    ui_languages = {code for code, _name in settings.LANGUAGES}
    ui_lang = sheet.lang if sheet.lang in ui_languages else translation.get_language()
    with translation.override(ui_lang):
        html = render_to_string(
            "catalogue/lists/handout.html",
            {
                "handout": sheet,
                "items": [i for i in sheet.items if i.available],
                "gone": [i for i in sheet.items if not i.available],
                "tenant": tenant,
                "today": timezone.localdate(),
                "for_pdf": for_pdf,
                "urls": source.urls,
                "lang_query": f"?lang={sheet.lang}" if sheet.lang != "de" else "",
                "ui_lang": ui_lang,
                "title": source.offer_list.name if source.offer_list else "",
            },
            request=request,
        )
    return html, sheet.lang


def _pdf_filename(tenant, today: date, lang: str) -> str:
    suffix = f"-{lang}" if lang != "de" else ""
    return f"Merkliste-{tenant.name.replace(' ', '-')}-{today:%Y-%m-%d}{suffix}.pdf"


def _no_fetch(url: str, *args, **kwargs):
    # The handout is self-contained; WeasyPrint must never fetch anything.
    raise ValueError(f"blocked resource {url[:80]}")


def _print(request: HttpRequest, source: Source) -> HttpResponse:
    html, _lang = _handout_html(request, source, for_pdf=False)
    return HttpResponse(html)


def _pdf(request: HttpRequest, source: Source) -> HttpResponse:
    from weasyprint import HTML

    html, lang = _handout_html(request, source, for_pdf=True)
    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, _pdf_filename(request.tenant, timezone.localdate(), lang)
    )
    return response


list_print = require_GET(_with_source("session")(_print))
list_pdf = require_GET(_with_source("session")(_pdf))


# --- shared lists (read-only) --------------------------------------------------------------


def _shared_page(request: HttpRequest, source: Source) -> HttpResponse:
    return _render_list(request, source)


def _import(request: HttpRequest, source: Source) -> HttpResponse:
    store = SessionList(request.session, request.tenant)
    visible = [
        e for e in source.entries if visible_offer(tenant=request.tenant, offer_id=e.offer_id)
    ]
    added = store.extend(visible)
    messages.success(
        request,
        _("%(n)s offer(s) from the shared list are now on your Merkliste.") % {"n": added},
    )
    return redirect("catalogue:list")


list_shared = require_GET(_with_source("shared")(_shared_page))
list_shared_print = require_GET(_with_source("shared")(_print))
list_shared_pdf = require_GET(_with_source("shared")(_pdf))
list_shared_import = require_POST(_with_source("shared")(_import))
list_public = require_GET(_with_source("public")(_shared_page))
list_public_print = require_GET(_with_source("public")(_print))
list_public_pdf = require_GET(_with_source("public")(_pdf))
list_public_import = require_POST(_with_source("public")(_import))


# --- professionals' named lists --------------------------------------------------------------


def _require_keeper(request: HttpRequest):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_keep_lists(request):
        raise PermissionDenied(_("Only professionals can keep named lists."))
    return None


@require_GET
def named_lists(request: HttpRequest) -> HttpResponse:
    """The professional's own lists."""
    tenant = _tenant(request)
    refused = _require_keeper(request)
    if refused:
        return refused
    return render(
        request,
        "catalogue/lists/index.html",
        {
            "lists": offer_lists_for_owner(owner=request.user, tenant=tenant),
            "name_form": ListNameForm(prefix="new"),
            "session_count": len(SessionList(request.session, tenant)),
        },
    )


@require_POST
def named_list_create(request: HttpRequest) -> HttpResponse:
    """Save the current Merkliste as a new named list."""
    tenant = _tenant(request)
    refused = _require_keeper(request)
    if refused:
        return refused
    form = ListNameForm(request.POST, prefix="new")
    if not form.is_valid():
        return render(
            request,
            "catalogue/lists/index.html",
            {
                "lists": offer_lists_for_owner(owner=request.user, tenant=tenant),
                "name_form": form,
                "session_count": len(SessionList(request.session, tenant)),
            },
            status=400,
        )
    offer_list = offer_list_create(
        owner=request.user,
        tenant=tenant,
        name=form.cleaned_data["name"],
        entries=SessionList(request.session, tenant).entries,
    )
    messages.success(request, _("The list “%(name)s” has been saved.") % {"name": offer_list.name})
    return redirect("catalogue:named_list", offer_list.pk)


named_list = require_GET(_with_source("named")(_shared_page))
named_list_print = require_GET(_with_source("named")(_print))
named_list_pdf = require_GET(_with_source("named")(_pdf))


@require_POST
@_with_source("named")
def named_list_update(request: HttpRequest, source: Source) -> HttpResponse:
    return _apply(request, source)


@require_POST
@_with_source("named")
def named_list_rename(request: HttpRequest, source: Source) -> HttpResponse:
    form = ListNameForm(request.POST)
    if form.is_valid():
        offer_list_rename(offer_list=source.offer_list, name=form.cleaned_data["name"])
        messages.success(request, _("The list has been renamed."))
    else:
        messages.error(request, " ".join(form.errors.get("name", [])))
    return redirect("catalogue:named_list", source.offer_list.pk)


@require_POST
@_with_source("named")
def named_list_add_session(request: HttpRequest, source: Source) -> HttpResponse:
    """Append the entries of the current Merkliste to this named list."""
    added = source.store.extend(SessionList(request.session, request.tenant).entries)
    messages.success(request, _("%(n)s offer(s) added to the list.") % {"n": added})
    return redirect("catalogue:named_list", source.offer_list.pk)


@_with_source("named")
def named_list_delete(request: HttpRequest, source: Source) -> HttpResponse:
    """Ask, then delete the named list."""
    if request.method == "POST":
        name = source.offer_list.name
        offer_list_delete(offer_list=source.offer_list)
        messages.success(request, _("The list “%(name)s” has been deleted.") % {"name": name})
        return redirect("catalogue:named_lists")
    return render(request, "catalogue/lists/confirm_delete.html", {"offer_list": source.offer_list})
