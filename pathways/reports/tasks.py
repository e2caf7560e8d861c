"""Background jobs of the reports app (django-tasks; the database backend in deployment, run by
`manage.py db_worker`; the immediate backend in tests)."""

from __future__ import annotations

from django_tasks import task

from .models import RollupRun, RunStatus


@task()
def compute_rollups(run_id: int) -> int:
    """Compute the stored rollups of one RollupRun (services.rollups); returns the steps done."""
    from .services.rollups import compute_rollup_run

    run = RollupRun.objects.filter(pk=run_id).first()
    if run is None or run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return 0
    compute_rollup_run(run)
    return run.steps_done
