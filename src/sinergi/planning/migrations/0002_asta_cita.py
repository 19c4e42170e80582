"""Preload the eight Asta Cita missions (RPJMN 2025–2029) as editable seed data."""

from django.db import migrations


def forwards(apps, schema_editor):
    from sinergi.planning.services import seed_asta_cita

    seed_asta_cita(apps.get_model("planning", "PriorityFramework"),
                   apps.get_model("planning", "Priority"))


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
