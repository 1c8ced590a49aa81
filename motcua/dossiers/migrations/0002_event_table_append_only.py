"""Make the event table append-only on PostgreSQL: the database itself refuses UPDATE and DELETE.

SQLite has no such guard; there ``verify_events`` detects tampering after the fact.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION dossiers_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'dossiers_dossierevent is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dossiers_event_append_only
    BEFORE UPDATE OR DELETE ON dossiers_dossierevent
    FOR EACH ROW EXECUTE FUNCTION dossiers_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS dossiers_event_append_only ON dossiers_dossierevent;
DROP FUNCTION IF EXISTS dossiers_event_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
