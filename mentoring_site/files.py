"""Serving stored files (scans, evidence) through a view that has already checked access."""

from django.http import FileResponse, Http404


def file_response(field_file, *, as_attachment: bool = True) -> FileResponse:
    """The file behind ``field_file``; 404 when there is none or it is gone from the storage."""
    if not field_file:
        raise Http404("Файла нет.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден в хранилище.") from error
    return FileResponse(handle, as_attachment=as_attachment, filename=field_file.name.rsplit("/", 1)[-1])
