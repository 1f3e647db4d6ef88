"""The council members' pages: the engagements they serve on, the latest published action
plan of one of them (page and PDF) with its progress and the council's meetings, and posting
progress on a plan item.

Each engagement page checks ``engagements.view_council_pages`` on the engagement (council
members with a sign-in link in force, and the engagement's staff, who see the page as a
preview); anyone else gets a 404, as on the staff pages, and anonymous visitors are sent to
sign in. Posting progress checks ``engagements.post_progress_update`` on the plan item, again
in the service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from engagements import services
from engagements.forms import add_service_errors
from engagements.models import CouncilMember, PlanItem
from engagements.services.guards import AlreadySubmitted
from engagements.views import check, engagement_view
from engagements.views.action_plan import _version_pdf_response

from . import queries
from .forms import ProgressPostForm

VIEW = "engagements.view_council_pages"
POST = "engagements.post_progress_update"


@login_required
def home(request):
    """The engagements whose council the signed-in person serves on (with a sign-in link in
    force), each with its community, state, the person's role and a link to the plan."""
    return render(
        request,
        "council_portal/home.html",
        {"memberships": queries.council_memberships(request.user)},
    )


def _plan_url(engagement, item_pk=None) -> str:
    url = reverse("council_portal:plan", args=[engagement.pk])
    return f"{url}#item-{item_pk}-progress" if item_pk else url


def _render_plan(request, engagement, *, bound_form=None, bound_item_pk=None, status=200):
    """The plan page of ``engagement`` in the page's language. A council member gets a
    progress form under each item that still exists; ``bound_form`` (with what they typed
    and its errors) replaces the form of item ``bound_item_pk``."""
    page = queries.plan_page(engagement, translation.get_language())
    can_post = request.user.has_perm(POST, engagement)
    if page["document"] is not None:
        for item in page["document"]["items"]:
            if not can_post or item["status_value"] is None:
                item["form"] = None
            elif item["id"] == bound_item_pk:
                item["form"] = bound_form
            else:
                item["form"] = ProgressPostForm(
                    item_pk=item["id"], initial={"status": item["status_value"]}
                )
    membership = (
        CouncilMember.objects.filter(engagement=engagement, user=request.user)
        .order_by("pk")
        .first()
    )
    return render(
        request,
        "council_portal/plan.html",
        {
            "engagement": engagement,
            "membership": membership,
            "can_post": can_post,
            **page,
        },
        status=status,
    )


@engagement_view(VIEW)
def plan(request, engagement):
    """The latest published action plan of ``engagement`` in the page's language, each
    item's state and progress updates (not those staff hid), a form per item to post
    progress, and the council's meetings (minutes once approved). Before the first
    publication: a page that says so, with the meetings."""
    return _render_plan(request, engagement)


@engagement_view(VIEW)
def plan_pdf(request, engagement):
    """The latest published version of the plan as a PDF in the page's language, with the
    items' state and latest progress as of now (the file staff download for that version).
    404 before the first publication."""
    version = queries.latest_version(engagement)
    if version is None:
        raise Http404(_("The action plan has not been published yet."))
    return _version_pdf_response(version, engagement, translation.get_language())


@engagement_view(VIEW)
def progress_create(request, engagement, planitem_pk):
    """POST: a council member's progress update on plan item ``planitem_pk`` of
    ``engagement`` (``services.progress_update_post``); back to the plan with a message, or
    the plan page again with the errors and what was typed. The item must belong to the
    engagement and to its latest published version, and the user must hold
    ``post_progress_update`` on it (404 otherwise; nothing changes). GET goes to the plan."""
    item = get_object_or_404(PlanItem.objects.filter(engagement=engagement), pk=planitem_pk)
    item.engagement = engagement
    check(request, POST, item)
    if request.method != "POST":
        return redirect(_plan_url(engagement, item.pk))
    form = ProgressPostForm(request.POST, item_pk=item.pk)
    if form.is_valid():
        try:
            services.progress_update_post(
                plan_item=item,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                user=request.user,
                token=form.cleaned_data.get("form_token"),
            )
        except AlreadySubmitted as error:
            messages.info(request, error.messages[0])
            return redirect(_plan_url(engagement, item.pk))
        except PermissionDenied:
            raise Http404(_("No engagement found.")) from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you: your progress update is posted with your name.")
            )
            return redirect(_plan_url(engagement, item.pk))
    return _render_plan(request, engagement, bound_form=form, bound_item_pk=item.pk)
