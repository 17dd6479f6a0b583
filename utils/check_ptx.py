"""Extracts the PTX of every #gpu.object in an MLIR file and assembles it.

    check_ptx.py lowered.mlir --ptxas /usr/local/cuda/bin/ptxas --arch sm_90

Each kernel's PTX (the `assembly = "..."` of a gpu.binary object produced
with format=isa) is written to a temporary file and passed to
`ptxas -arch=ARCH -v`. Prints one line per kernel, with how many global
stores (`st.global`), tensor-core instructions (`mma`, `wgmma.mma_async`), 16-byte
global loads (`ld.global.v4.b32`, `ld.global.nc.v4.b32`, ...) and
asynchronous copies to shared memory (`cp.async`, not counting its
`commit_group` and `wait_group`) its PTX has and how many bytes of
registers ptxas spilled, so that tests can check what
a kernel writes to memory, how it multiplies, how wide it reads and that
it fits in registers; a kernel whose wgmma ptxas serializes (its warning
"wgmma.mma_async instructions are serialized ...", which costs the
asynchrony) gets "WGMMA SERIALIZED" on its line. With --registers each
line also gives the registers that ptxas used and the kernel's
`.minnctapersm` (the blocks per multiprocessor that ptxas fits its
registers to). With --loop-instructions
each line also counts the PTX instructions of the loop (from a label to the
backward branch to it) that holds the most tensor-core instructions, the
paths of the loop body that are rarely taken included. Exits 1 if there is no
kernel, ptxas rejects one or, with --max-spill-bytes N, one spills more
than N bytes.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile


def kernels(text):
    for match in re.finditer(r'assembly = "((?:[^"\\]|\\.)*)"', text):
        escaped = match.group(1)
        yield re.sub(r"\\([0-9A-Fa-f]{2})|\\\\",
                     lambda m: chr(int(m.group(1), 16)) if m.group(1)
                     else "\\", escaped)


parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("file")
parser.add_argument("--ptxas", required=True)
parser.add_argument("--arch", required=True)
parser.add_argument("--max-spill-bytes", type=int,
                    help="fail for a kernel that spills more bytes")
parser.add_argument("--registers", action="store_true",
                    help="also print the registers that ptxas gave each "
                    "kernel and its .minnctapersm (the blocks per "
                    "multiprocessor that bound them; - without one)")
parser.add_argument("--loop-instructions", action="store_true",
                    help="also count the instructions of the loop with the "
                    "most tensor-core instructions")
args = parser.parse_args()

TENSOR_CORE = re.compile(r"^\s*(@%\w+\s+)?(mma|wgmma\.mma_async)\.")


def loop_instructions(ptx):
    """The instruction count of the loop with the most tensor-core
    instructions (the fewest instructions among equals); 0 without one."""
    lines = ptx.splitlines()
    labels = {m.group(1): i for i, line in enumerate(lines)
              if (m := re.match(r"^(\$\w+):", line.strip()))}
    best = (0, 0)  # (tensor-core instructions, -instructions)
    for i, line in enumerate(lines):
        branch = re.search(r"\bbra(\.uni)?\s+(\$\w+);", line)
        if not branch or labels.get(branch.group(2), i) >= i:
            continue
        body = [text.strip() for text in lines[labels[branch.group(2)]:i + 1]]
        instructions = [text for text in body if text and
                        not text.startswith(("$", "//", "{", "}", "."))]
        mmas = sum(bool(TENSOR_CORE.match(text)) for text in instructions)
        best = max(best, (mmas, -len(instructions)))
    return -best[1] if best[0] else 0


ptxs = list(kernels(open(args.file).read()))
if not ptxs:
    print("FAIL: no PTX found (was the pipeline run with format=isa?)")
    sys.exit(1)
failures = 0
with tempfile.TemporaryDirectory() as tmp:
    for index, ptx in enumerate(ptxs):
        entries = re.findall(r"\.entry (\w+)", ptx)
        target = re.search(r"^\.target (\w+)", ptx, re.M)
        path = os.path.join(tmp, f"kernel{index}.ptx")
        with open(path, "w") as f:
            f.write(ptx)
        proc = subprocess.run([args.ptxas, f"-arch={args.arch}", "-v", path,
                               "-o", os.path.join(tmp, f"kernel{index}.cubin")],
                              capture_output=True, text=True)
        spills = sum(int(n) for n in re.findall(
            r"(\d+) bytes spill stores", proc.stderr))
        status = "ok" if proc.returncode == 0 else "REJECTED"
        too_many = (args.max_spill_bytes is not None and
                    spills > args.max_spill_bytes)
        stores = len(re.findall(r"^\s*st\.global\b", ptx, re.M))
        mmas = len(re.findall(r"^\s*(mma|wgmma\.mma_async)\.", ptx, re.M))
        wide_loads = len(re.findall(
            r"^\s*ld\.global(\.nc)?\.v4\.(b32|f32|u32)\b", ptx, re.M))
        async_copies = len(re.findall(
            r"^\s*cp\.async\.c[ag]\.shared\.global\b", ptx, re.M))
        serialized = re.search(r"wgmma\.mma_async.*serialized", proc.stderr)
        registers = re.search(r"Used (\d+) registers", proc.stderr)
        min_blocks = re.search(r"\.minnctapersm (\d+)", ptx)
        print(f"kernel {','.join(entries)} (.target "
              f"{target.group(1) if target else '?'}): ptxas {status}, "
              f"st.global {stores}, mma {mmas}, ld.global.v4 {wide_loads}, "
              f"cp.async {async_copies}, spill stores {spills} bytes"
              + (f", {registers.group(1) if registers else '?'} registers, "
                 f".minnctapersm {min_blocks.group(1) if min_blocks else '-'}"
                 if args.registers else "")
              + (f", loop {loop_instructions(ptx)} instructions"
                 if args.loop_instructions else "")
              + (f" (SPILLS OVER {args.max_spill_bytes})" if too_many
                 else "")
              + (" (WGMMA SERIALIZED)" if serialized else ""))
        if proc.returncode != 0:
            print(proc.stderr)
        failures += proc.returncode != 0 or too_many
print(f"{len(ptxs)} kernels, {failures} rejected by ptxas -arch={args.arch}"
      + (f" or spilling over {args.max_spill_bytes} bytes"
         if args.max_spill_bytes is not None else ""))
sys.exit(1 if failures else 0)
