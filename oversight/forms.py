from django import forms
from django.utils.translation import gettext_lazy as _

from groups.params import IdModelChoiceField
from oversight.models import CRITERIA, Assessment, Experience, GroupClass, Rating
from oversight.services import ASSESSMENT_FIELDS


class AssessmentForm(forms.ModelForm):
    """The five criteria, each rated with a short note, the summary and the proposed class. A
    draft may leave any of them empty; submitting asks for all the ratings and the class."""

    class Meta:
        model = Assessment
        fields = ASSESSMENT_FIELDS
        widgets = {
            **{
                name: forms.RadioSelect(attrs={"class": "form-check-input"})
                for name, _label, _help in CRITERIA
            },
            **{
                f"{name}_note": forms.TextInput(attrs={"placeholder": _("A short note")})
                for name, _label, _help in CRITERIA
            },
            "proposed_class": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, help_text in CRITERIA:
            self.fields[name].choices = Rating.choices
            self.fields[name].required = False
            self.fields[name].label = label
            self.fields[name].help_text = help_text
            self.fields[f"{name}_note"].label = _("Note")
        self.fields["proposed_class"].choices = GroupClass.choices
        self.fields["proposed_class"].required = False

    def criteria(self):
        """The bound fields of each criterion: rating and note together."""
        return [(name, self[name], self[f"{name}_note"]) for name, _label, _help in CRITERIA]


class ExperienceForm(forms.ModelForm):
    class Meta:
        field_classes = {"group": IdModelChoiceField}
        model = Experience
        fields = ["group", "title", "author", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
