"""An OpenEvolve evaluator that asks schedlab's oracle for the score.

OpenEvolve calls ``evaluate(program_path)`` on each program it evolves; this one runs
``schedlab score FAMILY PROGRAM INSTANCES --json`` and hands back the oracle's
OpenEvolve-compatible object (``metrics`` with ``combined_score``, ``artifacts`` with
the failures and the candidate's console output). The candidate runs in schedlab's
sandbox, so nothing it does can reach this process.

Settings come from the environment: SCHEDLAB_CMD (default ``npx schedlab``),
SCHEDLAB_FAMILY (default ``rcpsp``), SCHEDLAB_INSTANCES (paths separated by ``:``;
default: the family's bundled sets), SCHEDLAB_SKELETON (optional), SCHEDLAB_SCORE_ARGS
(more flags, e.g. ``--cascade --timeout-ms 500``).
"""
import json
import os
import shlex
import subprocess


def _command(program_path):
    command = shlex.split(os.environ.get("SCHEDLAB_CMD", "npx schedlab"))
    command += ["score", os.environ.get("SCHEDLAB_FAMILY", "rcpsp"), program_path]
    instances = os.environ.get("SCHEDLAB_INSTANCES", "")
    command += [path for path in instances.split(":") if path]
    skeleton = os.environ.get("SCHEDLAB_SKELETON")
    if skeleton:
        command += ["--skeleton", skeleton]
    command += shlex.split(os.environ.get("SCHEDLAB_SCORE_ARGS", ""))
    return command + ["--json"]


def _result(metrics, artifacts):
    """An openevolve EvaluationResult when OpenEvolve is installed, else a plain dict."""
    try:
        from openevolve.evaluation_result import EvaluationResult
    except ImportError:
        return {"metrics": metrics, "artifacts": artifacts}
    return EvaluationResult(metrics=metrics, artifacts=artifacts)


def evaluate(program_path):
    """Score one program; a program schedlab refuses (exit 2) scores 0 with the reason."""
    run = subprocess.run(_command(program_path), capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        return _result({"combined_score": 0.0}, {"error": run.stderr.strip()[-4000:]})
    report = json.loads(run.stdout)
    return _result(report["openevolve"]["metrics"], report["openevolve"]["artifacts"])


if __name__ == "__main__":
    import sys

    result = evaluate(sys.argv[1])
    if not isinstance(result, dict):
        result = {"metrics": result.metrics, "artifacts": result.artifacts}
    print(json.dumps(result, indent=2))
