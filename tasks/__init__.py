"""Tasks: Task, Assignment, sign-off requests and reviews, the timeline events, office settings; the
workflow services, the one TaskFilterSet, visibility selectors and warning levels (红黄牌).
May import: fangguanfu, workdays, agencies, documents. Reads reports only through the reverse relation."""
