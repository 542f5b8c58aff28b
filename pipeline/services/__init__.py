"""Services beside the build: ingest, the spreadsheet import, fixity, the job worker, the preview server."""
