"""A stand-in for Nsight Compute's ncu in gpu-profile-fake-ncu.mlir: prints
canned CSV of two kernel launches in the format that ncu --csv --print-units
base gives, the metric page (a row per launch and metric) or, for a run with
--section (gpu_profile.py --stalls), the raw page (a row per launch, a column
per metric, a row of units under the names). It does not run the program."""

import sys

METRICS_PAGE = """==PROF== Connected to process 1 (glu-run)
"ID","Kernel Name","Metric Name","Metric Unit","Metric Value"
"0","ffn_gated_split_1row","launch__grid_size","","264"
"0","ffn_gated_split_1row","gpu__time_duration.sum","ns","76,800"
"0","ffn_gated_split_1row","dram__bytes_read.sum","byte","180,391,168"
"1","ffn_gated_split_reduce","launch__grid_size","","43"
"1","ffn_gated_split_reduce","gpu__time_duration.sum","ns","12,992"
"1","ffn_gated_split_reduce","dram__throughput.avg.pct_of_peak_sustained_elapsed","%","n/a"
"""

RAW_PAGE = """==PROF== Connected to process 1 (glu-run)
"ID","Kernel Name","smsp__average_warps_issue_stalled_barrier_per_issue_active.ratio","smsp__average_warps_issue_stalled_long_scoreboard_per_issue_active.ratio","smsp__warp_issue_stalled_long_scoreboard_per_warp_active.pct","smsp__warp_issue_stalled_mio_throttle_per_warp_active.pct","smsp__average_warps_issue_stalled_wait_per_issue_active.ratio","smsp__average_warps_issue_stalled_math_pipe_throttle_per_issue_active.ratio","smsp__average_warps_issue_stalled_selected_per_issue_active.ratio","smsp__issue_active.avg.pct_of_peak_sustained_active"
"","","","","%","%","","","","%"
"0","ffn_gated_split_1row","0.10","12.25","80.5","3.5","0.40","0.05","1","11.9"
"1","ffn_gated_split_reduce","n/a","n/a","40","20","n/a","n/a","n/a","4.2"
"""

print(RAW_PAGE if "--section" in sys.argv else METRICS_PAGE, end="")
