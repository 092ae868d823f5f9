"""`make surge`: the month-end surge (issue 19, part 3) measured with locust against gunicorn.

The app side (this package but locustfile.py) runs in the app's venv: accounts, the stack, the
exactly-once check and the table. locustfile.py runs in the separate .venv-surge and imports
nothing from the app, so locust's gevent pins never meet the app's requirements.
"""
