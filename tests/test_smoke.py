import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_shows_tenant_chain_heading(client, tenant):
    response = client.get(reverse("catalogue:home"))
    assert (
        "Präventionskette" in response.content.decode()
        or "Prevention chain" in response.content.decode()
    )
    assert response.context["tenant"] == tenant
