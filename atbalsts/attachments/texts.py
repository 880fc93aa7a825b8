"""Every message the attachment pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NOT_ACCEPTED_TYPE = _(
    "This file is not a document Atbalsts accepts. Attach a PDF, JPEG or PNG file: the type "
    "is read from the file's content, not from its name."
)
TOO_LARGE = _("The file is larger than %(limit)s MB. Attach a file of at most %(limit)s MB.")
EMPTY_FILE = _("The file is empty.")
DAMAGED = _("The file could not be read: it is damaged or not really a %(type)s file.")
IMAGE_TOO_LARGE = _(
    "The picture is too large (%(megapixels)s megapixels at most). Scan or photograph it at a "
    "lower resolution."
)
PDF_ENCRYPTED = _(
    "The PDF is protected by a password or encrypted. Save a copy without protection and "
    "attach that."
)
PDF_ACTIVE_CONTENT = _(
    "The PDF contains scripts, automatic actions or embedded files, which Atbalsts does not "
    "accept. Print it to a new PDF or scan the paper document and attach that."
)
PDF_TRAILING_DATA = _(
    "The PDF has other data appended after its end. Save or print it again as a new PDF and "
    "attach that."
)
PDF_TOO_COMPLEX = _("The PDF is too complex to check. Print it to a new PDF and attach that.")
QUOTA_FILES = _(
    "You have attached %(count)s documents in the last 24 hours, the most allowed. Try again "
    "later or ask a colleague."
)
QUOTA_BYTES = _(
    "This document would take your uploads of the last 24 hours over %(limit)s MB. Try again "
    "later or ask a colleague."
)
CASE_CLOSED = _("Documents cannot be attached to a closed case.")

UPLOADED = _("The document has been attached to case %(code)s.")
WITHDRAWN = _("The document has been withdrawn and its file deleted.")

FILE_HELP = _(
    "PDF, JPEG or PNG, at most %(limit)s MB. Pictures are saved again without their metadata "
    "(location, camera); PDFs without their author and other properties."
)
DESCRIPTION_HELP = _("What the document is, e.g. its number and who issued it.")

# The menu link on the case page.
LINK_LABEL = _("Attached documents")
