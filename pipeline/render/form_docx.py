"""Fill the official form's docxtpl template (templates/docx/<form>.docx).

The tag scheme is described in ``layout.py``; ``context.form_context`` builds
the matching context. Every value is autoescaped, so text from evidence or
from a reviewer is printed as text, never interpreted as Word XML or Jinja.
"""
from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import Environment, Template

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
    return set(_variables(_key(template), template)) - set(context)


def _key(template: Path | bytes) -> tuple:
    """What identifies a template's content: its bytes' digest, or a file's path, size and time."""
    if isinstance(template, bytes):
        return ("bytes", hashlib.sha256(template).hexdigest())
    st = Path(template).stat()
    return ("file", str(template), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _variables(key: tuple, template: Path | bytes) -> frozenset[str]:   # noqa: ARG001 - key is the cache key
    """Every variable the template uses, found once per template and process (a batch renders
    the same form case after case)."""
    return frozenset(_template(template).get_undeclared_template_variables())


class _CompilingOnce(Environment):
    """An autoescaping Jinja environment that compiles each template source once per process:
    docxtpl hands it the form's XML, which is the same for every case of a form."""

    LIMIT = 32                      # sources kept (a form's body, headers, footers, properties)

    def __init__(self):
        super().__init__(autoescape=True)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source, globals=None, template_class=None):   # noqa: A002 - jinja's names
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        hit = self._compiled.get(source)
        if hit is None:
            if len(self._compiled) >= self.LIMIT:
                self._compiled.clear()
            hit = self._compiled[source] = super().from_string(source)
        return hit


_ENVIRONMENT = _CompilingOnce()


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
    doc.render(context, jinja_env=_ENVIRONMENT, autoescape=True)
    form = view.form
    set_properties(doc.docx, f"{form.attachment} {form.title}（{view.case}）", view.commission,
                   subject=view.unit_text, keywords="考核;评分表")
    buf = io.BytesIO()
    doc.save(buf)
    return atomic_write(Path(out_dir) / form_file_name(view), buf.getvalue())
