import datetime

from django.urls import reverse

from tasks.models import ProgressReport
from tests.factories import PASSWORD, task_with


def test_pages_render(client, liaison_a, office_user, agency_a, agency_b):
    task = task_with(lead=[agency_a], co=[agency_b])
    client.login(username=liaison_a.username, password=PASSWORD)
    assert client.get(reverse("tasks:list")).status_code == 200
    assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 200
    r = client.get(reverse("tasks:report", args=[task.pk]))
    assert r.status_code == 200, r.content.decode()
    today = datetime.date.today()
    r = client.post(reverse("tasks:report", args=[task.pk]), {"period": today.strftime("%Y-%m"), "content": "做了", "percent": "50"})
    assert r.status_code == 302, r.content.decode()
    assert ProgressReport.objects.count() == 1
    r = client.get(reverse("tasks:signoff_request", args=[task.pk]))
    assert r.status_code == 200
    r = client.post(reverse("tasks:signoff_request", args=[task.pk]), {"summary": "完成了"})
    assert r.status_code == 302
    client.logout()
    client.login(username=office_user.username, password=PASSWORD)
    r = client.get(reverse("tasks:review_queue"))
    assert r.status_code == 200 and "完成了" in r.content.decode()
    r = client.post(reverse("tasks:review", args=[task.pk]), {"decision": "sign_off"})
    assert r.status_code == 302
    r = client.get(reverse("tasks:detail", args=[task.pk]))
    html = r.content.decode()
    assert "已销号" in html
    print(html[html.index('id="timeline"'):][:3000])
