"""Optional compiled build of the hot extraction modules (issue #13).

    ZHIBIAO_COMPILE=1 pip install --no-build-isolation .    # needs mypy (the test extra) and a C compiler

compiles COMPILED with mypyc: the same code, faster extraction, identical output.
Without ZHIBIAO_COMPILE the package is pure Python (the default, and what editable
installs should stay: a compiled module shadows its .py). CI runs the extraction tests on
both (`make test-compiled` after `make test`).
"""

from __future__ import annotations

import os

from setuptools import setup

# Typed, self-contained hot modules that mypyc compiles as they are. Not clauses.py and
# periods.py (list subclasses), nor numbers, regions, text and units (surrogate literals,
# int/float, a name bound to a float and to a bool), nor pipeline (its components' types are
# not known while it is compiled). The second line (orgs … indicators): 6% less time on the
# 2-5k documents than the first alone, 12% less fixed cost.
COMPILED = ["components", "entities", "facts", "figure_filter", "figures", "goals", "names", "naming",
            "phrases", "span_time", "spans", "subjects", "targets",
            "orgs", "breakdowns", "frame", "tables", "table_shapes", "tasks", "doc", "indicators", "grouped", "ranked", "placed"]

ext_modules = []
if os.environ.get("ZHIBIAO_COMPILE") == "1":
    from mypyc.build import mypycify

    ext_modules = mypycify([f"src/zhibiao/extract/{name}.py" for name in COMPILED], opt_level="3")

setup(ext_modules=ext_modules)
