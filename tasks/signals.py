"""The one signal the task room sends: a timeline event was recorded.

Rooms above tasks (reminders: inbox messages, e-mail and webhooks about decisions) react to what
happened without the workflow services importing them. It is sent inside the service's transaction,
so a receiver that writes rows commits or rolls back with the change itself; a receiver must not
send anything over the network (queue that with transaction.on_commit).
"""

from django.dispatch import Signal

# Sent with `event` (a saved TaskEvent). Receivers may read event.task, event.kind, event.agency_id.
event_recorded = Signal()
