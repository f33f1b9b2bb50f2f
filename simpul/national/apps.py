from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "simpul.national"
    label = "national"
    verbose_name = "Hasil evaluasi SPBE nasional"
