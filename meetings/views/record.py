"""The meeting record on one page: the main path from a held meeting to its record. The separate
step pages (attendance, minutes, a decision, an action item, the summary) stay for corrections."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groups.forms import refusals_into
from groups.once import once
from meetings.access import get_meeting_for_user
from meetings.forms.record import MeetingRecordForm
from meetings.services.record import meeting_record


@once
def meeting_record_page(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    context = {"meeting": meeting, "group": meeting.group, "here": _("Record the meeting")}
    if not meeting.can_be_recorded:
        # Not offered before the day, and said so, rather than refused once it is all typed in.
        return render(request, "meetings/meeting_record.html", context)
    actions = list(meeting.action_items.select_related("owner"))
    form = MeetingRecordForm(
        request.POST or None,
        meeting=meeting,
        members=list(meeting.group.members.active()),
        decisions=list(meeting.decisions.all()),
        actions=[a for a in actions if a.decision_id],
    )
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            meeting_record(meeting=meeting, user=request.user, **form.service_kwargs())
        if call.done:
            messages.success(request, _("The meeting is recorded."))
            if request.POST.get("then") == "print":
                return redirect("meetings:meeting_print", meeting.pk)
            return redirect(meeting)
        # Nothing was kept: the page shows the meeting as it is, with what was typed.
        meeting.refresh_from_db()
    context.update(form=form, loose_actions=[a for a in actions if not a.decision_id])
    return render(request, "meetings/meeting_record.html", context)
