from django.db import models


class Heartbeat(models.Model):
    """The last time a background job said it was alive (durable copy of the cache entry)."""

    name = models.CharField("名称", max_length=64, primary_key=True)
    at = models.DateTimeField("最近一次")

    class Meta:
        verbose_name = "运行心跳"
        verbose_name_plural = "运行心跳"

    def __str__(self):
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M}"
