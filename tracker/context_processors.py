from django.utils.functional import SimpleLazyObject


def _demo_data_present():
    from tracker.models import ParkReport

    return ParkReport.objects.filter(is_demo=True).exists()


def demo_data(request):
    """`demo_data`: true while load_demo's invented reports are in the database.

    Lazy, so the query only runs on pages that show the banner.
    """
    return {"demo_data": SimpleLazyObject(_demo_data_present)}
