"""What an import did or would do: counts and every problem, JSON-able."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from praevnav.exchange.records import Problem

ACTIONS = ("create", "update", "unchanged", "rejected")


@dataclass
class ReportItem:
    """One offer of the file and what happens to it."""

    source: str
    external_id: str
    title: str
    action: str
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    organisations_created: int = 0
    locations_created: int = 0
    locations_updated: int = 0
    applied: bool = False
    only_valid: bool = False
    review: bool = False  # changes went to review (provider import)
    items: list[ReportItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # not tied to one offer

    @property
    def all_problems(self) -> list[Problem]:
        out = list(self.problems)
        for item in self.items:
            out.extend(item.problems)
        return out

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.all_problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.all_problems if p.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def valid_count(self) -> int:
        return self.created + self.updated

    def items_by_action(self, action: str) -> list[ReportItem]:
        return [i for i in self.items if i.action == action]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["errors"] = len(self.errors)
        data["warnings"] = len(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        data = dict(data or {})
        data.pop("errors", None)
        data.pop("warnings", None)
        items = [
            ReportItem(**{**i, "problems": [Problem(**p) for p in i.get("problems", [])]})
            for i in data.pop("items", [])
        ]
        problems = [Problem(**p) for p in data.pop("problems", [])]
        known = set(cls.__dataclass_fields__)
        return cls(items=items, problems=problems, **{k: v for k, v in data.items() if k in known})

    def as_text(self) -> str:
        """The report for the command line: counts, then one line per problem."""
        lines = [
            f"created: {self.created}  updated: {self.updated}  unchanged: {self.unchanged}  "
            f"rejected: {self.rejected}",
            f"organisations created: {self.organisations_created}  locations created: "
            f"{self.locations_created}  locations updated: {self.locations_updated}",
        ]
        for p in self.all_problems:
            where = f"{p.source}" + (f" [{p.field}]" if p.field else "")
            lines.append(f"{p.severity.upper():8} {where}: {p.message}")
        return "\n".join(lines)
