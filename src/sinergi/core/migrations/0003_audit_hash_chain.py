"""The audit log becomes a hash chain (core.audit_chain): each event gets `previous_hash` and
`hash`, computed here for the events already stored, in id order (one pass, BATCH at a time).

Also: the time is a default (not auto_now_add: it is hashed before the insert), and the author
keeps their id after their account is deleted (no constraint, nothing done to the log: SET_NULL
would have changed hashed events)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def chain_existing_events(apps, schema_editor):
    from sinergi.core import audit_chain

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [audit_chain.LOCK_KEY])
    audit_chain.seal_after(connection, 0, audit_chain.GENESIS)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0002_drop_redundant_fk_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='previous_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='hash'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='actor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='timestamp',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='time'),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop, elidable=False),
    ]
