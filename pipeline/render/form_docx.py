"""Fill the official form's docxtpl template (templates/docx/<form>.docx).

The tag scheme is described in ``layout.py``; ``context.form_context`` builds
the matching context. Every value is autoescaped, so text from evidence or
from a reviewer is printed as text, never interpreted as Word XML or Jinja.
"""
from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import Environment

from ..errors import KaoheError
from .build_form import TEMPLATE_DIR
from .context import CaseView, form_context
from .docx_build import set_properties
from .files import atomic_write, output_name


def template_path(form_id: str, template_dir: Path | None = None) -> Path:
    return (template_dir or TEMPLATE_DIR) / f"{form_id}.docx"


def form_file_name(view: CaseView) -> str:
    form = view.form
    return output_name(f"{form.attachment}_{form.title}_{view.case}", ".docx")


def undeclared(template: Path | bytes, context: dict) -> set[str]:
    """Template variables the context does not provide (must be empty)."""
    return _template(template).get_undeclared_template_variables(context=context)


def _template(template: Path | bytes) -> DocxTemplate:
    return DocxTemplate(io.BytesIO(template) if isinstance(template, bytes) else str(template))


def template_source(form_id: str, template_dir: Path | None = None) -> tuple[Path | bytes, str]:
    """The form's template and its name: the committed templates/docx/<form>.docx, or, for a
    form that has none (a form added by its rules file alone), one built from its rules."""
    path = template_path(form_id, template_dir)
    if path.is_file() or template_dir is not None:
        return path, path.name
    from .build_form import build_template
    return build_template(form_id), f"{form_id}.docx（按规则文件生成）"


def render_form(view: CaseView, out_dir: Path, template_dir: Path | None = None) -> Path:
    template, name = template_source(view.form.id, template_dir)
    if isinstance(template, Path) and not template.is_file():
        raise KaoheError(f"找不到考核表模板“{template}”；请运行 scripts/build_templates.py 生成")
    context = form_context(view)
    missing = undeclared(template, context)
    if missing:
        raise KaoheError(f"考核表模板“{name}”含有程序不认识的变量：{'、'.join(sorted(missing))}")
    doc = _template(template)
    doc.render(context, jinja_env=Environment(autoescape=True), autoescape=True)
    form = view.form
    set_properties(doc.docx, f"{form.attachment} {form.title}（{view.case}）", view.commission,
                   subject=view.unit_text, keywords="考核;评分表")
    buf = io.BytesIO()
    doc.save(buf)
    return atomic_write(Path(out_dir) / form_file_name(view), buf.getvalue())
