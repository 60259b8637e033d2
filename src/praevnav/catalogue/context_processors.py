from django.http import HttpRequest

from praevnav.catalogue.lists import SESSION_KEY


def merkliste(request: HttpRequest) -> dict:
    """Number of entries on the session's Merkliste, for the navigation."""
    tenant = getattr(request, "tenant", None)
    session = getattr(request, "session", None)
    if tenant is None or session is None or SESSION_KEY not in session:
        return {"merkliste_count": 0}
    return {"merkliste_count": len(session[SESSION_KEY].get(str(tenant.pk), []))}
