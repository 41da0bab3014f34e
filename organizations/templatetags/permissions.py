from django import template
from django.http import HttpRequest

from organizations.permissions import allows

register = template.Library()


@register.filter
def can(request: HttpRequest, action: str) -> bool:
    """``{% if request|can:"pairs.manage" %}``: the same permission table as the views."""
    return allows(getattr(request, "roles", ()), action)
