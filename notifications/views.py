"""A person's notices (newest first, by day; each linking to its record if its reader may
still see it), marking them read, the e-mail preferences, and the unsubscribe link of the
e-mails, which needs no sign-in."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from groups.models import Member
from groups.paging import PAGE_SIZE, filters_query
from notifications.forms import PreferenceForm
from notifications.kinds import KINDS
from notifications.mail import read_member_unsubscribe_token, read_unsubscribe_token
from notifications.models import MemberOptOut, Notification, Preference
from notifications.services import still_visible


def notification_list(request):
    notices = Notification.objects.of(request.user)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = still_visible(request.user, list(page.object_list))
    context = {"page": page, "query": filters_query(request)}
    return render(request, "notifications/notification_list.html", context)


@require_POST
def notification_read(request, pk):
    notice = Notification.objects.of(request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    if request.POST.get("open") and still_visible(request.user, [notice])[0].shown:
        return redirect(notice.url)
    messages.success(request, _("Marked as read."))
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    count = Notification.objects.of(request.user).unread().update(read_at=timezone.now())
    messages.success(
        request,
        ngettext(
            "All your notices are marked as read (%(count)s).",
            "All your notices are marked as read (%(count)s).",
            count,
        )
        % {"count": count},
    )
    return redirect("notifications:list")


def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user
    )
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        # One row an account (a constraint): a double click updates the row the first made.
        Preference.objects.update_or_create(
            user=request.user,
            defaults={
                "language": form.cleaned_data["language"],
                "delivery": form.cleaned_data["delivery"],
                "muted_kinds": form.muted_kinds(),
            },
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_not_required
@csrf_exempt  # A mail program's one-click unsubscribe posts without a cookie; the token decides.
def unsubscribe(request, token):
    member_pk = read_member_unsubscribe_token(token)
    if member_pk is not None:
        return _member_unsubscribe(request, member_pk)
    found = read_unsubscribe_token(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None or (found[1] and found[1] not in KINDS):
        # A link of a kind the site no longer has unsubscribes from nothing, not from all.
        raise Http404
    kind = found[1]
    if request.method != "POST":
        label = KINDS[kind].label if kind else None
        return render(request, "notifications/unsubscribe.html", {"label": label})
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        preference, _created = Preference.objects.get_or_create(user=user)
        muted = set(preference.muted_kinds) | ({kind} if kind else set(KINDS))
        preference.muted_kinds = [name for name in KINDS if name in muted]
        preference.save(update_fields=["muted_kinds"])
    return render(request, "notifications/unsubscribe.html", {"done": True})


def _member_unsubscribe(request, member_pk):
    """A member without a sign-in stops every e-mail and text (one row a member: a double
    click or a mail program's POST makes one)."""
    member = Member.objects.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    if request.method != "POST":
        return render(request, "notifications/unsubscribe.html", {"member": True})
    MemberOptOut.objects.get_or_create(member=member)
    return render(request, "notifications/unsubscribe.html", {"done": True, "member": True})
