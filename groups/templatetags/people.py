from django import template

from groups.people import person_name

register = template.Library()


@register.filter
def person(user):
    """``{{ meeting.planned_by|person }}``: the person's name (``groups.people``)."""
    return person_name(user)
