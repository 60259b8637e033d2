"""Template helpers of the UI shell: form fields in KERN markup, tenant switch, age labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _

from praevnav.core.models import Tenant, TenantKind

register = template.Library()

# KERN class of the control itself, by the kind of widget.
_INPUT_CLASS = {
    "checkbox": "kern-form-check__checkbox",
    "radio": "kern-form-check__radio",
    "select": "kern-form-input__select",
    "text": "kern-form-input__input",
}


@register.filter
def widget_kind(bound_field: BoundField) -> str:
    """``checkbox``, ``choices`` (a fieldset of radios/checkboxes), ``select``, ``hidden`` or
    ``text`` (every other input and textarea)."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    return "text"


def describedby_ids(bound_field: BoundField) -> list[str]:
    """Ids of the hint and the error message of a field, in reading order."""
    # Django's own naming (``<id>_helptext``, ``<id>_error``), so that its automatic
    # aria-describedby and ours always agree.
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return ids


@register.filter
def describedby(bound_field: BoundField) -> str:
    return " ".join(describedby_ids(bound_field))


@register.simple_tag
def kern_widget(bound_field: BoundField):
    """Render a field's widget with KERN classes, ``aria-describedby`` and ``aria-invalid``."""
    kind = widget_kind(bound_field)
    attrs: dict[str, str] = {}
    if kind != "hidden":
        css = _INPUT_CLASS.get(kind, _INPUT_CLASS["text"])
        if bound_field.errors and kind in {"text", "select", "checkbox"}:
            css += f" {css}--error"
        existing = bound_field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{existing} {css}".strip()
        ids = describedby_ids(bound_field)
        if ids:
            attrs["aria-describedby"] = " ".join(ids)
        if bound_field.errors:
            attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@dataclass
class TenantChoice:
    slug: str
    label: str
    selected: bool


@dataclass
class TenantGroup:
    label: str
    choices: list[TenantChoice] = field(default_factory=list)


@register.simple_tag(takes_context=True)
def tenant_choices(context) -> list[TenantGroup]:
    """The tenants a visitor can switch to: every top-level tenant and, for a Kreis,
    its member towns (grouped under the Kreis). Empty when there is nothing to switch."""
    request = context.get("request")
    current = getattr(request, "tenant", None)
    current_pk = current.pk if current is not None else None
    tenants = list(Tenant.objects.select_related("parent").order_by("name"))
    if len(tenants) < 2:
        return []
    members: dict[int, list[Tenant]] = {}
    for t in tenants:
        if t.parent_id is not None:
            members.setdefault(t.parent_id, []).append(t)
    groups: list[TenantGroup] = []
    singles = TenantGroup(label="")
    for t in tenants:
        if t.parent_id is not None:
            continue
        if t.kind == TenantKind.KREIS or t.pk in members:
            group = TenantGroup(label=t.name)
            group.choices.append(
                TenantChoice(
                    t.slug, _("%(name)s (whole district)") % {"name": t.name}, t.pk == current_pk
                )
            )
            for m in members.get(t.pk, []):
                group.choices.append(TenantChoice(m.slug, m.name, m.pk == current_pk))
            groups.append(group)
        else:
            singles.choices.append(TenantChoice(t.slug, t.name, t.pk == current_pk))
    return ([singles] if singles.choices else []) + groups


@register.filter
def age_range(phase) -> str:
    """A life phase's age range in words: “0 to under 3 years”, “65 years and older”."""
    if getattr(phase, "is_pregnancy", False):
        return _("before and around birth")
    lo = (phase.min_age_months or 0) // 12
    if phase.max_age_months is None:
        return _("%(min)s years and older") % {"min": lo}
    hi = phase.max_age_months // 12
    return _("%(min)s to under %(max)s years") % {"min": lo, "max": hi}
