#!/usr/bin/env python3
"""Write the docxtpl templates of the official forms to templates/docx/.

Run once after a change to the rules layout or to pipeline/render/build_form.py:

    .venv/bin/python scripts/build_templates.py [--out DIR]

The templates are committed; tests rebuild them into a temp folder and compare
their structure, so a committed template cannot drift from the rules. A user
may restyle a template in Word (styles 表格正文, 表头, 表题 ...) as long as the
{{ ... }} tags stay intact.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.render.build_form import TEMPLATE_DIR, build_template  # noqa: E402
from pipeline.render.files import atomic_write  # noqa: E402
from pipeline.rulebook.loader import form_ids  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TEMPLATE_DIR)
    parser.add_argument("--form", choices=form_ids(), action="append")
    args = parser.parse_args(argv)
    for form_id in args.form or form_ids():
        path = atomic_write(args.out / f"{form_id}.docx", build_template(form_id))
        print(f"已生成 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
