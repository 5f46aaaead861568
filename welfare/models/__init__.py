"""Labour insurance, welfare and culture: the group's second task (勞保福利和文娛活動).

A welfare case (困難情況) is one member's hardship, from its first report to its resolution: the
visits, grants, goods, referrals and notes that answer it, the labour insurance claims made for it,
and every change of its status. Cases hold health and family details, so they are private: only
the group's leader and welfare officer, and the workshop and factory union staff above the group,
see them (the capability ``READ_CASES`` of ``groups.capabilities``). The city federation counts
them and sums their aid, through ``counted_for``, and never reads a name or a description.

Recreation and culture (文娛活動) is not private: an activity, its kind and who took part."""

from welfare.models.access import (
    CaseAccess,
    WelfareFigures,
)
from welfare.models.activities import (
    Activity,
    ActivityQuerySet,
)
from welfare.models.aid import (
    CaseAction,
    CaseActionQuerySet,
    InsuranceClaim,
)
from welfare.models.cases import (
    CaseQuerySet,
    CaseRowQuerySet,
    StatusChange,
    WelfareCase,
)
from welfare.models.private import (
    ZERO,
    PrivateQuerySet,
    money_field,
)

__all__ = [
    "Activity",
    "ActivityQuerySet",
    "CaseAccess",
    "CaseAction",
    "CaseActionQuerySet",
    "CaseQuerySet",
    "CaseRowQuerySet",
    "InsuranceClaim",
    "PrivateQuerySet",
    "StatusChange",
    "WelfareCase",
    "WelfareFigures",
    "ZERO",
    "money_field",
]
