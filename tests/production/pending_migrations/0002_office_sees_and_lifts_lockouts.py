from importlib import import_module

Migration = import_module("ops.migrations.0002_office_sees_and_lifts_lockouts").Migration
