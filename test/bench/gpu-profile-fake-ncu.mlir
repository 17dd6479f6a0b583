// bench/gpu_profile.py's tables from ncu's CSV, with a stand-in ncu
// (Inputs/fake_ncu.py, canned output of two launches) where no GPU is
// present: what is checked is the harness that a GPU session relies on.
// The metric table shows "-" for a metric that a launch lacks or that ncu
// gives as n/a, and adds up the launches' durations; --stalls adds a second
// ncu run whose raw page gives each launch's issue-active share and its 4
// largest stall reasons ("selected" is not one): the per-issue ratios
// (launch 0: long_scoreboard 12.25, not its 80.5%; mio_throttle, which has
// only a percentage, left out), or the percentages of active warps where
// a launch has no ratio (launch 1).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: printf '#!/bin/sh\nexec %python %S/Inputs/fake_ncu.py "$@"\n' > %t/ncu && chmod +x %t/ncu
// RUN: %python %glu_src_root/bench/gpu_profile.py --glu-run %glu_run --ncu %t/ncu --shapes 1x64x96 --dtypes f16 --stalls --out %t/profile.md | FileCheck %s
// RUN: FileCheck %s --check-prefix=OUT < %t/profile.md

// CHECK:      ## 1x64x96 f16
// CHECK-EMPTY:
// CHECK-NEXT: | id | kernel | grid | block | regs | us | MB read | dram % | sm % | warps % |
// CHECK-NEXT: |---|---|---|---|---|---|---|---|---|---|
// CHECK-NEXT: | 0 | ffn_gated_split_1row | 264 | - | - | 76.8 | 180.4 | - | - | - |
// CHECK-NEXT: | 1 | ffn_gated_split_reduce | 43 | - | - | 13.0 | - | - | - | - |
// CHECK-EMPTY:
// CHECK-NEXT: kernels' total: 89.8 us
// CHECK:      ## 1x64x96 f16: stalls
// CHECK-EMPTY:
// CHECK-NEXT: | id | kernel | issue active % | largest stalls (warps per issue, or % of active warps) |
// CHECK-NEXT: |---|---|---|---|
// CHECK-NEXT: | 0 | ffn_gated_split_1row | 11.9 | long_scoreboard 12.25, wait 0.40, barrier 0.10, math_pipe_throttle 0.05 |
// CHECK-NEXT: | 1 | ffn_gated_split_reduce | 4.2 | long_scoreboard 40.00%, mio_throttle 20.00% |

// The report keeps ncu's CSV under each table.
// OUT: ## 1x64x96 f16
// OUT: "ID","Kernel Name","Metric Name","Metric Unit","Metric Value"
// OUT: ## 1x64x96 f16: stalls
// OUT: "ID","Kernel Name","smsp__average_warps_issue_stalled_barrier_per_issue_active.ratio"
