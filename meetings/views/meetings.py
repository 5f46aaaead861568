from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.access import get_group_for_user, get_rw_group_for_user
from groups.capabilities import Capability, user_can
from groups.forms import DateField, PeriodForm, refusals_as_message, refusals_into
from groups.once import once
from groups.params import safe_next
from groups.voiding import void_page
from meetings import services
from meetings.access import get_meeting_for_user, get_rw_action_item_for_user
from meetings.forms import (
    ActionItemForm,
    AnnounceForm,
    AttendanceForm,
    CandidateFormSet,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    SummaryForm,
)
from meetings.models import AgendaItem, Meeting


def _upcoming(meetings):
    agenda = Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk"))
    return meetings.upcoming().prefetch_related(agenda)


def group_meetings(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    period_form = PeriodForm(request.GET or None)
    start, end = period_form.period()
    meetings = Meeting.objects.filter(group=group)
    past = meetings.exclude(pk__in=meetings.upcoming().values("pk"))
    page = Paginator(past, 25).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "upcoming": _upcoming(meetings),
        "page": page,
        "period_form": period_form,
        "start": start,
        "end": end,
        "figures": meetings.between(start, end).preparedness(),
        "perms_write": user_can(request.user, Capability.WRITE_RECORDS, group),
    }
    return render(request, "meetings/group_meetings.html", context)


@once
def meeting_create(request, group_pk):
    group = get_rw_group_for_user(request.user, group_pk)
    initial = {"kind": request.GET.get("kind", Meeting.Kind.GROUP)}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            meeting = services.meeting_plan(
                group=group,
                user=request.user,
                kind=data["kind"],
                title=data["title"],
                scheduled_on=data["scheduled_on"],
                starts_at=data["starts_at"],
                place=data["place"],
                study_topic=data["study_topic"],
                agenda=data["agenda_lines"],
                topics=data["topics"],
            )
        if call.done:
            messages.success(request, _("The meeting is planned. Announce it to the members."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "group": group})


def meeting_edit(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_into(form) as call:
            services.meeting_update(
                meeting=form.instance, agenda=data["agenda_lines"], topics=data["topics"]
            )
        if call.done:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    context = {"form": form, "group": meeting.group, "meeting": meeting}
    return render(request, "meetings/meeting_form.html", context)


def _record(meeting):
    """What a meeting record shows, on its page and in print: each decision with the action
    items that carry it out, and the action items tied to no decision on their own."""
    decisions = list(meeting.decisions.all())
    actions = {}
    for item in meeting.action_items.select_related("owner"):
        actions.setdefault(item.decision_id, []).append(item)
    for decision in decisions:
        decision.actions = actions.get(decision.pk, [])
    return {
        "meeting": meeting,
        "group": meeting.group,
        "agenda": meeting.agenda_items.all(),
        "attendances": meeting.attendances.select_related("member"),
        "decisions": decisions,
        "action_items": actions.get(None, []),
        "candidates": meeting.candidates.select_related("member"),
    }


def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    context = {
        **_record(meeting),
        "perms_write": user_can(request.user, Capability.WRITE_RECORDS, meeting),
        "announce_form": AnnounceForm(),
    }
    return render(request, "meetings/meeting_detail.html", context)


def meeting_cancel(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return void_page(
        request,
        meeting,
        title=_("Cancel the meeting"),
        question=_("Cancel this meeting?"),
        done=_("The meeting is cancelled."),
    )


def meeting_print(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "meetings/meeting_print.html", _record(meeting))


@require_POST
def meeting_announce(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = AnnounceForm(request.POST)
    if form.is_valid():
        with refusals_into(form) as call:
            services.meeting_announce(
                meeting=meeting, user=request.user, on=form.cleaned_data["announced_on"]
            )
        if call.done:
            messages.success(request, _("The meeting is announced."))
            return redirect(meeting)
    context = {
        "form": form,
        "meeting": meeting,
        "group": meeting.group,
        "step_title": _("Announce the meeting"),
    }
    return render(request, "meetings/meeting_step.html", context, status=400)


def _step(request, meeting, form, save, title, done_message, template="meetings/meeting_step.html"):
    """A step of the meeting record on its own page: show the form, save, or show the errors."""
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            save(form)
        if call.done:
            messages.success(request, done_message)
            return redirect(meeting)
    context = {"form": form, "meeting": meeting, "group": meeting.group, "step_title": title}
    return render(request, template, context)


def meeting_attendance(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if not meeting.can_be_recorded:
        # Said before the form is filled in, not refused after.
        context = {"meeting": meeting, "group": meeting.group, "here": _("Attendance")}
        return render(request, "meetings/meeting_record.html", context)
    form = AttendanceForm(
        request.POST or None, members=meeting.group.members.active(), meeting=meeting
    )
    return _step(
        request,
        meeting,
        form,
        lambda f: services.meeting_record_attendance(
            meeting=meeting, user=request.user, rows=f.attendance()
        ),
        _("Attendance"),
        _("The attendance is recorded."),
        "meetings/meeting_attendance.html",
    )


def meeting_minutes(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MinutesForm(request.POST or None, meeting=meeting)
    return _step(
        request,
        meeting,
        form,
        lambda f: services.meeting_record_minutes(
            meeting=meeting,
            minutes=f.minutes(),
            target_missed=f.cleaned_data.get("target_missed", False),
            criticism=f.cleaned_data.get("criticism", ""),
            causes=f.cleaned_data.get("causes", ""),
            remedies=f.cleaned_data.get("remedies", ""),
        ),
        _("Minutes"),
        _("The minutes are saved."),
    )


def meeting_summary(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = SummaryForm(request.POST or None, initial={"summary": meeting.summary})
    return _step(
        request,
        meeting,
        form,
        lambda f: services.meeting_summarise(
            meeting=meeting, user=request.user, summary=f.cleaned_data["summary"]
        ),
        _("Summary"),
        _("The summary is saved."),
    )


@once
def decision_create(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST or None)
    return _step(
        request,
        meeting,
        form,
        lambda f: services.decision_add(meeting=meeting, text=f.cleaned_data["text"]),
        _("Record a decision"),
        _("The decision is recorded."),
    )


@once
def action_item_create(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = ActionItemForm(request.POST or None, meeting=meeting)
    return _step(
        request,
        meeting,
        form,
        lambda f: services.action_item_add(meeting=meeting, **f.cleaned_data),
        _("Add an action item"),
        _("The action item is recorded."),
    )


@require_POST
def action_item_done(request, pk):
    item = get_rw_action_item_for_user(request.user, pk)
    done = request.POST.get("done") == "1"
    field = DateField(required=done)
    with refusals_as_message(request) as call:
        on = field.clean(request.POST.get("done_on")) if done else None
        services.action_item_done(item=item, on=on)
    if call.done:
        messages.success(request, _("The action item is updated."))
    return redirect(safe_next(request, item.meeting.get_absolute_url()))


def election_record(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if meeting.kind != Meeting.Kind.ELECTION:
        raise PermissionDenied
    formset = CandidateFormSet(
        request.POST or None, form_kwargs={"group": meeting.group}, prefix="candidates"
    )
    return _step(
        request,
        meeting,
        formset,
        lambda f: services.election_record(meeting=meeting, candidates=f.candidates()),
        _("Election results"),
        _("The election is recorded and the new terms have started."),
        "meetings/election_form.html",
    )
