"""Step 4: the action plan, its items, publication, revision and PDF."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spcp.text import join_sentences

from .. import exports, queries, services, versions
from .. import pdf as render_pdf
from ..forms import action_plan as forms
from ..models import ActionPlanVersion, PlanItem
from . import engagement_context, engagement_view, render_form, save_form
from .records import RecordDeleteView, RecordFormView, RecordMoveView

ACTION_PLAN = "engagements:action_plan"


def _language_rows(snapshot: dict) -> list[dict]:
    """Per language of the site: its code, name, and how many of the plan's texts it has."""
    rows = []
    for code, _name in settings.LANGUAGES:
        translated, total = versions.translation_count(snapshot, code)
        rows.append(
            {
                "code": code,
                "name": versions.language_name(code),
                "translated": translated,
                "total": total,
                "is_original": code == snapshot["original_language"],
            }
        )
    return rows


@engagement_view("engagements.view_actionplan")
def action_plan(request, engagement):
    """The living plan in the page's language (texts not translated into it are shown in
    the original language, marked), its versions, and how much of it each language has."""
    plan = engagement.action_plan
    language = translation.get_language()
    # One read of the items serves the snapshot (the shown texts) and the page's links.
    items = list(versions.live_items(plan).prefetch_related(queries.latest_progress()))
    snapshot = versions.plan_snapshot(plan, items)
    document = versions.document(snapshot, language)
    shown = {item["id"]: item for item in document["items"]}
    for item in items:
        item.shown = shown.get(item.pk)
        # In the order of the issues' and solutions' own lists (most dots first; by issue).
        item.shown_issues = sorted(
            (link.issue for link in item.issue_links.all()), key=lambda i: (-i.dot_votes, i.pk)
        )
        item.shown_solutions = sorted(
            (link.solution for link in item.solution_links.all()),
            key=lambda s: (s.issue_id, s.pk),
        )
    return render(
        request,
        "engagements/action_plan.html",
        engagement_context(
            engagement,
            4,
            plan=plan,
            items=items,
            document=document,
            plan_versions=ActionPlanVersion.objects.for_plan(plan),
            plan_languages=_language_rows(snapshot),
            publish_form=forms.PublishForm(),
        ),
    )


def _version(engagement, pk) -> ActionPlanVersion:
    return get_object_or_404(ActionPlanVersion, pk=pk, plan__engagement=engagement)


@engagement_view("engagements.view_actionplan")
def actionplanversion_detail(request, engagement, actionplanversion_pk):
    """A published version exactly as published, in the page's language."""
    version = _version(engagement, actionplanversion_pk)
    document = versions.version_document(version, translation.get_language(), progress=False)
    return render(
        request,
        "engagements/actionplanversion_detail.html",
        engagement_context(
            engagement,
            4,
            plan=engagement.action_plan,
            version=version,
            document=document,
            plan_versions=ActionPlanVersion.objects.for_plan(engagement.action_plan),
        ),
    )


def _pdf_filename(engagement, language: str, number: int | None = None) -> str:
    """An ASCII file name for a plan PDF: community, state, version (if any), language."""
    parts = ["spcp-action-plan", engagement.community, engagement.state]
    if number is not None:
        parts.append(f"v{number}")
    name = "-".join([*parts, language]) + ".pdf"
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "-" for c in name)


def _version_pdf_response(version, engagement, language: str) -> FileResponse:
    """The published ``version``'s PDF in ``language``, from the copy rendered ahead when it
    shows the current status (``engagements.pdf.open_version_pdf``)."""
    return FileResponse(
        render_pdf.open_version_pdf(version, language),
        as_attachment=True,
        filename=_pdf_filename(engagement, language, version.number),
        content_type="application/pdf",
    )


@engagement_view("engagements.view_actionplan")
def actionplanversion_pdf(request, engagement, actionplanversion_pk):
    """A published version as a PDF in the page's language: its frozen text with the items'
    status and latest progress as of now, served from the copy rendered ahead
    (``engagements.tasks.render_version_pdfs``), or rendered now and kept when there is none
    for the current status."""
    version = _version(engagement, actionplanversion_pk)
    return _version_pdf_response(version, engagement, translation.get_language())


DRAFT = "draft"


@engagement_view("engagements.view_actionplan")
def action_plan_compare(request, engagement):
    """Compare two versions of the plan (``?a=<number>&b=<number>``, or ``b=draft`` for the
    revision being written), in the page's language: items added, removed and changed, the
    changed words marked. By default the two latest versions (or the latest and the draft
    while a revision is open). Works without JavaScript (a GET form)."""
    plan = engagement.action_plan
    language = translation.get_language()
    all_versions = list(ActionPlanVersion.objects.for_plan(plan))
    by_number = {str(v.number): v for v in all_versions}
    choices = [(str(v.number), v) for v in all_versions]
    has_draft = not plan.is_published and bool(all_versions)
    default_b = DRAFT if has_draft else (choices[0][0] if choices else "")
    default_a = (
        choices[0][0]
        if has_draft and choices
        else (choices[1][0] if len(choices) > 1 else default_b)
    )
    a = request.GET.get("a") or default_a
    b = request.GET.get("b") or default_b

    def load(key):
        if key == DRAFT and has_draft:
            return versions.draft_document(plan, language, progress=False)
        if key in by_number:
            return versions.version_document(by_number[key], language, progress=False)
        raise Http404

    comparison = None
    old = new = None
    if a and b:
        old, new = load(a), load(b)
        comparison = versions.compare_documents(old, new)
    return render(
        request,
        "engagements/action_plan_compare.html",
        engagement_context(
            engagement,
            4,
            plan=plan,
            plan_versions=all_versions,
            has_draft=has_draft,
            a=a,
            b=b,
            old=old,
            new=new,
            comparison=comparison,
        ),
    )


@engagement_view("engagements.change_actionplan")
def action_plan_translate(request, engagement):
    """The plan's text in one language (``?language=fa``; by default the first language
    that is not the plan's original): one form with every text, the original beside each
    field. Staff with edit rights on the plan give translations (and so do translators they
    trust, given the same rights). Like every edit of the plan, only while it is a draft."""
    plan = engagement.action_plan
    codes = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("language") or next(
        code for code in codes if code != plan.original_language
    )
    if language not in codes:
        raise Http404
    if plan.is_published:
        messages.error(request, _("Start a revision before changing a published plan."))
        return redirect(ACTION_PLAN, engagement.pk)
    items = list(PlanItem.objects.filter(plan=plan))
    form = forms.PlanTranslationForm(
        request.POST or None, plan=plan, items=items, language=language
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_translate(
                plan=plan, user=request.user, language=language, texts=form.texts()
            )
        except ValidationError as error:
            messages.error(request, join_sentences(error.messages))
        else:
            messages.success(request, _("Translation saved."))
            return redirect(ACTION_PLAN, engagement.pk)
    return render(
        request,
        "engagements/action_plan_translate.html",
        engagement_context(
            engagement,
            4,
            plan=plan,
            form=form,
            language=language,
            language_name=versions.language_name(language),
            original_name=versions.language_name(plan.original_language),
            target_languages=[
                (code, versions.language_name(code))
                for code in codes
                if code != plan.original_language
            ],
        ),
    )


@engagement_view("engagements.change_actionplan")
def action_plan_update(request, engagement):
    plan = engagement.action_plan
    if plan.is_published:
        messages.error(request, _("Start a revision before changing a published plan."))
        return redirect(ACTION_PLAN, engagement.pk)
    form = forms.ActionPlanForm(request.POST or None, instance=plan)
    save = lambda: services.action_plan_update(  # noqa: E731
        plan=form.instance, user=request.user, **form.guard_kwargs()
    )
    if save_form(request, form, save, _("Action plan saved.")):
        return redirect(ACTION_PLAN, engagement.pk)
    return render_form(
        request, engagement, 4, form, title=_("Action plan introduction"), back=ACTION_PLAN
    )


def _plan_transition(request, engagement, service, success_message, **kwargs):
    """Run a plan service (publish or revise) and report the outcome on the plan page."""
    try:
        service(plan=engagement.action_plan, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, join_sentences(error.messages))
    else:
        messages.success(request, success_message)
    return redirect(ACTION_PLAN, engagement.pk)


@require_POST
@engagement_view("engagements.publish_actionplan")
def action_plan_publish(request, engagement):
    form = forms.PublishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _plan_transition(
        request, engagement, services.action_plan_publish, _("Action plan published."), note=note
    )


@require_POST
@engagement_view("engagements.publish_actionplan")
def action_plan_revise(request, engagement):
    return _plan_transition(
        request,
        engagement,
        services.action_plan_revise,
        _("The plan is a draft again; publish it when it is ready."),
    )


@engagement_view("engagements.view_actionplan")
def action_plan_pdf(request, engagement):
    """The action plan as a PDF, in the language of the page it was asked from. A published
    plan is its latest version, served from the copy rendered ahead; a draft (or a plan
    published before versions were kept) is rendered on demand, never kept."""
    plan = engagement.action_plan
    language = translation.get_language()
    if plan.is_published:
        version = ActionPlanVersion.objects.filter(plan=plan, number=plan.version).first()
        if version is not None:
            return _version_pdf_response(version, engagement, language)
    response = HttpResponse(
        render_pdf.draft_pdf(plan=plan, language=language), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_pdf_filename(engagement, language)}"'
    )
    return response


@engagement_view("engagements.view_actionplan")
def action_plan_export(request, engagement, *, file_format: str):
    """The plan's items with their status and latest progress as a spreadsheet
    (``file_format`` "csv" or "xlsx", from the URL), headers and statuses in the page's
    language (``engagements.exports``). Reads only."""
    dataset = exports.plan_items_dataset(queries.plan_items(engagement))
    response = HttpResponse(
        exports.EXPORTERS[file_format](dataset), content_type=exports.CONTENT_TYPES[file_format]
    )
    filename = exports.export_filename(engagement, file_format, today=timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


planitem_create = RecordFormView.as_view(
    model=PlanItem,
    form_class=forms.PlanItemForm,
    permission="engagements.add_planitem",
    step=4,
    return_to=ACTION_PLAN,
)
planitem_update = RecordFormView.as_view(
    model=PlanItem,
    form_class=forms.PlanItemForm,
    permission="engagements.change_planitem",
    step=4,
    return_to=ACTION_PLAN,
)
planitem_delete = RecordDeleteView.as_view(
    model=PlanItem,
    permission="engagements.delete_planitem",
    step=4,
    return_to=ACTION_PLAN,
)
planitem_move = RecordMoveView.as_view(
    model=PlanItem,
    permission="engagements.change_planitem",
    step=4,
    return_to=ACTION_PLAN,
)
