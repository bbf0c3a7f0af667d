from modeltranslation.translator import TranslationOptions, register

from demands.models import Demand


@register(Demand)
class DemandTranslationOptions(TranslationOptions):
    fields = ("title", "description")
