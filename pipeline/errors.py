"""One exception base class; the CLI turns it into a message and an exit code."""


class KaoheError(Exception):
    """A usage or configuration error the user can fix (exit status 2)."""


class RulesError(KaoheError):
    """A rules file that does not validate; the message lists every error."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"规则文件有 {len(self.errors)} 处错误：\n{lines}")
