"""Existing plans: their text becomes the text of their original language (English), their
items are put on the plan, progress says the version it was made against, and every plan
published now gets its version record, frozen from the current data.

django-modeltranslation adds empty columns (``title_en``, …) and leaves the text in the
original column (its ``update_translation_fields`` command would copy it); here it is copied
into the column of the plan's original language ("en" for every existing plan)."""

from django.db import migrations

PLAN_FIELDS = ("introduction",)
ITEM_FIELDS = ("title", "actions", "responsible_party", "progress_measure")


def forwards(apps, schema_editor):
    from engagements.versions import plan_snapshot

    ActionPlan = apps.get_model("engagements", "ActionPlan")
    ActionPlanVersion = apps.get_model("engagements", "ActionPlanVersion")
    PlanItem = apps.get_model("engagements", "PlanItem")
    ProgressUpdate = apps.get_model("engagements", "ProgressUpdate")
    for plan in ActionPlan.objects.select_related("engagement__office", "published_by"):
        language = plan.original_language.replace("-", "_")
        for name in PLAN_FIELDS:
            setattr(plan, f"{name}_{language}", getattr(plan, name))
        plan.save(update_fields=[f"{name}_{language}" for name in PLAN_FIELDS])
        items = PlanItem.objects.filter(engagement_id=plan.engagement_id)
        for item in items:
            item.plan_id = plan.pk
            for name in ITEM_FIELDS:
                setattr(item, f"{name}_{language}", getattr(item, name))
            item.save(update_fields=["plan", *[f"{name}_{language}" for name in ITEM_FIELDS]])
        if plan.version:
            ProgressUpdate.objects.filter(engagement_id=plan.engagement_id).update(
                plan_version=plan.version
            )
        if plan.status == "published" and plan.published_at:
            ordered = items.order_by("order", "pk").prefetch_related(
                "issue_links__issue__group",
                "issue_links__issue__merged_issues__group",
                "solution_links__solution__group",
            )
            ActionPlanVersion.objects.create(
                plan=plan,
                number=plan.version,
                published_at=plan.published_at,
                published_by=plan.published_by,
                note="",
                snapshot=plan_snapshot(plan, ordered, published_by=plan.published_by),
            )


class Migration(migrations.Migration):
    dependencies = [("engagements", "0005_plan_versions_and_translations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
