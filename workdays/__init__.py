"""China's working-day calendar: chinese-calendar's statutory holidays and 调休 days, the office's override table.
Owns CalendarDay/CalendarYear, "N 个工作日" arithmetic, 序时进度 time shares and report-period dates.
May import: fangguanfu only (Django and settings helpers); never agencies, documents or tasks.
"""
