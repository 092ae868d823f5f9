"""The refusals of the workflow services, with a message shown to the user as is.

They live at the bottom so that the API's error handler (fangguanfu.api_errors) can map them onto
HTTP codes without importing the rooms that raise them.
"""


class WorkflowError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    """The user may not do this. `hidden` means the task is not theirs to see at all (→ 404)."""

    def __init__(self, message: str, *, hidden: bool = False):
        super().__init__(message)
        self.hidden = hidden


class InvalidTransition(WorkflowError):
    pass


class EditConflict(WorkflowError):
    pass


class InvalidInput(WorkflowError):
    pass
