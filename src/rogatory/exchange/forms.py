from django import forms
from django.utils.translation import gettext_lazy as _

from rogatory.cases.models import RefusalGround
from rogatory.cases.services import check_document


class RefuseForm(forms.Form):
    grounds = forms.MultipleChoiceField(label=_("Grounds of refusal"),
                                        choices=RefusalGround.choices,
                                        widget=forms.CheckboxSelectMultiple)
    text = forms.CharField(label=_("Grounds explained"), widget=forms.Textarea, max_length=5000)


class SendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # A central authority signs what it sends: on unless the officer unticks it.
    sign = forms.BooleanField(label=_("Sign the PDF with my certificate"), required=False,
                              initial=True)


class InformationForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea, max_length=20000)
    document = forms.FileField(label=_("Document"), required=False)

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload is None:
            return None
        data = upload.read()
        content_type = check_document(upload.name, data)
        return (upload.name, content_type, data)


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea, max_length=5000)

    def __init__(self, *args, sections: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(name, name) for name in sections]
