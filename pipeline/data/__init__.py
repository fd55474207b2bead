"""The figures a unit reports: the 指标数据.xlsx template, its reader and the data model."""
from .model import DEFAULT_FILE, LAST, THIS, FigureData
from .template import build_template, write_template
from .workbook import load_case_data, merge_self_scores, read_workbook

__all__ = ["DEFAULT_FILE", "LAST", "THIS", "FigureData", "build_template", "write_template",
           "load_case_data", "merge_self_scores", "read_workbook"]
