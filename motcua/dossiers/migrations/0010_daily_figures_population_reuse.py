"""The Decision 766 population-data indicator counts every channel: the daily figures count dossiers received from a
person (any channel, instead of online only) and those with a verified population-database look-up on record (the
desk's, linked to the dossier, or its online submission's). Both reception columns are refilled from the dossiers.

The SQL is spelled out here rather than imported from ``services.daily_figures``, so that this migration keeps
working when the service changes later; it is that service's ``rebuild_sql`` for the reception columns as of this
migration (decision 012). Only the reception columns are rewritten: the other columns keep their values.
"""

# ruff: noqa: S608 - only fixed table, column and choice names are interpolated.
from django.conf import settings
from django.db import migrations, models

REUSED = (
    "SELECT dossier_id FROM portal_datareuse "
    "WHERE dossier_id IS NOT NULL AND source = 'population' AND outcome = 'verified' UNION "
    "SELECT s.dossier_id FROM portal_datareuse r JOIN portal_onlinesubmission s ON s.id = r.submission_id "
    "WHERE s.dossier_id IS NOT NULL AND r.source = 'population' AND r.outcome = 'verified'"
)


def fill(apps, schema_editor):
    connection = schema_editor.connection
    day, params = connection.ops.datetime_cast_date_sql("d.received_at", (), settings.TIME_ZONE)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE dossiers_dailyfigures SET received_person = 0, received_population_reused = 0")
        cursor.execute(
            f"SELECT {day} AS day, d.resolving_unit_id, d.procedure_version_id, "
            "SUM(CASE WHEN a.kind = 'person' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN a.kind = 'person' AND u.dossier_id IS NOT NULL THEN 1 ELSE 0 END) "
            "FROM dossiers_dossier d JOIN dossiers_applicant a ON a.id = d.applicant_id "
            f"LEFT JOIN ({REUSED}) u ON u.dossier_id = d.id GROUP BY 1, 2, 3",
            params,
        )
        rows = cursor.fetchall()
        # Every day with a reception already has its cell (the reception columns put it there).
        cursor.executemany(
            "UPDATE dossiers_dailyfigures SET received_person = %s, received_population_reused = %s "
            "WHERE day = %s AND resolving_unit_id = %s AND procedure_version_id = %s",
            [
                (person, reused, connection.ops.adapt_datefield_value(day), unit, version)
                for day, unit, version, person, reused in rows
            ],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_waiting_payment"),
        ("portal", "0002_desk_population_lookups"),
    ]

    operations = [
        migrations.RenameField(
            model_name="dailyfigures", old_name="received_online_person", new_name="received_person"
        ),
        migrations.AlterField(
            model_name="dailyfigures",
            name="received_person",
            field=models.IntegerField(default=0, verbose_name="tiếp nhận của cá nhân"),
        ),
        migrations.AddField(
            model_name="dailyfigures",
            name="received_population_reused",
            field=models.IntegerField(
                default=0, verbose_name="tiếp nhận của cá nhân có khai thác Cơ sở dữ liệu quốc gia về dân cư"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
