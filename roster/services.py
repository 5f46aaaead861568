"""Reading a file into an import to preview, and writing an import: all of it in one
transaction, or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from dues.models import WageBase
from groups import services as organisation
from groups.models import FactoryUnion, GroupMembership, Member, Role, UnionGroup, WorkshopUnion
from groups.scoping import Level, user_scope
from roster.models import RosterImport
from roster.plan import make_plan
from roster.reading import read_upload


def importers_workshop(user):
    """The workshop a workshop's staff import into (their own); None for anyone above."""
    scope = user_scope(user)
    return scope.unit if scope is not None and scope.level == Level.WORKSHOP else None


def roster_read(*, factory, workshop, upload, user) -> RosterImport:
    """Read ``upload`` into a new import of ``factory`` (``workshop``'s only, for workshop
    staff), to preview: nothing else is written. A file that cannot be read raises
    ``FileError`` with the reason in the user's language."""
    rows, notes = read_upload(upload)
    return RosterImport.objects.create(
        factory=factory,
        workshop=workshop,
        file_name=upload.name[:255],
        rows=rows,
        notes=[str(note) for note in notes],
        uploaded_by=user,
    )


@transaction.atomic
def roster_import(*, record: RosterImport, user, left_on=None, missing_digest="") -> RosterImport:
    """Write what ``record``'s rows say: the plan is worked out again under the factory's lock, so
    two imports of one factory run one after the other and a change made since the preview is
    seen. A bad row found now (or an import already written, by a second click) writes nothing."""
    FactoryUnion.objects.select_for_update(no_key=True).get(pk=record.factory_id)
    record = RosterImport.objects.select_for_update().get(pk=record.pk)
    if record.status != RosterImport.Status.PREVIEWED:
        raise ValidationError(_("This file has been imported already."))
    today = timezone.localdate()
    plan = make_plan(record.rows, factory=record.factory, workshop=record.workshop, today=today)
    if plan.errors:
        raise ValidationError(
            _("The records have changed since the preview: %(count)d rows cannot be imported now.")
            % {"count": len(plan.errors)}
        )
    if left_on is not None:
        if left_on > today:
            raise ValidationError({"left_on": _("This date is in the future.")})
        # Only those the user saw are marked: a member added since the preview is not.
        if missing_digest != plan.missing_digest:
            raise ValidationError(
                _("The members not in the file have changed since the preview: look again.")
            )
        latest = (
            GroupMembership.objects.filter(member__in=plan.missing, ended_on__isnull=True)
            .order_by("-started_on")
            .values_list("started_on", flat=True)
            .first()
        )
        if latest is not None and left_on < latest:
            raise ValidationError(
                {
                    "left_on": _("One of them joined their group only on %(date)s.")
                    % {"date": latest.isoformat()}
                }
            )
    factory = record.factory
    workshops = {w.name: w for w in WorkshopUnion.objects.filter(factory=factory)}
    for name in plan.workshops:
        workshop = WorkshopUnion(factory=factory, name=name)
        workshop.full_clean(validate_unique=False, validate_constraints=False)
        workshop.save()
        workshops[name] = workshop
    groups = {
        (g.workshop.name, g.name): g
        for g in UnionGroup.objects.filter(workshop__factory=factory).select_related("workshop")
    }
    for workshop_name, name in plan.groups:
        group = UnionGroup(workshop=workshops[workshop_name], name=name)
        group.full_clean(exclude=["workshop"], validate_unique=False, validate_constraints=False)
        group.save()
        groups[(workshop_name, name)] = group

    new_members = [
        Member(
            factory=factory,
            group=groups[(row.workshop, row.group)],
            employee_number=row.employee_number,
            **row.values,
        )
        for row in plan.creates
    ]
    for member in new_members:
        member.full_clean(
            exclude=["factory", "group"], validate_unique=False, validate_constraints=False
        )
    new_members = bulk_create_with_history(new_members, Member, default_user=user)
    by_number = {m.employee_number: m for m in Member.objects.filter(factory=factory)}
    GroupMembership.objects.bulk_create(
        GroupMembership(
            member=by_number[m.employee_number],
            group_id=by_number[m.employee_number].group_id,
            started_on=m.joined_union_on,
        )
        for m in new_members
    )
    for member, row, changed in plan.updates:
        for name in changed:
            setattr(member, name, row.values[name])
        member.full_clean(
            exclude=["factory", "group"], validate_unique=False, validate_constraints=False
        )
        member.save(update_fields=changed)
    for member, row in plan.moves:
        organisation.member_move(
            member=member, to_group=groups[(row.workshop, row.group)], on=today
        )

    _give_roles(plan.roles, groups, by_number, today, user)
    _set_wages(plan.wages, by_number, user)
    if left_on is not None:
        for member in plan.missing:
            member.status, member.status_changed_on = Member.Status.LEFT, left_on
            organisation.member_update(member=member, previous_status=Member.Status.ACTIVE)

    counts = plan.counts
    counts["left"] = len(plan.missing) if left_on is not None else 0
    record.status = RosterImport.Status.IMPORTED
    record.imported_at = timezone.now()
    record.counts = counts
    record.left_on = left_on
    # The members the file named, for their sign-ins (``roster.sign_ins``).
    numbers = {values.get("employee_number", "") for _number, values in record.rows}
    record.members = sorted(by_number[n].pk for n in numbers if n in by_number)
    record.rows = []  # the records now hold them; the log keeps the counts
    record.save()
    return record


def _give_roles(rows, groups, by_number, today, user):
    """Leaders and officers first (an activist's officer must exist), as bulk writes with their
    history."""
    first = [row for row in rows if row.role != Role.Kind.ACTIVIST]
    roles = [
        Role(
            group=groups[(row.workshop, row.group)],
            member=by_number[row.employee_number],
            kind=row.role,
            portfolio=row.portfolio,
            started_on=today,
        )
        for row in first
    ]
    bulk_create_with_history(roles, Role, default_user=user)
    officers = {
        (r.group_id, r.member.employee_number): r
        for r in Role.objects.current()
        .filter(kind=Role.Kind.OFFICER, group__in={g.pk for g in groups.values()})
        .select_related("member")
    }
    activists = []
    for row in rows:
        if row.role != Role.Kind.ACTIVIST:
            continue
        group = groups[(row.workshop, row.group)]
        activists.append(
            Role(
                group=group,
                member=by_number[row.employee_number],
                kind=row.role,
                mentor=officers[(group.pk, row.mentor)],
                started_on=today,
            )
        )
    bulk_create_with_history(activists, Role, default_user=user)


def _set_wages(rows, by_number, user):
    """The wage bases the file gives: a changed one saved (its history keeps the old), a new one
    written in bulk."""
    members = [by_number[row.employee_number] for row in rows]
    held = {w.member_id: w for w in WageBase.objects.filter(member__in=members)}
    new = []
    for row, member in zip(rows, members, strict=True):
        base = held.get(member.pk)
        if base is None:
            new.append(WageBase(member=member, amount=row.wage))
        else:
            base.amount = row.wage
            base.save(update_fields=["amount"])
    bulk_create_with_history(new, WageBase, default_user=user)
