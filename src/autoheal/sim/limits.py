"""GitHub's size limits on user text: what stages must truncate to, enforced like GitHub (422)."""

from __future__ import annotations

from .router import ApiError

TITLE_MAX = 256  # issue and pull request titles
BODY_MAX = 65536  # issue, pull request, comment and review bodies
LABEL_NAME_MAX = 50
LABEL_DESCRIPTION_MAX = 100


def check_length(resource: str, field: str, value: str | None, maximum: int) -> None:
    """422 "<field> is too long (maximum is N characters)" as GitHub words it."""
    if value is not None and len(value) > maximum:
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": resource,
                    "code": "custom",
                    "field": field,
                    "message": f"{field} is too long (maximum is {maximum} characters)",
                }
            ],
        )
