"""Serving stored files (scans, evidence) through a view that has already checked access."""

from django.core.validators import FileExtensionValidator
from django.http import FileResponse, Http404


def file_response(field_file) -> FileResponse:
    """The file behind ``field_file`` as a download, never shown inline (an uploaded HTML or script file
    must not run on the site's own origin); 404 when there is none or it is gone from the storage."""
    if not field_file:
        raise Http404("Файла нет.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден в хранилище.") from error
    response = FileResponse(handle, as_attachment=True, filename=field_file.name.rsplit("/", 1)[-1])
    response["Content-Type"] = "application/octet-stream"
    return response


DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "jpg", "jpeg", "png"]
document_file_validator = FileExtensionValidator(
    allowed_extensions=DOCUMENT_EXTENSIONS,
    message="Можно загрузить документ PDF, Word, Excel, OpenDocument или скан JPG/PNG.",
)
