from django.apps import AppConfig


class ImportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "importing"
    verbose_name = "文件导入"
