"""Compare parser output with a gold annotation: the scoring lives in documents.parsing.evaluate
(so `make parse-eval` needs no test code); this module keeps the names the tests import."""

from documents.parsing.evaluate import DATA, FIXTURES, Score, as_json, load_cases, run_case, score, table, total

__all__ = ["DATA", "FIXTURES", "Score", "as_json", "load_cases", "run_case", "score", "table", "total"]

if __name__ == "__main__":  # python -m tests.parsing.metrics: same as python -m documents.parsing.evaluate -v
    import sys

    from documents.parsing.evaluate import main

    sys.exit(main(sys.argv[1:] + ["-v"]))
