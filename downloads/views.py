"""A person's files made in the background: the page of one (how far it has come, then the
download) and the list of those of the last day. Only their owner sees them: 404 for anyone
else."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from downloads.models import Download
from downloads.tables import KEPT_HOURS
from groups.export import XLSX_TYPE

TYPES = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8"}


def _own(request, pk):
    download = Download.objects.of(request.user).defer("content").filter(pk=pk).first()
    if download is None:
        raise Http404
    return download


def download_list(request):
    downloads = Download.objects.of(request.user).defer("content")[:50]
    return render(
        request, "downloads/download_list.html", {"downloads": downloads, "hours": KEPT_HOURS}
    )


def download_detail(request, pk):
    download = _own(request, pk)
    context = {"download": download, "hours": KEPT_HOURS}
    return render(request, "downloads/download_detail.html", context)


def download_file(request, pk):
    download = _own(request, pk)
    if download.status != Download.Status.DONE:
        raise Http404
    content = Download.objects.filter(pk=pk).values_list("content", flat=True).get()
    response = HttpResponse(bytes(content), content_type=TYPES[download.fmt])
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
