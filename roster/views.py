"""Moving in: the template, the upload and its preview, the import, the log and the export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from downloads.tables import table_download
from groups.access import get_for_user, require
from groups.capabilities import Capability, user_can
from groups.export import xlsx_workbook_response
from groups.forms import refusals_into
from groups.models import FactoryUnion, Member
from groups.once import once
from groups.people import named
from roster import services
from roster.columns import COLUMNS
from roster.exports import header
from roster.forms import ConfirmForm, SignInsForm, UploadForm
from roster.models import RosterImport
from roster.plan import make_plan
from roster.reading import FileError

PAGE_SIZE = 50
ERRORS_SHOWN = 200
#: Said after an upload, on the site and in the back office: nothing is written yet.
READ_MESSAGE = gettext_lazy("The file is read; nothing is written yet. What it would do is below.")


def _factory(request, pk, need=Capability.IMPORT_ROSTER):
    """The factory the user imports into, and the workshop they are limited to (workshop staff)."""
    factory = get_for_user(FactoryUnion.objects.all(), request.user, pk, need=need)
    return factory, services.importers_workshop(request.user)


def roster_upload(request, pk):
    factory, workshop = _factory(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.roster_read(
                factory=factory, workshop=workshop, upload=upload, user=request.user
            )
        except FileError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, READ_MESSAGE)
            return redirect(record)
    recent = RosterImport.objects.visible_to(request.user).filter(factory=factory)[:5]
    context = {
        "factory": factory,
        "workshop": workshop,
        "form": form,
        "recent": recent,
        "may_export": user_can(request.user, Capability.MANAGE_GROUPS, factory),
    }
    return render(request, "roster/upload.html", context, status=400 if form.errors else 200)


def _record(request, pk):
    record = get_for_user(
        RosterImport.objects.select_related("factory", "workshop", *named("uploaded_by")),
        request.user,
        pk,
    )
    require(request.user, Capability.IMPORT_ROSTER, record.factory)
    return record


def import_detail(request, pk):
    """The preview of a file (what the import would do, every bad row), or what it did."""
    record = _record(request, pk)
    context = {
        "record": record,
        "factory": record.factory,
        "sign_ins_form": SignInsForm(),
        # Sign-ins are given, and the wages a file changes counted, for those who run the
        # factory's groups, not the city federation (a count of changed wages would tell one).
        "may_give_sign_ins": user_can(request.user, Capability.MANAGE_GROUPS, record.factory),
    }
    context["may_see_wages"] = context["may_give_sign_ins"]
    if record.status == RosterImport.Status.PREVIEWED:
        context.update(preview(record))
    return render(request, "roster/import_detail.html", context)


def preview(record):
    """What the import of ``record`` would do, for its page (the site's or the back office's):
    the plan's counts, the first bad rows and members not in the file, and the confirmation."""
    plan = make_plan(
        record.rows, factory=record.factory, workshop=record.workshop, today=timezone.localdate()
    )
    return {
        "plan": plan,
        "counts": plan.counts,
        "errors": plan.errors[:ERRORS_SHOWN],
        "missing": plan.missing[:ERRORS_SHOWN],
        "form": ConfirmForm(initial={"missing": plan.missing_digest}),
    }


@once
@require_POST
def import_confirm(request, pk):
    record = _record(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        with refusals_into(form) as call:
            record = services.roster_import(
                record=record,
                user=request.user,
                left_on=form.left_on_date(),
                missing_digest=form.cleaned_data["missing"],
            )
        if call.done:
            created, updated = record.counts["created"], record.counts["updated"]
            messages.success(
                request,
                ngettext(
                    "The roster is imported: %(created)d member added, %(updated)d updated.",
                    "The roster is imported: %(created)d members added, %(updated)d updated.",
                    created,
                )
                % {"created": created, "updated": updated},
            )
            return redirect(record)
    for error in form.non_field_errors() + [e for errors in form.errors.values() for e in errors]:
        messages.error(request, error)
    return redirect(record)


def import_list(request):
    require(request.user, Capability.IMPORT_ROSTER)
    imports = RosterImport.objects.visible_to(request.user).select_related(
        "factory", "workshop", *named("uploaded_by")
    )
    page = Paginator(imports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "roster/import_list.html", {"page": page})


def roster_template(request, pk):
    """An empty roster in the user's language: the header, an example row, and a second sheet that
    explains each column."""
    factory, workshop = _factory(request, pk)
    example = {
        "factory": factory.name,
        "workshop": workshop.name if workshop else _("Foundry"),
        "group": _("Wang Yinzhu's group"),
        "name": _("Wang Yinzhu"),
        "gender": Member.Gender.MALE.label,
        "employee_number": "01-00001",
        "trade": _("Moulder"),
        "skill_grade": 5,
        "phone": "13800000000",
        "email": "",
        "joined_union_on": timezone.localdate().replace(month=1, day=1),
        "wage": 68,
        "role": _("Union group leader"),
        "portfolio": "",
        "mentor": "",
    }
    explained = [
        [str(c.label), _("Must be filled") if c.required else _("Optional"), str(c.help)]
        for c in COLUMNS
    ]
    sheets = [
        (_("Roster"), header(), [[example[c.key] for c in COLUMNS]]),
        (_("Columns"), [_("Column"), _("Filled"), _("What it holds")], explained),
    ]
    return xlsx_workbook_response(f"roster-template-{factory.pk}.xlsx", sheets)


def roster_export(request, pk, fmt):
    """The members of the user's scope in this factory, in the template's columns: edited and
    uploaded again, it changes only what was edited. A CSV streams; an XLSX of a factory's
    thousands of members is made in the background (``roster.exports``)."""
    # With the wages: the factory's and its workshops' staff only, never the city federation.
    _factory(request, pk, need=Capability.MANAGE_GROUPS)
    return table_download(request, "roster.roster", fmt, {"factory": pk})
