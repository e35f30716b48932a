"""Start-up: the command line imports the heavy libraries only in the commands that use them
(the time itself is measured by benchmarks/startup.py, never asserted)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "pdfplumber", "trafilatura", "docx", "pyarrow", "openpyxl", "datasette")


def _imported_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_command_line_imports_no_heavy_library() -> None:
    loaded = _imported_after("import zhibiao.cli")
    assert not {m for m in HEAVY if m in loaded}


def test_importing_zhibiao_leaves_the_pipeline_for_its_first_use() -> None:
    assert "zhibiao.extract.pipeline" not in _imported_after("import zhibiao")


def test_zhibiao_extract_stays_the_function_when_its_package_is_imported() -> None:
    # zhibiao.store imports zhibiao.extract.* modules, which binds the sub-package on zhibiao.
    code = ("import zhibiao, zhibiao.store\n"
            "from zhibiao import extract\n"
            "assert zhibiao.extract is extract and callable(extract)\n"
            "assert extract('2023年，某市粮食产量增长2.5%。').facts")
    _imported_after(code)
