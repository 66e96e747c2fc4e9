"""django-import-export temp storage kept in the database (several app servers, one DB)."""

from import_export.tmp_storages import BaseStorage

from spreadsheets.models import ImportSession


class DatabaseStorage(BaseStorage):
    """Stores the upload as an ImportSession; `name` is the session token."""

    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        if self.name:
            ImportSession.objects.with_token(self.name).update(data=data)
            return
        session = ImportSession.objects.create(data=data)
        self.name = str(session.token)

    def read(self):
        session = ImportSession.objects.with_token(self.name).first()
        if session is None:
            return None
        data = bytes(session.data)
        if "b" in (self.read_mode or ""):
            return data
        return data.decode(self.encoding or "utf-8")

    def remove(self):
        ImportSession.objects.with_token(self.name).delete()
