from django.core.cache import cache
from django.utils.functional import SimpleLazyObject


def _demo_data_present(request):
    from tracker.models import ParkReport

    version = getattr(request, "_data_version", None)
    if version is None:
        return ParkReport.objects.filter(is_demo=True).exists()
    # A cached dashboard page has read the data version already (tracker/versions.py), and
    # the answer only changes with a write: keep it under that version.
    key = f"demo-data:{version}"
    present = cache.get(key)
    if present is None:
        present = ParkReport.objects.filter(is_demo=True).exists()
        cache.set(key, present, 86400)
    return present


def demo_data(request):
    """`demo_data`: true while load_demo's invented reports are in the database.

    Lazy, so the lookup only runs on pages that show the banner.
    """
    return {"demo_data": SimpleLazyObject(lambda: _demo_data_present(request))}
