"""From what is due to what reaches people: ``record`` makes the notices (each one checked
against what its reader may see), ``write_emails`` writes the e-mails (a digest a day, or one
each for those who asked "at once"; in the recipient's language; within the factory's sending
window and the weekly cap), ``flush`` hands the queued ones to the background task. Each step
is safe to run again at any time: the constraints on the notices and the digests make a second
run find nothing new."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone, translation

from groups.models import Scope
from groups.scoping import Level
from notifications import mail
from notifications.kinds import KINDS, text_of
from notifications.models import (
    Email,
    FactoryMailSettings,
    MemberOptOut,
    Notification,
    Preference,
)
from notifications.tasks import deliver

#: Notices older than this are not mailed any more (the site still shows them).
MAIL_WITHIN = datetime.timedelta(days=7)
#: An e-mail being sent for longer than this was lost with its worker: it is queued again.
STUCK = datetime.timedelta(minutes=30)


@dataclass
class Due:
    """Something due that ``users`` should hear of, as a domain app's ``reminders.py`` finds
    it: ``kind`` (``notifications.kinds``), the record, its group, the parameters of its text
    and the path of the page it links to."""

    kind: str
    target: models.Model
    group_id: int | None
    url: str
    params: dict
    users: list = field(default_factory=list)
    # Members without a sign-in who are told by e-mail alone (a meeting's notice).
    members: list = field(default_factory=list)
    # The day the notice is once for: the run's day, or the Monday of its week for a weekly one.
    day: datetime.date | None = None


def week_of(today):
    """The day a weekly reminder is once for: the Monday of ``today``'s week."""
    return today - datetime.timedelta(days=today.weekday())


def record(dues, *, day):
    """The notices of ``dues`` for ``day`` (or each one's own): one a person, kind, record and
    day, for readers who may see the record now (its own ``visible_to``: one query per reader
    and kind of record). Returns how many were new."""
    users = {}
    wanted = defaultdict(list)
    days = {due.day or day for due in dues}
    # What an earlier run made already is not checked again (one query): a run that finds
    # nothing new costs a fixed number of queries, whatever the number of readers.
    types = {
        model: ContentType.objects.get_for_model(model) for model in {type(d.target) for d in dues}
    }
    made = set(
        Notification.objects.filter(day__in=days, kind__in={due.kind for due in dues}).values_list(
            "user", "kind", "content_type", "object_id", "day"
        )
    )
    for due in dues:
        content_type = types[type(due.target)].pk
        for user in due.users:
            if (user.pk, due.kind, content_type, due.target.pk, due.day or day) in made:
                continue
            user = users.setdefault(user.pk, user)
            wanted[(user.pk, type(due.target))].append(due)
    before = Notification.objects.filter(day__in=days).count()
    for (user_pk, model), items in wanted.items():
        user = users[user_pk]
        ids = {due.target.pk for due in items}
        seen = set(
            model._default_manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
        )
        content_type = types[model]
        rows = [
            Notification(
                user=user,
                kind=due.kind,
                content_type=content_type,
                object_id=due.target.pk,
                group_id=due.group_id,
                url=due.url,
                params=due.params,
                day=due.day or day,
            )
            for due in items
            if due.target.pk in seen
        ]
        # A notice made by an earlier run (or by one running at once) stays as it is.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(day__in=days).count() - before


def write_member_emails(dues):
    """E-mails to the members without a sign-in that ``dues`` name, in their factory's
    language: by e-mail to those with an address, else by text message (``notifications.sms``)
    to those with a phone only; once a member and record (a constraint). Returns those made."""
    members = [(due, member) for due in dues for member in due.members]
    members = [(due, member) for due, member in members if member.email or member.phone]
    if not members:
        return []
    stopped = set(
        MemberOptOut.objects.filter(member__in={member.pk for _due, member in members}).values_list(
            "member", flat=True
        )
    )
    members = [(due, member) for due, member in members if member.pk not in stopped]
    factories = {member.factory_id for _due, member in members}
    mail_settings = {
        s.factory_id: s for s in FactoryMailSettings.objects.filter(factory__in=factories)
    }
    told = set(
        Email.objects.filter(member__in={member.pk for _due, member in members})
        .exclude(about="")
        .values_list("member", "about")
    )
    made = []
    for due, member in members:
        about = f"{due.kind}:{due.target.pk}"[:60]
        if (member.pk, about) in told:
            continue
        language = mail.language_of(None, mail_settings.get(member.factory_id))
        with translation.override(language):
            text = text_of(due.kind, due.params)
        if member.email:
            subject, body, html, headers = mail.write_to_member(member, text, language)
            channel, address = Email.Channel.EMAIL, member.email
        else:
            subject, body, html, headers = "", text, "", {}
            channel, address = Email.Channel.SMS, member.phone
        try:
            with transaction.atomic():
                made.append(
                    Email.objects.create(
                        member=member,
                        factory_id=member.factory_id,
                        channel=channel,
                        address=address,
                        language=language,
                        subject=subject[:200],
                        body_text=body,
                        body_html=html,
                        headers=headers,
                        about=about,
                    )
                )
        except IntegrityError:  # told already, by an earlier run
            continue
    return made


#: Kinds never sent by text message: they name a member's welfare case.
NOT_BY_TEXT = {"welfare_follow_up"}


def _factories(user_ids):
    """``({user pk: factory pk or None}, {user pk: phone})``: the factory each account belongs
    to, and the phone number of the member whose account it is (if any)."""
    rows = Scope.objects.filter(user__in=user_ids).values_list(
        "user", "level", "factory", "workshop__factory", "group__workshop__factory", "member__phone"
    )
    found, phones = {}, {}
    for user, level, factory, workshop_factory, group_factory, phone in rows:
        found[user] = {
            Level.FACTORY: factory,
            Level.WORKSHOP: workshop_factory,
            Level.GROUP: group_factory,
        }.get(level)
        phones[user] = phone or ""
    return found, phones


def _window_open(factory_settings, hour):
    if factory_settings is not None:
        return factory_settings.is_open(hour)
    start, end = settings.NOTIFICATIONS_WINDOW
    return start <= hour < end


def still_visible(user, notices):
    """Mark each notice ``shown``: whether its reader may see its record now (one query per
    kind of record on the page). A notice about a record out of sight keeps neither its text
    nor its link: a scope changes, a case is closed to a reader, a meeting is cancelled."""
    ids = defaultdict(set)
    for notice in notices:
        ids[notice.content_type_id].add(notice.object_id)
    seen = set()
    for content_type_id, pks in ids.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        visible = model._default_manager.visible_to(user).filter(pk__in=pks)
        seen |= {(content_type_id, pk) for pk in visible.values_list("pk", flat=True)}
    for notice in notices:
        notice.shown = (notice.content_type_id, notice.object_id) in seen
        notice.local_day = timezone.localdate(notice.created_at)
    return notices


def write_emails(now, *, users=None, urgent_only=False):
    """Write the e-mails of the notices not mailed yet (of ``users`` only, if given; only those
    mailed at once with ``urgent_only``, leaving the digest to ``send_reminders``). Returns the
    e-mails made."""
    local = timezone.localtime(now)
    pending = (
        Notification.objects.unread()
        .filter(email__isnull=True, created_at__gte=now - MAIL_WITHIN)
        .filter(user__is_active=True)
        # A group archived since the notice was made is heard of no more.
        .filter(Q(group__isnull=True) | Q(group__archived_on__isnull=True))
        .select_related("user")
        .order_by("created_at", "pk")
    )
    if users is not None:
        pending = pending.filter(user__in=users)
    by_user = defaultdict(list)
    for notice in pending:
        by_user[notice.user_id].append(notice)
    if not by_user:
        return []
    preferences = {p.user_id: p for p in Preference.objects.filter(user__in=by_user)}
    factories, phones = _factories(by_user)
    mail_settings = {
        s.factory_id: s
        for s in FactoryMailSettings.objects.filter(factory__in=set(factories.values()))
    }
    week = (
        Email.objects.filter(user__in=by_user, created_at__gte=now - datetime.timedelta(days=7))
        .values("user")
        .annotate(n=models.Count("pk"))
    )
    sent_this_week = {row["user"]: row["n"] for row in week}
    digests_today = set(
        Email.objects.filter(user__in=by_user, digest_day=local.date()).values_list(
            "user", flat=True
        )
    )
    made = []
    for user_pk, notices in by_user.items():
        preference = preferences.get(user_pk)
        factory = factories.get(user_pk)
        factory_settings = mail_settings.get(factory)
        # By text message (one each) for those who chose it or have a phone and no address.
        phone = phones.get(user_pk, "")
        wants_text = preference is not None and preference.delivery == Preference.Delivery.SMS
        by_text = bool(phone) and (wants_text or not notices[0].user.email)
        if not by_text and not notices[0].user.email:
            continue
        muted = set(preference.muted_kinds) if preference else set()
        if by_text:
            # A phone on a member's record can be changed by the group's other officers: what
            # names a welfare case goes by e-mail or the site only, never by text.
            muted |= NOT_BY_TEXT
        notices = [notice for notice in notices if notice.kind not in muted]
        room = settings.NOTIFICATIONS_WEEKLY_CAP - sent_this_week.get(user_pk, 0)
        if not notices or room <= 0 or not _window_open(factory_settings, local.hour):
            continue
        at_once = by_text or (
            preference is not None and preference.delivery == Preference.Delivery.AT_ONCE
        )
        digest_due = user_pk not in digests_today and not urgent_only
        notices = [n for n in notices if at_once or _urgent(n) or digest_due]
        if not notices:
            continue
        # Checked again now, for what would be sent only: a notice made before the window
        # opened may be about a record its reader has since lost sight of (a role ended, a
        # scope moved). It is not mailed.
        notices = [n for n in still_visible(notices[0].user, notices) if n.shown]
        language = mail.language_of(preference, factory_settings)
        urgent = [notice for notice in notices if at_once or _urgent(notice)]
        rest = [notice for notice in notices if notice not in urgent]
        batches = [([notice], None) for notice in urgent]
        if rest:
            batches.append((rest, local.date()))
        for batch, digest_day in batches[:room]:
            email = _write(
                batch, language, factory, digest_day=digest_day, phone=phone if by_text else ""
            )
            if email is not None:
                made.append(email)
    return made


def _urgent(notice):
    kind = KINDS.get(notice.kind)
    return kind is not None and kind.at_once


def _write(notices, language, factory, *, digest_day, phone=""):
    user = notices[0].user
    if phone:  # a text message: the notice's sentence alone
        with translation.override(language):
            text = notices[0].text
        subject, html, headers = "", "", {}
    else:
        subject, text, html, headers = mail.write(user, notices, language, digest=digest_day)
    try:
        with transaction.atomic():
            email = Email.objects.create(
                user=user,
                factory_id=factory,
                channel=Email.Channel.SMS if phone else Email.Channel.EMAIL,
                address=phone or user.email,
                language=language,
                subject=subject[:200],
                body_text=text,
                body_html=html,
                headers=headers,
                digest_day=digest_day,
            )
            # Claimed for this e-mail only if no other run has mailed them meanwhile.
            taken = Notification.objects.filter(
                pk__in=[notice.pk for notice in notices], email__isnull=True
            ).update(email=email)
            if taken != len(notices):
                raise IntegrityError("mailed meanwhile")
    except IntegrityError:
        return None
    return email


def flush(now):
    """Hand every queued e-mail that is due to the background task, inside its factory's
    sending window; one lost with its worker goes back to the queue first."""
    Email.objects.filter(status=Email.Status.SENDING, next_attempt_at__lt=now - STUCK).update(
        status=Email.Status.QUEUED
    )
    hour = timezone.localtime(now).hour
    due = list(Email.objects.due(now).values_list("pk", "factory"))
    mail_settings = {
        s.factory_id: s for s in FactoryMailSettings.objects.filter(factory__in={f for _, f in due})
    }
    queued = [pk for pk, factory in due if _window_open(mail_settings.get(factory), hour)]
    for pk in queued:
        deliver.enqueue(pk)
    return queued
