"""One importer per kind of sheet; the shared flow is in importers.base."""
