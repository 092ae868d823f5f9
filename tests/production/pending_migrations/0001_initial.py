# The real ops migrations, plus one that was never applied (0003): MIGRATION_MODULES points ops here.
from importlib import import_module

Migration = import_module("ops.migrations.0001_initial").Migration
