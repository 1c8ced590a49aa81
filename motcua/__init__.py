"""motcua: the one-stop (một cửa) information system for administrative-procedure dossiers."""
