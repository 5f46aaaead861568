"""What a user may do: the one capability table of the site, and the one way to ask it.

Seeing is decided by the scope (``groups.scoping``: ``Model.objects.visible_to(user)``); doing is
decided here. Each scope level has a fixed set of capabilities; a member's own account of a group
writes its records only while the member leads it or is one of its officers, and reads its
welfare cases while the member leads it or keeps its welfare. Asked about an
object (one the user sees), the answer also follows the object: nobody, superusers included,
changes the records of an archived group, and the city federation organises only the campaigns it
runs city-wide.

Views, forms, querysets, the admin and services all ask ``user_can``; the object loaders
(``groups.access.get_for_user`` and the ``get_*_for_user`` helpers of each app) ask it with the
capability a page needs, so no view checks a rule by hand.
"""

import enum

from groups.scoping import Level, user_scope


class Capability(enum.StrEnum):
    #: Change a group's records: members and roles, meetings, plans and progress, proposals,
    #: reports, welfare actions, activities.
    WRITE_RECORDS = "write_records"
    #: Run groups from above: archive and restore them, move members, issue resolutions, read
    #: and answer reports sent up, decide proposals.
    MANAGE_GROUPS = "manage_groups"
    #: Launch and run emulation campaigns (enter scores, award the red flag) and record pacts.
    ORGANISE = "organise"
    #: Assess the groups of one's scope for the classification.
    ASSESS = "assess"
    #: Confirm or return assessments and select typical experience (the city federation).
    REVIEW = "review"
    #: Read welfare cases: names, descriptions, what was done (counts are read by everyone).
    READ_CASES = "read_cases"
    #: Make sign-ins for union staff of a unit inside one's scope (a factory's or a workshop's).
    MANAGE_ACCOUNTS = "manage_accounts"
    #: Read a factory's monthly dues remittance statement (counts and sums, never a wage).
    REMIT_DUES = "remit_dues"
    #: Import a roster file into a factory of one's scope (workshop staff into their workshop).
    IMPORT_ROSTER = "import_roster"


C = Capability

#: The capability table: what each scope level may do within its scope.
TABLE = {
    Level.FEDERATION: frozenset(
        {C.ORGANISE, C.REVIEW, C.MANAGE_ACCOUNTS, C.REMIT_DUES, C.IMPORT_ROSTER}
    ),
    Level.FACTORY: frozenset(
        {
            C.WRITE_RECORDS,
            C.MANAGE_GROUPS,
            C.ORGANISE,
            C.ASSESS,
            C.READ_CASES,
            C.MANAGE_ACCOUNTS,
            C.REMIT_DUES,
            C.IMPORT_ROSTER,
        }
    ),
    Level.WORKSHOP: frozenset(
        {
            C.WRITE_RECORDS,
            C.MANAGE_GROUPS,
            C.ASSESS,
            C.READ_CASES,
            C.MANAGE_ACCOUNTS,
            C.IMPORT_ROSTER,
        }
    ),
    Level.GROUP: frozenset({C.WRITE_RECORDS}),
}

#: Capabilities that change a group's records, refused on an archived group's.
_CHANGES_GROUP = frozenset({C.WRITE_RECORDS, C.MANAGE_GROUPS, C.ASSESS})


def capabilities(user):
    """The set of capabilities of ``user`` (no query beyond the cached scope)."""
    if not getattr(user, "is_active", False):
        return frozenset()
    if user.is_superuser:
        return frozenset(Capability)
    scope = user_scope(user)
    if scope is None:
        return frozenset()
    granted = TABLE[scope.level]
    if scope.level == Level.GROUP and scope.member_id:
        # A member's own account does what the member's current role does (looked up with the
        # scope): the union group leader, the production group leader and the officers write
        # the group's records, a plain member only reads; the leader and the welfare officer
        # read its welfare cases. A group account that is nobody's (no member) writes.
        if not getattr(scope, "writes", False):
            granted = granted - {C.WRITE_RECORDS}
        if getattr(scope, "keeps_welfare", False):
            granted = granted | {C.READ_CASES}
    return granted


def user_can(user, capability, obj=None):
    """Whether ``user`` has ``capability``, on ``obj`` if given (an object the user sees)."""
    capability = Capability(capability)
    if capability not in capabilities(user):
        return False
    if obj is None:
        return True
    if capability == C.ORGANISE:
        return _organises(user, obj)
    if capability in _CHANGES_GROUP:
        # A cancelled meeting or a voided plan, case or assessment is kept as it was, with what
        # hangs from it (a meeting's action items, a plan's progress, a case's entries).
        if any(getattr(step, "is_void", False) for step in _path_to_group(obj)):
            return False
        group = group_of(obj)
        if group is not None and group.is_archived:
            return False
    return True


def _organises(user, obj):
    """Whether the user runs ``obj``, a record organised from above that names the unit running
    it (``organising_federation_id`` for a city-wide one, else ``organising_factory_id``).
    Factory staff run their factory's (its workshops' too); the federation runs those of its city
    and reads the factories' own."""
    if user.is_superuser:
        return True
    scope = user_scope(user)
    ids = scope.ancestor_ids()
    if scope.level == Level.FEDERATION:
        return obj.organising_federation_id == ids[Level.FEDERATION]
    factory = obj.organising_factory_id
    return factory is not None and factory == ids[Level.FACTORY]


def group_of(obj):
    """The union group whose record ``obj`` is, found along the group path its QuerySet declares
    for scoping (``scope_paths``), or None for a record above the groups (a factory, a
    resolution, a campaign)."""
    from groups.models import UnionGroup

    last = _path_to_group(obj)[-1]
    return last if isinstance(last, UnionGroup) else None


def _path_to_group(obj):
    """``obj`` and the records between it and its group, the group last (when it has one)."""
    from groups.models import UnionGroup

    steps = [obj]
    if isinstance(obj, UnionGroup):
        return steps
    queryset = getattr(type(obj), "_default_manager", None)
    paths = getattr(getattr(queryset, "_queryset_class", None), "scope_paths", {})
    path = paths.get(Level.GROUP)
    if not path:
        return steps
    for name in path.split("__"):
        if name == "pk":
            break
        obj = getattr(obj, name, None)
        if obj is None:
            break
        steps.append(obj)
    return steps
