"""The open-data page (files, data dictionary, licence) and the files themselves, with ETag and Last-Modified."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import condition, require_GET

from indicators.models import OpenDataFile
from indicators.opendata import LICENCE, data_dictionary, open_data_dir


def _record(name: str) -> OpenDataFile | None:
    # Only names the export recorded are served: a request never reaches another path of the directory.
    return OpenDataFile.objects.filter(name=name).first()


def _etag(request: HttpRequest, name: str) -> str | None:
    record = _record(name)
    return record.sha256 if record else None


def _last_modified(request: HttpRequest, name: str):
    record = _record(name)
    return record.generated_at if record else None


@require_GET
@condition(etag_func=_etag, last_modified_func=_last_modified)
def open_data_file(request: HttpRequest, name: str) -> HttpResponse:
    record = _record(name)
    path = open_data_dir() / name
    if record is None or not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=record.content_type)
    response["Content-Disposition"] = f'inline; filename="{record.name}"'
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def open_data_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "indicators/open_data.html",
        {"files": OpenDataFile.objects.all(), "dictionary": data_dictionary(), "licence": LICENCE},
    )
