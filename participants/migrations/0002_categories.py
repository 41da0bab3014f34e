from django.db import migrations

from participants.reference_data import load_categories


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(load_categories, migrations.RunPython.noop)]
