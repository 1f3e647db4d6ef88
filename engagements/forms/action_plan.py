"""Step 4: the action plan's introduction, its items and their translations."""

from django import forms
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .. import versions
from ..models import ActionPlan, Issue, PlanItem, Solution
from . import EngagementRecordForm, SubmissionGuardMixin, set_text_direction


class OriginalLanguageMixin:
    """For a model form of the plan's text: its translated fields (``translated_fields``,
    registered with django-modeltranslation) show and save the text of the plan's original
    language (``title_en`` for a plan written in English), whatever the page's language; the
    other languages are given on the "Translate the plan" page."""

    translated_fields: tuple[str, ...] = ()

    def original_language(self) -> str:
        return self.instance.engagement.action_plan.original_language

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.original_language()
        for name in self.translated_fields:
            if name not in self.fields:
                continue
            if not self.is_bound:
                self.initial[name] = (
                    getattr(self.instance, versions._column(name, language), "") or ""
                )
            self.fields[name].widget.attrs["lang"] = language

    def _post_clean(self):
        language = self.original_language()
        for name in self.translated_fields:
            if name in self.cleaned_data:
                setattr(self.instance, versions._column(name, language), self.cleaned_data[name])
        # The form's own assignment of ``title`` must not write the page language's column.
        self.instance._mt_disable = True
        try:
            super()._post_clean()
        finally:
            del self.instance._mt_disable


class ActionPlanForm(OriginalLanguageMixin, SubmissionGuardMixin, forms.ModelForm):
    """The plan's introduction, in the plan's original language, and that language."""

    translated_fields = versions.PLAN_FIELDS

    class Meta:
        model = ActionPlan
        fields = ["original_language", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}

    def original_language(self) -> str:
        if self.is_bound and hasattr(self, "cleaned_data"):
            chosen = self.cleaned_data.get("original_language")
            if chosen:
                return chosen
        return self.instance.original_language


class PlanItemForm(OriginalLanguageMixin, EngagementRecordForm):
    """A plan item, linked to the priority issues it answers and the breakout solutions it
    builds on, in the plan's original language. Its place in the plan is set with the up and
    down buttons."""

    translated_fields = versions.ITEM_FIELDS

    class Meta:
        model = PlanItem
        fields = [
            "title",
            "issues",
            "solutions",
            "actions",
            "responsible_party",
            "target_date",
            "progress_measure",
        ]
        widgets = {
            "issues": forms.CheckboxSelectMultiple,
            "solutions": forms.CheckboxSelectMultiple,
        }

    def original_language(self) -> str:
        return self.engagement.action_plan.original_language

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = Issue.objects.filter(
            engagement=self.engagement, is_priority=True, merged_into__isnull=True
        )
        self.fields["solutions"].queryset = Solution.objects.filter(
            engagement=self.engagement
        ).select_related("group")


class PlanTranslationForm(forms.Form):
    """Every text of the plan (introduction, then each item's title, actions, responsible
    party and measure) in one ``language``, each field beside the original text for
    reference (``rows()``). Fields are named ``plan-<pk>-<field>`` and
    ``item-<pk>-<field>``; ``texts()`` gives them in the shape
    ``services.action_plan_translate`` takes."""

    LABELS = {
        "introduction": _("Introduction"),
        "title": _("Title"),
        "actions": _("Actions"),
        "responsible_party": _("Responsible party"),
        "progress_measure": _("How progress is measured"),
    }

    def __init__(self, *args, plan, items, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.language = plan, language
        self.original = plan.original_language
        self.bidi = translation.get_language_info(language)["bidi"]
        self.keys = {}
        self.groups = []
        self._add_group(None, plan, "plan", versions.PLAN_FIELDS)
        for number, item in enumerate(items, start=1):
            self._add_group(number, item, "item", versions.ITEM_FIELDS)
        set_text_direction(self)

    def _add_group(self, number, record, kind, names):
        rows = []
        for name in names:
            original = getattr(record, versions._column(name, self.original), "") or ""
            if not original and name != "introduction":
                continue
            model_field = type(record)._meta.get_field(name)
            key = f"{kind}-{record.pk}-{name}"
            multiline = isinstance(model_field, models.TextField)
            widget = forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput()
            widget.attrs.update(
                {
                    "class": "form-control",
                    "lang": self.language,
                    "dir": "rtl" if self.bidi else "ltr",
                }
            )
            self.fields[key] = forms.CharField(
                label=self.LABELS[name],
                required=False,
                max_length=model_field.max_length,
                widget=widget,
                initial=getattr(record, versions._column(name, self.language), "") or "",
            )
            self.keys[key] = (kind, record.pk, name)
            rows.append({"key": key, "original": original})
        if rows:
            self.groups.append({"number": number, "record": record, "rows": rows})

    def rows(self):
        """The groups of fields (the introduction, then each item: ``number``, ``record``)
        with, per field, the bound field and the original text."""
        for group in self.groups:
            yield {
                **group,
                "rows": [
                    {"field": self[row["key"]], "original": row["original"]}
                    for row in group["rows"]
                ],
            }

    def texts(self) -> dict:
        """``{(kind, pk, field): text}`` of every field (after ``is_valid()``)."""
        return {key: self.cleaned_data.get(name, "") for name, key in self.keys.items()}


class PublishForm(forms.Form):
    """The note on what changed, asked for at publication (optional for the first
    version)."""

    note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Readers of the plan see this note in the list of versions."),
    )
