"""Policy pages: the list of policies, one policy's overview and its final assessment."""

from collections import Counter

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

import audit
from dashboards import evaluation as ev
from dashboards.assessment import Assessment
from dashboards.assessment_files import assessment_docx, assessment_xlsx
from dashboards.labels import OUTCOME_LABELS
from dashboards.pagecache import cached_page
from dashboards.standings import Standings
from dashboards.views import dashboard_view, include_submitted, policy_overview_page
from tracker.models import Policy

ASSESSMENT_FORMATS = {"docx": assessment_docx, "xlsx": assessment_xlsx}
# Columns of the policy list, in the order the outcome is read.
LIST_KINDS = (ev.ON_TIME, ev.LATE, ev.MISSED, ev.OPEN, ev.NO_DATA, ev.NOT_QUANTIFIED)


def published_policy(code):
    return get_object_or_404(Policy.objects.published(), code=code)


@dashboard_view
@cached_page("dashboards/policy_list.html")
def policy_list(request):
    """Every published policy with its milestones and its targets counted by outcome; one
    Progress for all of them, so the queries do not grow with the number of policies."""
    policies = list(Policy.objects.published().with_in_force_flag().prefetch_related("targets"))
    progress = Standings.load(
        request.user, policy=policies, include_submitted=include_submitted(request)
    )
    counts = {policy.pk: Counter() for policy in policies}
    for result in progress.target_results():
        counts[result.target.policy_id][result.outcome.kind] += 1
    rows = [
        (policy, [counts[policy.pk][kind] for kind in LIST_KINDS], sum(counts[policy.pk].values()))
        for policy in policies
    ]
    return render(
        request,
        "dashboards/policy_list.html",
        {
            "rows": rows,
            "kinds": [OUTCOME_LABELS[kind] for kind in LIST_KINDS],
            "progress": progress,
        },
    )


@dashboard_view
@cached_page("dashboards/overview.html")
def policy_overview(request, code):
    return policy_overview_page(request, published_policy(code))


@dashboard_view
@cached_page("dashboards/assessment.html", downloads=("format",))
def policy_assessment(request, code):
    policy = published_policy(code)
    export = request.GET.get("format")
    if export is not None and export not in ASSESSMENT_FORMATS:
        raise Http404(_("There is no such download format for the assessment."))
    assessment = Assessment(request.user, policy, include_submitted=include_submitted(request))
    if export is not None:
        response = ASSESSMENT_FORMATS[export](assessment)
        audit.record(audit.Event.DOWNLOAD, policy, detail={"file": "assessment", "format": export})
        return response
    return render(
        request,
        "dashboards/assessment.html",
        {"assessment": assessment, "policy": policy, "progress": assessment.progress},
    )
