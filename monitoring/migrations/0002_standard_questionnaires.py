from django.db import migrations


def load(apps, schema_editor):
    from monitoring.reference import load_standard_questionnaires

    names = ("Questionnaire", "Section", "Question", "Option")
    load_standard_questionnaires({name: apps.get_model("monitoring", name) for name in names})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
