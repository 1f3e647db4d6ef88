"""Generated names are written at display time, in the reader's language (issue 8).

Afternoon groups proposed by the app used to be saved with a name in the language of whoever
saved them ("گروه بعدازظهر 1" for everyone, once a Farsi reader saved). They now keep only
their number: an afternoon group whose name is exactly such a generated name, in any of the
six languages, becomes numbered with an empty name; a name staff typed themselves is kept.
History entries about those groups, and about meetings and training sessions (whose labels
carry a date written in the writer's language), get the spec of their label
(``AuditEntry.object_label``) so that the history writes it in the reader's language."""

import re

from django.conf import settings
from django.db import migrations, models

#: The generated names as they were saved before this migration, per interface language
#: (the catalogues' "Afternoon group %(number)d" at the time).
OLD_AFTERNOON_NAMES = [
    "Afternoon group %(number)d",
    "Nhóm buổi chiều %(number)d",
    "گروه بعدازظهر %(number)d",
    "下午第%(number)d組",
    "오후 그룹 %(number)d",
    "दोपहर का समूह %(number)d",
]
OLD_NAME_RES = [
    re.compile("^" + re.escape(p).replace(re.escape("%(number)d"), r"(\d+)") + "$")
    for p in OLD_AFTERNOON_NAMES
]


def generated_number(name: str) -> int | None:
    """The number in ``name`` if it is a generated afternoon group name, else None."""
    for pattern in OLD_NAME_RES:
        match = pattern.match(name.strip())
        if match:
            return int(match.group(1))
    return None


DATED_LABELS = {
    "planningmeeting": "planning_meeting",
    "councilmeeting": "council_meeting",
    "trainingsession": "training_session",
}


def forwards(apps, schema_editor):
    BreakoutGroup = apps.get_model("engagements", "BreakoutGroup")
    AuditEntry = apps.get_model("engagements", "AuditEntry")
    taken = set(
        BreakoutGroup.objects.filter(number__isnull=False).values_list(
            "engagement_id", "round", "number"
        )
    )
    for group in BreakoutGroup.objects.filter(round="heterogeneous", number__isnull=True):
        number = generated_number(group.name)
        key = (group.engagement_id, group.round, number)
        if number is None or number < 1 or key in taken:
            continue  # a name someone typed, or a number already given: keep the name
        taken.add(key)
        group.number, group.name = number, ""
        group.save(update_fields=["number", "name"])
    for entry in AuditEntry.objects.filter(model="breakoutgroup").exclude(object_repr=""):
        number = generated_number(entry.object_repr)
        if number is not None:
            entry.object_label = {"kind": "afternoon_group", "number": number}
            entry.save(update_fields=["object_label"])
    for model_name, kind in DATED_LABELS.items():
        model = apps.get_model("engagements", model_name)
        entries = AuditEntry.objects.filter(model=model_name, object_id__isnull=False)
        rows = model.objects.in_bulk({e.object_id for e in entries})
        for entry in entries:
            row = rows.get(entry.object_id)
            if row is None or row.held_on is None:
                continue  # deleted since: its label stays as it was written
            label = {"kind": kind, "date": row.held_on.isoformat()}
            if kind == "training_session":
                label["place"] = row.place
            entry.object_label = label
            entry.save(update_fields=["object_label"])


def backwards(apps, schema_editor):
    BreakoutGroup = apps.get_model("engagements", "BreakoutGroup")
    for group in BreakoutGroup.objects.filter(number__isnull=False, name=""):
        group.name = f"Afternoon group {group.number}"
        group.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ('engagements', '0003_form_submissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='breakoutgroup',
            options={'ordering': ['round', 'number', 'name'], 'verbose_name': 'breakout group', 'verbose_name_plural': 'breakout groups'},
        ),
        migrations.RemoveConstraint(
            model_name='breakoutgroup',
            name='unique_breakout_group_name',
        ),
        migrations.AddField(
            model_name='auditentry',
            name='object_label',
            field=models.JSONField(blank=True, default=dict, help_text='For a record whose label the app generates (“Afternoon group 3”): what the label is made of, so that it is written in each reader’s language.', verbose_name='generated label'),
        ),
        migrations.AddField(
            model_name='breakoutgroup',
            name='number',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, help_text='The number of an afternoon group the app proposed.', null=True, verbose_name='number'),
        ),
        migrations.AddField(
            model_name='historicalbreakoutgroup',
            name='number',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, help_text='The number of an afternoon group the app proposed.', null=True, verbose_name='number'),
        ),
        migrations.AlterField(
            model_name='breakoutgroup',
            name='name',
            field=models.CharField(blank=True, help_text='A numbered afternoon group may keep an empty name: it is then called “Afternoon group” and its number, in each reader’s language.', max_length=120, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='historicalbreakoutgroup',
            name='name',
            field=models.CharField(blank=True, help_text='A numbered afternoon group may keep an empty name: it is then called “Afternoon group” and its number, in each reader’s language.', max_length=120, verbose_name='name'),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddConstraint(
            model_name='breakoutgroup',
            constraint=models.UniqueConstraint(condition=models.Q(('name', ''), _negated=True), fields=('engagement', 'round', 'name'), name='unique_breakout_group_name', violation_error_message='A breakout group with this name already exists in this round.'),
        ),
        migrations.AddConstraint(
            model_name='breakoutgroup',
            constraint=models.UniqueConstraint(condition=models.Q(('number__isnull', False)), fields=('engagement', 'round', 'number'), name='unique_breakout_group_number', violation_error_message='A breakout group with this number already exists in this round.'),
        ),
        migrations.AddConstraint(
            model_name='breakoutgroup',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('name', ''), _negated=True), models.Q(('number__isnull', False), ('round', 'heterogeneous')), _connector='OR'), name='breakout_group_has_a_name', violation_error_message='Give the group a name.'),
        ),
    ]
