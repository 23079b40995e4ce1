"""The fuzzing run's figures, printed after the test summary: for each role, the operations
exercised, the cases sent and how many failed a check (a failing example is sent again while
Hypothesis shrinks it, so failures count cases, not distinct bugs)."""

from tests.fuzz.test_schemathesis import RUN_STATS


def pytest_terminal_summary(terminalreporter):
    if not RUN_STATS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("schemathesis")
    write(f"{'role':<18}{'operations':>12}{'cases':>10}{'failed':>9}")
    totals = {"operations": set(), "cases": 0, "failed": 0}
    for role in sorted({role for role, _, _ in RUN_STATS}):
        operations = {operation for r, operation, _ in RUN_STATS if r == role}
        cases = sum(count for (r, _, _), count in RUN_STATS.items() if r == role)
        failed = sum(count for (r, _, outcome), count in RUN_STATS.items() if r == role and outcome == "failed")
        write(f"{role:<18}{len(operations):>12}{cases:>10,}{failed:>9,}")
        totals["operations"] |= operations
        totals["cases"] += cases
        totals["failed"] += failed
    write(f"{'all':<18}{len(totals['operations']):>12}{totals['cases']:>10,}{totals['failed']:>9,}")
