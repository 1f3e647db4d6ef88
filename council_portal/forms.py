"""The council members' one form: progress on a plan item."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from engagements.forms import set_text_direction
from engagements.models import PlanItem


class ProgressPostForm(forms.Form):
    """A council member's progress update on one plan item: the item's state now and what
    happened. Each item of the plan page has its own form; ``item_pk`` makes its field ids
    unique on the page (the field names stay ``status``, ``note`` and ``form_token``). The
    hidden one-time ``form_token`` makes a second submission of the same form save nothing
    (``engagements.services.progress_update_post``)."""

    status = forms.ChoiceField(label=_("State of the item now"), choices=PlanItem.Status.choices)
    note = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_(
            "For example what was done, who took part, what is next. Your name and today’s "
            "date are shown with it to the council and to CRS staff."
        ),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, item_pk: int, **kwargs):
        kwargs.setdefault("auto_id", f"item-{item_pk}-%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", uuid.uuid4())
        set_text_direction(self)
