"""Documents as the API lists them: those with a task the user sees, with the count of those tasks."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from agencies.roles import Actor
from documents.models import Document, Plan
from tasks.selectors import actor_agency_ids, visible_tasks


def document_list(*, actor: Actor) -> QuerySet[Document]:
    agency_ids = actor_agency_ids(actor)
    tasks = visible_tasks(actor, agency_ids).filter(document=OuterRef("pk")).order_by()
    counted = tasks.values("document").annotate(n=Count("pk")).values("n")
    qs = Document.objects.defer("original_text")
    if agency_ids is not None:
        # An agency sees a document only through its own tasks, as on the document page.
        qs = qs.filter(Exists(tasks))
    plans = Plan.objects.order_by("order").prefetch_related("sections")
    return qs.annotate(
        task_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    ).prefetch_related(Prefetch("plans", queryset=plans))
