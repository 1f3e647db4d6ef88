"""The list of engagements, opening one, its overview, its details and its history."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import queries, services
from ..forms import SearchForm
from ..forms.engagement import EngagementForm
from ..models import Engagement
from ..portals import portal_home
from ..steps import STEP_NAMES, engagement_steps
from . import check, engagement_context, engagement_view, load_engagement, save_form


@login_required
def engagement_list(request):
    """The engagements the user may see, newest first, searchable and paginated. A
    facilitator or council member (no office) goes to their own pages instead
    (``portals.portal_home``)."""
    if not request.user.office_id and (home := portal_home(request.user)):
        return redirect(home)
    search = SearchForm(request.GET)
    query = search.query()
    engagements = (
        Engagement.objects.for_user(request.user)
        .search(query)
        .select_related("office", "lead_staff", "action_plan")
    )
    page = Paginator(engagements, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/engagement_list.html",
        {
            "page_obj": page,
            "query": query,
            "search": search,
            "can_add": request.user.has_perm("engagements.add_engagement"),
        },
    )


@login_required
def engagement_create(request):
    """Open an engagement (``add_engagement``: CRS staff)."""
    if not request.user.has_perm("engagements.add_engagement"):
        raise Http404(_("Only CRS staff can open engagements."))
    form = EngagementForm(request.POST or None, user=request.user)

    def save():
        services.engagement_create(
            engagement=form.instance, user=request.user, **form.guard_kwargs()
        )

    opened = _("Engagement opened. Start with step 1: the planning group.")
    if save_form(request, form, save, opened):
        if form.instance.pk:
            return redirect(form.instance)
        return redirect("engagements:engagement_list")
    return render(request, "engagements/engagement_form.html", {"form": form})


@engagement_view("engagements.change_engagement")
def engagement_update(request, engagement):
    form = EngagementForm(request.POST or None, instance=engagement, user=request.user)
    save = lambda: services.engagement_update(  # noqa: E731
        engagement=form.instance, user=request.user, **form.guard_kwargs()
    )
    if save_form(request, form, save, _("Engagement saved.")):
        return redirect(engagement)
    return render(
        request,
        "engagements/engagement_form.html",
        engagement_context(engagement, 0, form=form),
    )


@login_required
def engagement_detail(request, engagement_pk):
    """The overview: the five steps, what each holds, which are complete, what is next."""
    engagement = load_engagement(engagement_pk, Engagement.objects.with_step_counts())
    check(request, "engagements.view_engagement", engagement)
    steps = engagement_steps(engagement)
    return render(
        request,
        "engagements/engagement_detail.html",
        engagement_context(
            engagement,
            0,
            steps=steps,
            next_step=next((step for step in steps if not step.complete), None),
        ),
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@engagement_view("engagements.view_auditentry")
def engagement_history(request, engagement):
    """Every change to the engagement, newest first: who, when and what, as whole sentences;
    filterable by step and by person, paginated."""
    step = _int_or_none(request.GET.get("step"))
    step = step if step in STEP_NAMES or step == 0 else None
    actors = list(queries.history_actors(engagement))
    actor_id = _int_or_none(request.GET.get("who"))
    actor_id = actor_id if actor_id in {a.pk for a in actors} else None
    page = queries.history_page(
        engagement, step=step, actor_id=actor_id, page=request.GET.get("page")
    )
    return render(
        request,
        "engagements/engagement_history.html",
        engagement_context(
            engagement,
            0,
            page_obj=page,
            actors=actors,
            filter_step=step,
            actor_id=actor_id,
            step_names=STEP_NAMES,
        ),
    )
