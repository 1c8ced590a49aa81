"""Fill the daily figures from the dossiers already recorded (instant on a fresh database, which has none), and give
the monitoring's counts of open dossiers their index and statistics.

The SQL is spelled out here rather than imported from ``services.daily_figures``, so that this migration keeps
working when the service changes later; it is that service's ``rebuild_sql`` as of this migration (decision 012).
"""

# ruff: noqa: S608 - only fixed table, column and choice names are interpolated.
from django.conf import settings
from django.db import migrations, models

COUNTS = (
    "received_counter",
    "received_online",
    "received_postal",
    "received_online_person",
    "returned_early",
    "returned_on_time",
    "returned_late",
    "returned_timely_resupplied",
    "returned_late_unapologised",
    "returned_electronic",
    "stopped",
    "withdrawn",
)


def _case(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _select(day: str, columns: dict[str, str], tail: str) -> str:
    selected = ", ".join(f"{columns.get(column, '0')} AS {column}" for column in COUNTS)
    return f"SELECT {day} AS day, d.resolving_unit_id, d.procedure_version_id, {selected} {tail} GROUP BY 1, 2, 3"


def fill(apps, schema_editor):
    connection = schema_editor.connection
    params = []
    days = {}
    for column in ("d.received_at", "d.returned_at", "d.finished_at"):
        days[column], column_params = connection.ops.datetime_cast_date_sql(column, (), settings.TIME_ZONE)
        params.extend(column_params)
    received = _select(
        days["d.received_at"],
        {
            "received_counter": _case("d.channel = 'counter'"),
            "received_online": _case("d.channel = 'online'"),
            "received_postal": _case("d.channel = 'postal'"),
            "received_online_person": _case("d.channel = 'online' AND a.kind = 'person'"),
        },
        "FROM dossiers_dossier d JOIN dossiers_applicant a ON a.id = d.applicant_id",
    )
    returned = _select(
        days["d.returned_at"],
        {
            "returned_early": _case("d.judgement = 'early'"),
            "returned_on_time": _case("d.judgement = 'on_time'"),
            "returned_late": _case("d.judgement = 'late'"),
            "returned_timely_resupplied": _case("d.judgement <> 'late' AND d.supplement_count > 1"),
            "returned_late_unapologised": _case("d.judgement = 'late' AND l.dossier_id IS NULL"),
            "returned_electronic": _case("e.dossier_id IS NOT NULL"),
        },
        "FROM dossiers_dossier d "
        "LEFT JOIN (SELECT DISTINCT dossier_id FROM dossiers_appointmentchange WHERE state = 'approved') l "
        "ON l.dossier_id = d.id "
        "LEFT JOIN (SELECT DISTINCT dossier_id FROM dossiers_result WHERE file <> '') e ON e.dossier_id = d.id "
        "WHERE d.status = 'returned'",
    )
    ended = _select(
        days["d.finished_at"],
        {"stopped": _case("d.status = 'stopped'"), "withdrawn": _case("d.status = 'withdrawn'")},
        "FROM dossiers_dossier d WHERE d.status IN ('stopped', 'withdrawn')",
    )
    sums = ", ".join(f"SUM({column})" for column in COUNTS)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM dossiers_dailyfigures")
        cursor.execute(
            f"INSERT INTO dossiers_dailyfigures (day, resolving_unit_id, procedure_version_id, {', '.join(COUNTS)}) "
            f"SELECT day, resolving_unit_id, procedure_version_id, {sums} "
            f"FROM ({received} UNION ALL {returned} UNION ALL {ended}) parts GROUP BY 1, 2, 3",
            params,
        )


# PostgreSQL takes "not digitised" and "no exemption" as independent and expects ~10 % of papers to be neither scanned
# nor exempted (the check constraint makes that rare); with that estimate the 766 digitisation count hash-joined a
# year of dossiers. Statistics on the pair of columns give it the real share.
STATISTICS = "component_digitisation_stats"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv) ON digitised, digitisation_exemption "
            "FROM dossiers_dossiercomponent"
        )
        schema_editor.execute("ANALYZE dossiers_dossiercomponent")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0007_daily_figures")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="clockpause",
            index=models.Index(fields=["ended_at"], name="clock_pause_ended_idx"),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
