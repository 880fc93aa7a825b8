from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from atbalsts.attachments import cleaning, texts
from atbalsts.attachments.models import AttachmentKind

MAX_MEGABYTES = cleaning.MAX_BYTES // (1024 * 1024)


class AttachmentUploadForm(forms.Form):
    """The document, its kind and a description. The file's name and the browser's content
    type are ignored: the type is read from the content (atbalsts/attachments/cleaning.py)."""

    kind = forms.ChoiceField(label=_("Document"), choices=AttachmentKind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=texts.DESCRIPTION_HELP,
    )
    document = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per request, in the request's language.
        self.fields["document"].help_text = texts.FILE_HELP % {"limit": MAX_MEGABYTES}

    def clean_document(self) -> cleaning.CleanFile:
        upload: UploadedFile = self.cleaned_data["document"]
        # Checked before reading: the size the upload handler counted, whatever the file says.
        if (upload.size or 0) > cleaning.MAX_BYTES:
            raise forms.ValidationError(
                texts.TOO_LARGE, code="too_large", params={"limit": MAX_MEGABYTES}
            )
        upload.seek(0)
        return cleaning.clean(upload.read(cleaning.MAX_BYTES + 1))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = self.files.get("document")
        cleaned["original_name"] = getattr(upload, "name", "") or ""
        return cleaned


class AttachmentFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        required=False,
        choices=[("", _("All documents")), *AttachmentKind.choices],
    )
