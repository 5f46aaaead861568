"""The kinds of notice, their names (for the preferences page) and their texts. The apps that
find what is due (each one's ``reminders.py``) name a kind and give its parameters; the words are
here, translated when a notice is shown or an e-mail written, in the reader's language."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    text: str
    # The text once the record is past its date (``params["overdue"]``), if it differs.
    overdue_text: str = ""
    # Mailed at once, whatever the reader chose: a meeting's notice is for preparing, and a
    # digest could bring it too late.
    at_once: bool = False


KINDS = {
    kind.name: kind
    for kind in [
        Kind(
            "meeting_announced",
            _("Meetings announced"),
            _("%(group)s: meeting “%(title)s” on %(when)s at %(place)s. Agenda: %(agenda)s"),
            at_once=True,
        ),
        Kind(
            "action_item",
            _("Action items due"),
            _("%(group)s: the action “%(description)s” is due on %(due_on)s."),
            _("%(group)s: the action “%(description)s” was due on %(due_on)s and is not done."),
        ),
        Kind(
            "meeting_unannounced",
            _("Meetings not yet announced"),
            _(
                "%(group)s: the meeting “%(title)s” on %(scheduled_on)s has not been announced: "
                "send the agenda out so that everyone can prepare."
            ),
        ),
        Kind(
            "resolution_report",
            _("Reports on resolutions due"),
            _("%(group)s: the report on the resolution “%(title)s” is due on %(due_on)s."),
            _("%(group)s: the report on the resolution “%(title)s” was due on %(due_on)s."),
        ),
        Kind(
            "resolution_owing",
            _("Groups still owing a report"),
            ngettext_lazy(
                "%(count)s group still owes its report on the resolution “%(title)s”.",
                "%(count)s groups still owe their report on the resolution “%(title)s”.",
                "count",
            ),
        ),
        Kind(
            "welfare_follow_up",
            _("Welfare follow-ups due"),
            _("%(group)s: the welfare case of %(member)s is due for a follow-up on %(due_on)s."),
            _("%(group)s: the welfare case of %(member)s was due for a follow-up on %(due_on)s."),
        ),
        Kind(
            "plan_without_progress",
            _("Guarantee plans without progress"),
            _("%(group)s: no progress entered on the guarantee plan for %(days)s days."),
        ),
        Kind(
            "group_without_leader",
            _("Groups without a leader"),
            _("%(group)s has no union group leader."),
        ),
        Kind(
            "leader_term_ending",
            _("Union group leaders' terms ending"),
            _(
                "%(group)s: the term of the union group leader %(member)s ends on %(ends_on)s: "
                "prepare the election."
            ),
            _(
                "%(group)s: the term of the union group leader %(member)s ended on %(ends_on)s "
                "and no one has been elected since."
            ),
        ),
        Kind(
            "not_doing",
            _("Weekly: who is not doing what"),
            _(
                "This week in %(unit)s: %(not_met)s groups have not met this month, "
                "%(plan_stale)s have not updated their guarantee plan in two weeks, "
                "%(resolution)s have not reported on a resolution due, %(welfare)s have overdue "
                "welfare follow-ups."
            ),
        ),
        Kind(
            "assessments_waiting",
            _("Assessments awaiting review"),
            ngettext_lazy(
                "%(count)s assessment of %(period)s awaits your review.",
                "%(count)s assessments of %(period)s await your review.",
                "count",
            ),
        ),
        Kind(
            "report_answered",
            _("Reports to the union answered"),
            _("%(group)s: the union answered your report “%(subject)s”."),
            at_once=True,
        ),
        Kind(
            "assessment_returned",
            _("Assessments returned"),
            _("%(group)s: the assessment of %(period)s was returned to you. Why: %(reason)s"),
            at_once=True,
        ),
        Kind(
            "assessment_confirmed",
            _("Assessments confirmed"),
            _("%(group)s: the assessment of %(period)s was confirmed, class %(class)s."),
            at_once=True,
        ),
    ]
}

#: Texts that depend on a parameter other than ``overdue``: (kind, param, value) → text.
VARIANTS = {
    ("group_without_leader", "missing", "production"): _(
        "%(group)s has no production group leader."
    ),
}


def text_of(kind, params):
    """The notice's sentence in the current language."""
    known = KINDS.get(kind)
    if known is None:
        return ""
    template = known.overdue_text if params.get("overdue") and known.overdue_text else known.text
    for (name, param, value), text in VARIANTS.items():
        if name == kind and params.get(param) == value:
            template = text
    try:
        # A plural's form follows ``params["count"]`` (ngettext_lazy's number key).
        return str(template % params)
    except (KeyError, TypeError, ValueError):
        return str(known.label)
