"""The action plan as a PDF: the template ``engagements/pdf/action_plan.html`` rendered with
``render_to_string`` and handed to WeasyPrint.

Fonts: the Noto families installed by ``scripts/system-deps.sh`` (Noto Sans for Latin and
Vietnamese, Noto Naskh Arabic for Farsi, Noto Sans Devanagari for Hindi, Noto Sans CJK for
Traditional Chinese and Korean), found by fontconfig."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML


def action_plan_pdf(*, plan, items, request=None, language: str | None = None) -> bytes:
    """Render ``plan`` (an ``ActionPlan``) with its ``items`` (``PlanItem`` iterable, with
    issues, solutions and progress updates prefetched) to PDF bytes.

    ``language`` is a code from ``settings.LANGUAGES``; by default the active language.
    Right-to-left languages (Farsi) are laid out right to left. Raises WeasyPrint's errors
    unchanged (none are expected for this template)."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        html = render_to_string(
            "engagements/pdf/action_plan.html",
            {
                "plan": plan,
                "engagement": plan.engagement,
                "items": items,
                "generated_at": timezone.localtime(),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()
