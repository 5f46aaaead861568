"""Records that are never deleted: a meeting is cancelled, a guarantee plan, a welfare case or an
assessment is voided, with who, when and why. A voided record stays readable at its address
(with a banner) and in its history; it leaves the lists, the figures and the evidence, because
``objects`` (the default manager, which lists, figures and reverse relations start from) no
longer returns it. ``all_objects`` still does: the pages that show one record load it from
there."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.forms import refusals_into
from groups.people import named
from groups.validators import SHORT_TEXT, no_control_characters_in_text


class CurrentManager(models.Manager):
    """Only the rows not voided. Combine with the model's QuerySet by
    ``CurrentManager.from_queryset(TheQuerySet)()``."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class Voidable(models.Model):
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.TextField(
        _("reason for voiding"),
        blank=True,
        editable=False,
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )

    class Meta:
        abstract = True

    @property
    def is_void(self):
        return self.voided_at is not None


@transaction.atomic
def record_void(*, record: Voidable, user, reason: str) -> Voidable:
    """Void ``record`` (cancel a meeting) with the reason; its children stay as they are. The
    change is kept in the record's history with who made it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    record = type(record).all_objects.select_for_update().get(pk=record.pk)
    if record.is_void:
        raise ValidationError(_("This record has already been voided."))
    record.voided_at = timezone.now()
    record.voided_by = user
    record.void_reason = reason
    record._history_user = user
    record.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return record


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT,
        validators=[no_control_characters_in_text],
    )


def void_page(request, record, *, title, question, done):
    """The confirmation page of a void (or a meeting's cancellation): GET asks for the reason,
    POST voids and goes back to the record, which now shows the banner."""
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_into(form) as call:
            record_void(record=record, user=request.user, reason=form.cleaned_data["reason"])
        if call.done:
            messages.success(request, done)
            return redirect(record)
    context = {"form": form, "record": record, "title": title, "question": question}
    return render(request, "groups/record_void.html", context)


# --- Entries deleted by mistake ------------------------------------------------------------------


def deleted_records(model, limit=20, **within):
    """The last rows of ``model`` deleted (and not brought back since) among those matching
    ``within`` (lookups on the historical rows, e.g. ``case=case``), newest first: their
    historical records, from which ``restore_deleted`` brings them back."""
    return (
        model.history.filter(history_type="-", **within)
        .exclude(id__in=model._default_manager.filter(**within).values("pk"))
        .select_related(*named("history_user"))
        .order_by("-history_date", "-history_id")[:limit]
    )


def restore_deleted(model, *, history_id, user, **within):
    """Bring back a row deleted by mistake, with its original values and key; the restore is in
    its history with who made it. ``ValidationError`` if ``history_id`` is not one of the rows
    of ``within`` deleted and not yet restored."""
    record = model.history.filter(history_type="-", history_id=history_id, **within).first()
    if record is None or model._default_manager.filter(pk=record.id).exists():
        raise ValidationError(_("This entry is not among the deleted entries."))
    row = record.instance
    row._history_user = user
    row._change_reason = "restored"
    row.save(force_insert=True)
    return row


def restore_page(request, record, restore, *, missing, done):
    """The POST of a "Restore" button: ``restore(history_id=…, user=…)`` with the historical
    row's id sent, then back to ``record`` with ``done``, or with ``missing`` when the id is not
    one of its deleted entries (or no id at all)."""
    from groups.params import parse_id

    history_id = parse_id(request.POST.get("history_id"))
    try:
        if history_id is None:
            raise ValidationError(missing)
        restore(history_id=history_id, user=request.user)
    except ValidationError:
        messages.error(request, missing)
    else:
        messages.success(request, done)
    return redirect(record)
