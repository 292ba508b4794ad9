"""A background job as the 添加通报 tab shows it: one row per file with its state, pages, time
and message, refreshed while the job runs."""

from __future__ import annotations

import html
import time

__all__ = ["job_html"]

_STATE = {"queued": "排队中", "running": "处理中", "done": "已完成", "failed": "失败", "skipped": "已跳过"}


def _seconds(f) -> str:
    if f.seconds is not None:
        return f"{f.seconds:.0f} 秒"
    if f.state == "running" and f.started:
        limit = f"（时限 {f.limit_s:.0f} 秒）" if f.limit_s else ""
        return f"已用 {time.time() - f.started:.0f} 秒{limit}"
    return ""


def job_html(job) -> str:
    """The job's table (``service.Job``): what each file is doing now, or how it ended."""
    rows = "".join(
        f'<tr class="job-{f.state}"><td>{html.escape(f.name)}</td><td>{_STATE.get(f.state, f.state)}</td>'
        f"<td>{f.pages}</td><td>{_seconds(f)}</td><td>{html.escape(f.message)}</td></tr>"
        for f in job.files
    )
    done = sum(f.state in ("done", "failed", "skipped") for f in job.files)
    head = f"任务 {html.escape(job.id)} · {_STATE.get(job.state, job.state)} · {done}/{len(job.files)} 个文件"
    return (
        f'<div class="job" data-job="{html.escape(job.id)}" data-state="{job.state}"><div class="job-head">{head}</div>'
        '<table class="job-files"><thead><tr><th>文件</th><th>状态</th><th>页数</th><th>用时</th><th>结果</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )
