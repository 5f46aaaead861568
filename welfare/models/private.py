"""What welfare's private records share: money fields and a queryset that shows rows only to those
who read case details, and counts them for the whole scope."""

from decimal import Decimal

from django.db import models

from groups.capabilities import Capability, user_can
from groups.scoping import NOTHING, ScopedQuerySet

ZERO = Decimal("0.00")


def money_field(**kwargs):
    return models.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class PrivateQuerySet(ScopedQuerySet):
    """Rows of a welfare case: ``visible_to`` only for those who may read case details;
    ``counted_for`` is the whole scope, for counts and sums that name nobody."""

    def _scope_q(self, user):
        if not user_can(user, Capability.READ_CASES):
            return NOTHING
        return super()._scope_q(user)

    def counted_for(self, user):
        return self.filter(super()._scope_q(user))
