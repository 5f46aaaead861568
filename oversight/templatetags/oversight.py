from django import template
from django.template.loader import render_to_string

from oversight.models import GroupClass

register = template.Library()


@register.simple_tag
def class_badge(value):
    """A group's class as a coloured badge (red for good, amber for average, grey for lagging)."""
    label = GroupClass(value).label if value in GroupClass.values else ""
    return render_to_string("oversight/_class_badge.html", {"value": value, "label": label})


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""
