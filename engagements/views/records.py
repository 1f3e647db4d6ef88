"""Add, edit, delete and reorder one record of an engagement: three generic class views,
configured per model in the step modules (``planitem_update = RecordFormView.as_view(...)``).
Each checks the one ``permission`` it is given, on the engagement when adding and on the
record otherwise, and writes only through ``services.records``."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from spcp.text import join_sentences

from .. import services
from . import check, engagement_context, load_engagement, save_form

#: The titles of the add, edit and delete pages of each kind of record: whole phrases, so
#: that each language can inflect the record's name as its verb needs.
RECORD_TITLES = {
    "stakeholdergroup": (
        gettext_lazy("Add a stakeholder group"),
        gettext_lazy("Edit the stakeholder group"),
        gettext_lazy("Delete the stakeholder group"),
    ),
    "planninggroupmember": (
        gettext_lazy("Add a planning group member"),
        gettext_lazy("Edit the planning group member"),
        gettext_lazy("Delete the planning group member"),
    ),
    "planningmeeting": (
        gettext_lazy("Add a planning meeting"),
        gettext_lazy("Edit the planning meeting"),
        gettext_lazy("Delete the planning meeting"),
    ),
    "logisticstask": (
        gettext_lazy("Add a logistics task"),
        gettext_lazy("Edit the logistics task"),
        gettext_lazy("Delete the logistics task"),
    ),
    "facilitator": (
        gettext_lazy("Add a facilitator"),
        gettext_lazy("Edit the facilitator"),
        gettext_lazy("Delete the facilitator"),
    ),
    "trainingsession": (
        gettext_lazy("Add a training session"),
        gettext_lazy("Edit the training session"),
        gettext_lazy("Delete the training session"),
    ),
    "participant": (
        gettext_lazy("Add a participant"),
        gettext_lazy("Edit the participant"),
        gettext_lazy("Delete the participant"),
    ),
    "breakoutgroup": (
        gettext_lazy("Add a breakout group"),
        gettext_lazy("Edit the breakout group"),
        gettext_lazy("Delete the breakout group"),
    ),
    "strength": (
        gettext_lazy("Add a strength"),
        gettext_lazy("Edit the strength"),
        gettext_lazy("Delete the strength"),
    ),
    "issue": (
        gettext_lazy("Add an issue"),
        gettext_lazy("Edit the issue"),
        gettext_lazy("Delete the issue"),
    ),
    "solution": (
        gettext_lazy("Add a solution"),
        gettext_lazy("Edit the solution"),
        gettext_lazy("Delete the solution"),
    ),
    "planitem": (
        gettext_lazy("Add a plan item"),
        gettext_lazy("Edit the plan item"),
        gettext_lazy("Delete the plan item"),
    ),
    "councilmember": (
        gettext_lazy("Add a council member"),
        gettext_lazy("Edit the council member"),
        gettext_lazy("Delete the council member"),
    ),
    "councilmeeting": (
        gettext_lazy("Add a council meeting"),
        gettext_lazy("Edit the council meeting"),
        gettext_lazy("Delete the council meeting"),
    ),
    "progressupdate": (
        gettext_lazy("Add a progress update"),
        gettext_lazy("Edit the progress update"),
        gettext_lazy("Delete the progress update"),
    ),
}


def record_title(model, verb: str) -> str:
    """The title of the ``verb`` ("add", "edit" or "delete") page of ``model``'s records, in
    the active language (``RECORD_TITLES``). A model without titles gets its verbose name
    (never a verb glued to it). Raises ``ValueError`` for another verb."""
    index = ("add", "edit", "delete").index(verb)
    titles = RECORD_TITLES.get(model._meta.model_name)
    return str(titles[index]) if titles else str(model._meta.verbose_name).capitalize()


class RecordView(View):
    """Loads the engagement (and the record named by ``<model name>_pk``, among the
    engagement's records only) and checks ``permission``; anyone refused gets a 404."""

    model = None
    permission = ""
    step = 0
    return_to = ""  # URL name of the step page to go back to
    http_method_names = ["get", "post"]

    def dispatch(self, request, engagement_pk, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.engagement = load_engagement(engagement_pk)
        record_pk = kwargs.get(f"{self.model._meta.model_name}_pk")
        self.record = None
        if record_pk is not None:
            self.record = get_object_or_404(
                self.model.objects.filter(engagement=self.engagement), pk=record_pk
            )
            self.record.engagement = self.engagement
        check(request, self.permission, self.record or self.engagement)
        return super().dispatch(request)

    def return_url(self) -> str:
        """A safe ``next`` address from the request (a path on this site), or the step's
        page."""
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if (
            target
            and target.startswith("/")
            and url_has_allowed_host_and_scheme(
                target, {self.request.get_host()}, self.request.is_secure()
            )
        ):
            return target
        return reverse(self.return_to, args=[self.engagement.pk])


class RecordFormView(RecordView):
    """Add a record (no record id in the URL) or edit one, with ``form_class``."""

    form_class = None
    template_name = "engagements/record_form.html"

    def get(self, request):
        if locked := self.locked():
            return locked
        return self.render(self.form_class(instance=self.instance(), engagement=self.engagement))

    def post(self, request):
        if locked := self.locked():
            return locked
        form = self.form_class(request.POST, instance=self.instance(), engagement=self.engagement)
        service = services.record_update if self.record else services.record_create

        def save():
            service(
                record=form.instance, user=request.user, links=form.links(), **form.guard_kwargs()
            )

        if save_form(request, form, save, _("Saved.")):
            return redirect(self.return_url())
        return self.render(form)

    def instance(self):
        return self.record or self.model(engagement=self.engagement)

    def locked(self):
        """A redirect to the step's page with the reason, when the record (or, for a new
        one, its kind, e.g. items of a published plan) is locked; else ``None``."""
        reason = self.instance().locked_reason()
        if not reason:
            return None
        messages.error(self.request, reason)
        return redirect(self.return_url())

    def render(self, form):
        title = record_title(self.model, "edit" if self.record else "add")
        return render(
            self.request,
            self.template_name,
            engagement_context(
                self.engagement,
                self.step,
                form=form,
                title=title,
                cancel_url=self.return_url(),
                next=self.request.GET.get("next", ""),
            ),
        )


class RecordDeleteView(RecordView):
    """Ask for confirmation, then delete the record; a refusal (locked, still in use) is
    reported on the step's page and nothing is deleted."""

    template_name = "engagements/record_confirm_delete.html"

    def get(self, request):
        title = record_title(self.model, "delete")
        return render(
            request,
            self.template_name,
            engagement_context(
                self.engagement,
                self.step,
                object=self.record,
                title=title,
                cancel_url=self.return_url(),
                next=request.GET.get("next", ""),
            ),
        )

    def post(self, request):
        try:
            services.record_delete(record=self.record, user=request.user)
        except ValidationError as error:
            messages.error(request, join_sentences(error.messages))
        else:
            messages.success(request, _("Deleted."))
        return redirect(self.return_url())


class RecordMoveView(RecordView):
    """Move the record one place up (``direction=up``) or down in its list (POST only)."""

    http_method_names = ["post"]

    def post(self, request):
        offset = -1 if request.POST.get("direction") == "up" else 1
        try:
            services.record_move(record=self.record, user=request.user, offset=offset)
        except ValidationError as error:
            messages.error(request, join_sentences(error.messages))
        return redirect(self.return_url())
