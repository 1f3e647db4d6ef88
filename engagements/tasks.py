"""Background work, through Django's task framework (the ``django-tasks`` backport).

``settings.TASKS`` runs tasks inline (``ImmediateBackend``) locally and in tests, and in a
worker process (``django_tasks_db.DatabaseBackend``, ``manage.py db_worker``) in production:
see the README, "PDFs rendered ahead"."""

from django.conf import settings
from django_tasks import task

from . import pdf
from .models import ActionPlanVersion


@task()
def render_version_pdfs(version_id: int) -> list[str]:
    """Render the published plan version ``version_id``'s PDF in each of the site's
    languages and keep them in ``default_storage`` (``engagements.pdf.store_version_pdf``),
    so that its download is served from a file. Each PDF shows the items' status and
    progress as of now; the name of a stored PDF says which status it shows, so a later
    progress update makes the next download render again instead of serving it.

    Returns the stored names. Raises ``ActionPlanVersion.DoesNotExist`` for an unknown
    version (a version is never deleted, so only for a wrong id) and WeasyPrint's or the
    storage's errors unchanged."""
    version = ActionPlanVersion.objects.select_related("plan__engagement").get(pk=version_id)
    stamp = pdf.status_stamp(version.plan)
    return [
        pdf.store_version_pdf(version, language, stamp=stamp)
        for language, _name in settings.LANGUAGES
    ]
