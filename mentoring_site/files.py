"""Serving stored files (scans, evidence) through a view that has already checked access."""

import re

import puremagic
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import FileExtensionValidator
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.encoding import escape_uri_path


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The header of a download named ``filename``, made safe to save on any system: «Дорожная карта
    2022/2023.pdf» → «Дорожная карта 2022-2023.pdf» (no «/» or «\\», no «..», no control characters)."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    stem = re.sub(r"[/\\:*?\"<>|]", "-", stem)
    stem = re.sub(r"[\x00-\x1f\x7f]", "", stem)
    stem = " ".join(stem.split()).strip(" .") or "документ"
    name = f"{stem}.{extension}" if extension else stem
    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{escape_uri_path(name)}"


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


# What a document upload may be: its extension, and what its first bytes must look like (puremagic reads
# the signature; a ZIP is every Office Open XML and OpenDocument file, an OLE container every old
# Word and Excel file). An HTML page named «скан.pdf» is refused.
_OLE = frozenset({".doc", ".xls", ".dot", ".xlt"})
_ZIP = frozenset({".docx", ".xlsx", ".odt", ".ods", ".zip", ".pptx", ".xlsb", ".odp"})
DOCUMENT_SIGNATURES: dict[str, frozenset[str]] = {
    "pdf": frozenset({".pdf"}),
    "doc": _OLE,
    "xls": _OLE,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "rtf": frozenset({".rtf"}),
    "jpg": frozenset({".jpg", ".jpeg", ".jfif", ".jpe"}),
    "jpeg": frozenset({".jpg", ".jpeg", ".jfif", ".jpe"}),
    "png": frozenset({".png"}),
}
DOCUMENT_EXTENSIONS = list(DOCUMENT_SIGNATURES)
# The same limit as nginx's client_max_body_size in the README: a larger file never reaches Django there.
MAX_DOCUMENT_MB = 20


@deconstructible
class DocumentFileValidator:
    """A scan or a document: a known extension, at most ``MAX_DOCUMENT_MB``, and content that is what
    the extension says. Each refusal is a Russian message on the form field; nothing is saved."""

    extensions_message = "Можно загрузить документ PDF, Word, Excel, OpenDocument или скан JPG/PNG."

    def __call__(self, value: File) -> None:
        if getattr(value, "_committed", False):
            return  # already stored: checked when it was uploaded (and it may be gone from the storage since)
        FileExtensionValidator(allowed_extensions=DOCUMENT_EXTENSIONS, message=self.extensions_message)(value)
        size = getattr(value, "size", None) or 0
        if size > MAX_DOCUMENT_MB * 1024 * 1024:
            raise ValidationError(
                f"Файл больше {MAX_DOCUMENT_MB} МБ ({size / 1024 / 1024:.1f} МБ): сожмите скан или разделите документ."
            )
        extension = value.name.rsplit(".", 1)[-1].lower()
        if not _content_fits(value, DOCUMENT_SIGNATURES[extension]):
            raise ValidationError(
                f"Содержимое файла не похоже на .{extension}: загрузите сам документ, а не переименованный файл."
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentFileValidator)


def _content_fits(value: File, expected: frozenset[str]) -> bool:
    position = value.tell() if hasattr(value, "tell") else 0
    try:
        value.seek(0)
        head = value.read(8192)
    finally:
        value.seek(position)
    if not head:
        return False
    try:
        found = {match.extension.lower() for match in puremagic.magic_string(head)}
    except puremagic.PureError:
        return False
    return bool(found & expected)


document_file_validator = DocumentFileValidator()
