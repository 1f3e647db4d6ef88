import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("engagements", "0006_plan_versions_data")]

    operations = [
        migrations.AlterField(
            model_name="planitem",
            name="plan",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="engagements.actionplan",
                verbose_name="action plan",
            ),
        ),
    ]
