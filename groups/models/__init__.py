"""The organisation: city federation → factory union → workshop union → union group → members."""

from groups.models.organisation import (
    GROUP_PATHS,
    FactoryUnion,
    FactoryUnionQuerySet,
    Federation,
    WorkshopUnion,
    WorkshopUnionQuerySet,
)
from groups.models.scopes import (
    Scope,
    Submission,
)
from groups.models.union_groups import (
    MEMBER_PATHS,
    GroupMembership,
    GroupMembershipQuerySet,
    Member,
    MemberQuerySet,
    Role,
    RoleQuerySet,
    UnionGroup,
    UnionGroupQuerySet,
    consecutive_terms,
)

__all__ = [
    "FactoryUnion",
    "FactoryUnionQuerySet",
    "Federation",
    "GROUP_PATHS",
    "GroupMembership",
    "GroupMembershipQuerySet",
    "MEMBER_PATHS",
    "Member",
    "MemberQuerySet",
    "Role",
    "RoleQuerySet",
    "Scope",
    "Submission",
    "UnionGroup",
    "UnionGroupQuerySet",
    "WorkshopUnion",
    "WorkshopUnionQuerySet",
    "consecutive_terms",
]
