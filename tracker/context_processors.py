from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from tracker.versions import for_request as data_version


def _demo_data_present(request):
    from tracker.models import ParkReport

    # The answer only changes with a write; pages read the data version anyway.
    key = f"demo-data:{data_version(request)}"
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
