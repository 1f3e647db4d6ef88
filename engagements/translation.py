"""django-modeltranslation registrations for engagements.

Engagement records hold what people typed in the language they spoke (breakout notes are
kept in the group's language, see DOMAIN.md), so they are not translated; the interface
around them is translated with gettext.

The action plan is the exception: the community reads it in its own language, so staff (and
translators they trust, who need the same ``change_actionplan`` permission) give its text in
each of the site's languages. Registering a field adds one column per language
(``title_en``, ``title_fa``, …); the plan's ``original_language`` says which column holds the
text as written. ``engagements.versions`` reads the columns explicitly (the text of a
language, else the original marked as such); the plain attribute (``item.title``) gives the
active language's text, else the first language that has one."""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from .models import ActionPlan, PlanItem

#: Where a text has no translation in the active language, the plain attribute falls back to
#: English, then to any other language that has one (a plan written in Farsi still shows its
#: text in exports and e-mails).
ALL_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@register(ActionPlan)
class ActionPlanTranslationOptions(TranslationOptions):
    fields = ("introduction",)
    fallback_languages = {"default": ALL_LANGUAGES}


@register(PlanItem)
class PlanItemTranslationOptions(TranslationOptions):
    fields = ("title", "actions", "responsible_party", "progress_measure")
    fallback_languages = {"default": ALL_LANGUAGES}


def _add_to_history(model) -> None:
    """Give ``model``'s historical model (django-simple-history, built before
    modeltranslation adds its columns) the same translation columns, so that the history
    keeps every translation and saving a translated record works."""
    historical = model.history.model
    for field in model._meta.fields:
        translated = getattr(field, "translated_field", None)
        if translated is None or field.name in {f.name for f in historical._meta.fields}:
            continue
        column = translated.clone()
        column.null = column.blank = True
        historical.add_to_class(field.name, column)


_add_to_history(ActionPlan)
_add_to_history(PlanItem)
