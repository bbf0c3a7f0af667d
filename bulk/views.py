"""The import and export pages: thin edges over bulk.services (writes) and bulk.exports / bulk.selectors (reads)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bulk.columns import KINDS
from bulk.exports import Download, data_dictionary, import_template, portfolio_export
from bulk.forms import ExportForm, ImportForm, StartForm
from bulk.models import ImportBatch
from bulk.selectors import (
    bulk_institutions,
    import_batch_get,
    import_batches_recent,
    listings_of_batch,
    taxonomy_slugs,
)
from bulk.services import import_preview, import_start
from marketplace.errors import MarketplaceError, NotFound


def _institutions(request: HttpRequest):
    institutions = bulk_institutions(user=request.user)
    if not institutions.exists():
        raise Http404
    return institutions


def _attachment(download: Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _home(request: HttpRequest, import_form: ImportForm, status: int = 200) -> HttpResponse:
    institutions = _institutions(request)
    selected = import_form["institution"].value() or request.GET.get("institution")
    institution = institutions.filter(slug=selected).first() if selected else institutions.first()
    initial = {"institution": institution.slug if institution else None}
    return render(
        request,
        "bulk/home.html",
        {
            "import_form": import_form,
            "export_form": ExportForm(institutions=institutions, initial=initial, auto_id="export_%s"),
            "institution": institution,
            "batches": import_batches_recent(institution=institution) if institution else [],
            "kinds": [(kind, data_dictionary(kind)) for kind in KINDS.values()],
            "fields": taxonomy_slugs(),
        },
        status=status,
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    institutions = _institutions(request)
    slug = request.GET.get("institution")
    initial = {"institution": slug or getattr(institutions.first(), "slug", None), "language": request.LANGUAGE_CODE}
    return _home(request, ImportForm(institutions=institutions, initial=initial))


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES, institutions=_institutions(request))
    if not form.is_valid():
        return _home(request, form, status=400)
    try:
        batch = import_preview(
            user=request.user,
            institution=form.cleaned_data["institution"],
            kind=form.cleaned_data["kind"],
            language=form.cleaned_data["language"],
            upload=form.cleaned_data["file"],
        )
    except MarketplaceError as exc:
        form.add_error("file", exc.message)
        return _home(request, form, status=400)
    return redirect(batch)


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    try:
        return import_batch_get(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    kind = KINDS[batch.kind]
    return render(
        request,
        "bulk/batch.html",
        {
            "batch": batch,
            "kind": kind,
            "start_form": StartForm(),
            "error_rows": (batch.report or {}).get("rows", []),
            "listings": listings_of_batch(batch=batch, kind=kind) if batch.is_finished else [],
        },
    )


@login_required
@require_POST
def batch_start(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    form = StartForm(request.POST)
    submit = form.is_valid() and form.cleaned_data["submit_for_review"]
    try:
        import_start(batch=batch, user=request.user, submit=submit)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    return redirect(batch)


@login_required
@require_GET
def batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress bar's source: a few numbers, polled while the job runs."""
    batch = _batch(request, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "finished": batch.is_finished,
            "percent": batch.percent,
            "processed": batch.processed_rows,
            "total": batch.valid_rows,
            "created": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
            "submitted": batch.submitted_count,
            "failed": batch.failed_count,
        }
    )


@login_required
@require_GET
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    _institutions(request)
    return _attachment(import_template(kind=kind, fmt=fmt))


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET, institutions=_institutions(request))
    if not form.is_valid():
        messages.error(request, _("Choose the institution, the listing type and the format of the export."))
        return redirect("bulk:home")
    try:
        download = portfolio_export(
            user=request.user,
            institution=form.cleaned_data["institution"],
            kind=form.cleaned_data["kind"],
            fmt=form.cleaned_data["format"],
            language=form.cleaned_data["language"],
        )
    except NotFound as exc:
        raise Http404 from exc
    return _attachment(download)
