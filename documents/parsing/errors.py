"""The one exception the parser raises; its message is shown to users as is (Chinese)."""

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ParseError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
