"""Pages for running an SPCP engagement, one module per step.

Every view names one permission (``rules.py``) and checks it on one object with the
decorators below: the engagement (``engagement_view``) or a record loaded through its
engagement (``record_view``). Whoever is refused gets a 404, so that an engagement's
existence stays need-to-know (42 U.S.C. 2000g-2(b)); anonymous visitors are sent to sign in.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..forms import add_service_errors
from ..models import Engagement
from ..services.guards import AlreadySubmitted, StaleEdit
from ..steps import STEP_NAV


def load_engagement(engagement_pk, queryset=None) -> Engagement:
    """The engagement ``engagement_pk`` (with office and lead staff), or 404."""
    if queryset is None:
        queryset = Engagement.objects.select_related("office", "lead_staff", "action_plan")
    return get_object_or_404(queryset, pk=engagement_pk)


def check(request, permission: str, obj) -> None:
    """Raise ``Http404`` unless the user holds ``permission`` on ``obj``."""
    if not request.user.has_perm(permission, obj):
        raise Http404(_("No engagement found."))


def engagement_view(permission: str, *, queryset=None):
    """Decorate ``view(request, engagement, **kwargs)`` for URLs with ``<engagement_pk>``:
    sign-in required, then ``permission`` checked on the engagement (404 if refused)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, engagement_pk, **kwargs):
            engagement = load_engagement(engagement_pk, queryset)
            check(request, permission, engagement)
            return view(request, engagement, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def record_view(model, permission: str, *, queryset=None):
    """Decorate ``view(request, engagement, record, **kwargs)`` for URLs with
    ``<engagement_pk>`` and ``<model name>_pk``: the record is looked up among the
    engagement's records only (another engagement's id is a 404), and ``permission`` is
    checked on the record itself."""
    kwarg = f"{model._meta.model_name}_pk"

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, engagement_pk, **kwargs):
            engagement = load_engagement(engagement_pk)
            records = (queryset if queryset is not None else model.objects).filter(
                engagement=engagement
            )
            record = get_object_or_404(records, pk=kwargs.pop(kwarg))
            record.engagement = engagement
            check(request, permission, record)
            return view(request, engagement, record, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def engagement_context(engagement, step: int, **extra) -> dict:
    """The context every engagement page needs: the engagement and the step navigation
    (``templates/engagements/_engagement_base.html``), plus ``extra``."""
    return {"engagement": engagement, "current_step": step, "step_nav": STEP_NAV, **extra}


def save_form(request, form, save, success_message) -> bool:
    """On a POST with a valid ``form``, call ``save()`` (a service call) and report
    ``success_message``; return True when it saved, or when the same form had been saved
    before (``AlreadySubmitted``: nothing saved twice, and the person is told so). A stale
    edit (``StaleEdit``) puts the comparison on the form; any other ``ValidationError`` is put
    back on the form. Either way what the user typed stays and False is returned."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except AlreadySubmitted as error:
        messages.info(request, error.messages[0])
        return True
    except StaleEdit as error:
        form.show_conflict(error)
        return False
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, success_message)
    return True


def render_form(request, engagement, step: int, form, *, title, back: str):
    """The generic one-form page (``record_form.html``), with Cancel going to the URL named
    ``back`` of the engagement."""
    return render(
        request,
        "engagements/record_form.html",
        engagement_context(
            engagement,
            step,
            form=form,
            title=title,
            cancel_url=reverse(back, args=[engagement.pk]),
        ),
    )
