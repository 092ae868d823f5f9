"""Reads of documents: the detail page and the import summary."""

from django.db.models import Count, Q, QuerySet

from agencies.roles import Actor
from documents.models import Document
from tasks.choices import AssignmentRole
from tasks.models import Assignment, Task
from tasks.selectors import task_list


def document_get(*, document_id: int) -> Document:
    """One document with its plans, sections in order; raises Document.DoesNotExist."""
    return (Document.objects.select_related("imported_by", "import_record").defer("import_record__parser_output")
            .prefetch_related("plans").get(pk=document_id))


def document_tasks(*, actor: Actor, document: Document) -> QuerySet[Task]:
    """The document's tasks the actor may see, with assignments prefetched, in plan order."""
    return task_list(actor=actor).filter(document=document).order_by("plan__order", "order")


def document_counts(*, document: Document) -> dict[str, int]:
    """Plans, sections, tasks and assignments of a document, in two queries (for the import summary)."""
    tasks = Task.objects.filter(document=document).aggregate(
        tasks=Count("pk"),
        inferred=Count("pk", filter=Q(deadline_inferred=True)),
        no_deadline=Count("pk", filter=Q(deadline__isnull=True)),
        recurring=Count("pk", filter=~Q(recurrence="")),
    )
    assignments = Assignment.objects.filter(task__document=document).aggregate(
        lead=Count("pk", filter=Q(role=AssignmentRole.LEAD)),
        co=Count("pk", filter=Q(role=AssignmentRole.CO)),
    )
    plans = document.plans.aggregate(plans=Count("pk", distinct=True), sections=Count("sections", distinct=True))
    return {**plans, **tasks, **assignments}
