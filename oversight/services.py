"""Writes of the oversight app: each checks who may do it and what state allows it, then saves in
one transaction, and raises ``ValidationError`` (with field names where it can) for the form or
the admin to show. Nothing is saved when a check fails."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from groups.access import require
from groups.capabilities import Capability, user_can
from groups.models import UnionGroup
from notifications.at_once import notify_at_once
from oversight import evidence, reminders
from oversight.models import CRITERION_FIELDS, Assessment, AssessmentPeriod, Experience

Status = Assessment.Status

ASSESSMENT_FIELDS = [
    *[field for name in CRITERION_FIELDS for field in (name, f"{name}_note")],
    "summary",
    "proposed_class",
]


def may_void(user, assessment):
    """The assessors of the group void an assessment made by mistake while the period is open,
    before the federation has confirmed it; the group can then be assessed again."""
    return (
        user_can(user, Capability.ASSESS, assessment)
        and assessment.status != Assessment.Status.CONFIRMED
        and assessment.period.is_open
    )


def _visible(queryset, user, obj):
    if not queryset.visible_to(user).filter(pk=obj.pk).exists():
        raise PermissionDenied


# --- Assessments -------------------------------------------------------------------------------


@transaction.atomic
def save_assessment(*, period, group, user, data, submit=False, assessment=None):
    """Create or change the group's assessment of the period from ``data`` (the criteria's
    ratings and notes, the summary, the proposed class), and submit it with ``submit``. On
    submission the evidence of the period is kept with it, as the assessor saw it."""
    require(user, Capability.ASSESS)
    _visible(UnionGroup.objects, user, group)
    if period.federation_id != group.workshop.factory.federation_id:
        raise PermissionDenied
    if assessment is not None and (assessment.period_id, assessment.group_id) != (
        period.pk,
        group.pk,
    ):
        raise ValidationError(_("This assessment is of another group or period."))
    if assessment is None:
        assessment = (
            Assessment.objects.select_for_update().filter(period=period, group=group).first()
        )
    else:
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment is not None and not assessment.is_editable:
        raise ValidationError(
            _("This assessment is %(status)s; it can no longer be changed.")
            % {"status": assessment.get_status_display()}
        )
    if not period.is_open:
        raise ValidationError(_("This period is closed."))
    group.check_open()
    if assessment is None:
        assessment = Assessment(period=period, group=group, assessed_by=user)
    for field in ASSESSMENT_FIELDS:
        if field in data:
            setattr(assessment, field, data[field])
    if submit:
        missing = {
            name: _("Rate this criterion before submitting.")
            for name in CRITERION_FIELDS
            if not getattr(assessment, name)
        }
        if not assessment.proposed_class:
            missing["proposed_class"] = _("Propose a class before submitting.")
        if missing:
            raise ValidationError(missing)
        assessment.status = Status.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = user
        assessment.evidence = evidence.for_group(user, group, period.starts_on, period.ends_on)
    assessment._history_user = user
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        raise ValidationError(_("This group has already been assessed in this period.")) from None
    return assessment


def _check_review(user, assessment):
    require(user, Capability.REVIEW)
    _visible(Assessment.objects, user, assessment)
    if assessment.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted assessment is reviewed; this one is %(status)s.")
            % {"status": assessment.get_status_display()}
        )


@transaction.atomic
def confirm(*, assessment, user, group_class=None, reason=""):
    """Confirm the class of a submitted assessment: the proposed one, or another with a reason."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_review(user, assessment)
    group_class = int(group_class or assessment.proposed_class)
    reason = (reason or "").strip()
    if group_class != assessment.proposed_class and not reason:
        raise ValidationError(
            {"reason": _("Give the reason for confirming a class other than the one proposed.")}
        )
    assessment.status = Status.CONFIRMED
    assessment.confirmed_class = group_class
    assessment.class_reason = reason if group_class != assessment.proposed_class else ""
    assessment.reviewed_at = timezone.now()
    assessment.reviewed_by = user
    assessment._history_user = user
    assessment.save()
    notify_at_once(reminders.assessments_reviewed([assessment], user))
    return assessment


@transaction.atomic
def return_assessment(*, assessment, user, reason):
    """Send a submitted assessment back to its assessor, saying why."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_review(user, assessment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the assessment is returned.")})
    assessment.status = Status.RETURNED
    assessment.return_reason = reason
    assessment.reviewed_at = timezone.now()
    assessment.reviewed_by = user
    assessment._history_user = user
    assessment.save()
    notify_at_once(reminders.assessments_reviewed([assessment], user))
    return assessment


# Set a field to each row's own proposed class (a bulk confirmation).
_PROPOSED = object()


def _bulk_review(user, queryset, **changes):
    require(user, Capability.REVIEW)
    rows = list(
        queryset.visible_to(user)
        .filter(status=Status.SUBMITTED)
        .select_related("group", "period", "assessed_by", "submitted_by")
        .select_for_update(of=("self",))
        .order_by()
    )
    now = timezone.now()
    for row in rows:
        for field, value in changes.items():
            setattr(row, field, row.proposed_class if value is _PROPOSED else value)
        row.reviewed_at = now
        row.reviewed_by = user
    fields = [*changes, "reviewed_at", "reviewed_by"]
    bulk_update_with_history(rows, Assessment, fields, batch_size=500, default_user=user)
    notify_at_once(reminders.assessments_reviewed(rows, user))
    return len(rows)


@transaction.atomic
def confirm_many(*, queryset, user):
    """Confirm every submitted assessment of ``queryset`` at its proposed class; the others are
    left alone. Returns how many were confirmed."""
    return _bulk_review(user, queryset, status=Status.CONFIRMED, confirmed_class=_PROPOSED)


@transaction.atomic
def return_many(*, queryset, user, reason):
    """Return every submitted assessment of ``queryset`` with the same reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the assessments are returned.")})
    return _bulk_review(user, queryset, status=Status.RETURNED, return_reason=reason)


# --- Periods -----------------------------------------------------------------------------------


@transaction.atomic
def close_period(*, period, user):
    require(user, Capability.REVIEW)
    period.status = AssessmentPeriod.Status.CLOSED
    period._history_user = user
    period.save()
    return period


# --- Typical experience ------------------------------------------------------------------------


@transaction.atomic
def propose_experience(*, group, user, title, author, text, experience=None):
    """Propose a write-up of the group's experience, or change a proposal not yet decided."""
    require(user, Capability.ASSESS)
    _visible(UnionGroup.objects, user, group)
    group.check_open()
    if experience is not None:
        # The row as it is now, locked: the federation may have decided on it meanwhile.
        experience = (
            Experience.objects.select_for_update()
            .filter(group__in=UnionGroup.objects.visible_to(user), pk=experience.pk)
            .first()
        )
        if experience is None:
            raise PermissionDenied
        if experience.status != Experience.Status.PROPOSED:
            raise ValidationError(_("The federation has decided on this write-up already."))
    else:
        experience = Experience(proposed_by=user)
    experience.group = group
    experience.title = title
    experience.author = author
    experience.text = text
    experience._history_user = user
    experience.full_clean()
    experience.save()
    return experience


@transaction.atomic
def decide_experience(*, experience, user, select, position=None):
    """Select a proposed write-up for the booklet, or decline it."""
    require(user, Capability.REVIEW)
    _visible(Experience.objects, user, experience)
    experience = Experience.objects.select_for_update().get(pk=experience.pk)
    experience.status = Experience.Status.SELECTED if select else Experience.Status.DECLINED
    if position is not None:
        experience.position = position
    experience.decided_by = user
    experience.decided_at = timezone.now()
    experience._history_user = user
    # Only the decision: a text changed meanwhile by its proposer stays as it is.
    experience.save(update_fields=["status", "position", "decided_by", "decided_at"])
    return experience


@transaction.atomic
def decide_experiences(*, queryset, user, select):
    """Decide on every write-up of ``queryset`` at once (all or none)."""
    require(user, Capability.REVIEW)
    count = 0
    for experience in queryset.visible_to(user).order_by("pk"):
        decide_experience(experience=experience, user=user, select=select)
        count += 1
    return count


@transaction.atomic
def close_periods(*, queryset, user):
    """Close every period of ``queryset`` at once (all or none)."""
    require(user, Capability.REVIEW)
    count = 0
    for period in queryset.visible_to(user).open().order_by("pk"):
        close_period(period=period, user=user)
        count += 1
    return count
