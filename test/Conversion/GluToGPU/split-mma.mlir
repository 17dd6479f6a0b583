// RUN: glu-opt %s --convert-glu-to-gpu='split-mma=true' --split-input-file | FileCheck %s
// RUN: glu-opt %s --convert-glu-to-gpu --split-input-file | FileCheck %s --check-prefix=FMA

// With split-mma, the f16 product of 5 to 8 rows multiplies with mma.sync
// m16n8k16 on the weights as they are in global memory: out^T = W^T x^T,
// the weights as A (16 columns x 16 depth rows), the 8 rows of x as B. A
// block of 128 threads covers 256 columns (4 warps of 64); lane (g, t) =
// (lane / 4, lane % 4) loads its 8 columns (8g .. 8g + 7 of its warp's) of
// depth rows k + 4t .. k + 4t + 3 of each weight (one 16-byte load each
// where aligned) and x[g][k + 4t .. k + 4t + 3] (row g clamped to the last
// one). mma.sync pairs depths: rows 4t, 4t + 1 are its k = 2t, 2t + 1 and
// 4t + 2, 4t + 3 its k = 2t + 8, 2t + 9, in A and B alike; tile j's A rows
// g and g + 8 are the lane's columns 2j and 2j + 1. 2 steps per iteration
// (2 weights x 4 tiles x 2 = 16 mma.sync), a one-step remainder, and the
// last, partial step with the depth rows past the slice as zeros; then the
// element loads for weights not aligned for 16-byte loads. Partial sums of
// the slice go to the reduction kernel as for the FMA kernels.
// CHECK-LABEL: func @gated_f16_8_rows
// CHECK:         %[[PARTIAL:.*]] = memref.alloc(%c1) : memref<?x2x8x128xf32>
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in ({{.*}}) threads(%[[TID:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c128,
// CHECK-NEXT:      %[[LANE:.*]] = arith.remui %[[TID]], %c32
// CHECK-NEXT:      %[[G:.*]] = arith.divui %[[LANE]], %c4
// CHECK-NEXT:      %[[T:.*]] = arith.remui %[[LANE]], %c4
// CHECK-NEXT:      %[[BLOCKCOL:.*]] = arith.muli %[[BX]], %c256
// CHECK-NEXT:      %[[WARP:.*]] = arith.divui %[[TID]], %c32
// CHECK-NEXT:      %[[WARPCOL:.*]] = arith.muli %[[WARP]], %c64
// CHECK-NEXT:      %[[BASE:.*]] = arith.addi %[[BLOCKCOL]], %[[WARPCOL]]
// CHECK-NEXT:      %[[G8:.*]] = arith.muli %[[G]], %c8
// CHECK-NEXT:      %[[COL:.*]] = arith.addi %[[BASE]], %[[G8]]
// CHECK:           %[[XROW:.*]] = arith.minui %[[G]], %c7
// CHECK:           scf.if
// CHECK:             %[[LOADCOL:.*]] = arith.minui %[[COL]], %c120
// CHECK:             scf.for %{{.*}} = %c0 to %{{.*}} step %c2
// CHECK:               %[[K:.*]] = arith.addi
// CHECK:               %[[T4:.*]] = arith.muli %[[T]], %c4
// CHECK:               %[[K0:.*]] = arith.addi %[[K]], %[[T4]]
// CHECK:               %[[R0:.*]] = vector.load %[[WG:.*]][%[[K0]], %[[LOADCOL]]] {alignment = 16 : i64} : {{.*}}, vector<8xf16>
// CHECK:               vector.load %[[WV:.*]][%[[K0]], %[[LOADCOL]]] {alignment = 16 : i64}
// CHECK:               %[[R0C0:.*]] = vector.extract %[[R0]][0]
// CHECK-NEXT:          %[[R0C1:.*]] = vector.extract %[[R0]][1]
// CHECK:               %[[X0:.*]] = memref.load %[[X:.*]][%[[XROW]], %[[K0]]]
// CHECK:               %[[R1:.*]] = vector.load %[[WG]][%[[K1:.*]], %[[LOADCOL]]]
// CHECK:               %[[R1C0:.*]] = vector.extract %[[R1]][0]
// CHECK-NEXT:          %[[R1C1:.*]] = vector.extract %[[R1]][1]
// CHECK:               %[[X1:.*]] = memref.load %[[X]][%[[XROW]], %[[K1]]]
// CHECK:               %[[R2:.*]] = vector.load %[[WG]][%[[K2:.*]], %[[LOADCOL]]]
// CHECK:               %[[R2C0:.*]] = vector.extract %[[R2]][0]
// CHECK-NEXT:          %[[R2C1:.*]] = vector.extract %[[R2]][1]
// CHECK:               %[[X2:.*]] = memref.load %[[X]][%[[XROW]], %[[K2]]]
// CHECK:               %[[R3:.*]] = vector.load %[[WG]][%[[K3:.*]], %[[LOADCOL]]]
// CHECK:               %[[R3C0:.*]] = vector.extract %[[R3]][0]
// CHECK-NEXT:          %[[R3C1:.*]] = vector.extract %[[R3]][1]
// CHECK:               %[[X3:.*]] = memref.load %[[X]][%[[XROW]], %[[K3]]]
// CHECK:               %[[B0:.*]] = vector.from_elements %[[X0]], %[[X1]] : vector<2xf16>
// CHECK-NEXT:          %[[B1:.*]] = vector.from_elements %[[X2]], %[[X3]] : vector<2xf16>
// CHECK-NEXT:          %[[A0:.*]] = vector.from_elements %[[R0C0]], %[[R1C0]] : vector<2xf16>
// CHECK-NEXT:          %[[A1:.*]] = vector.from_elements %[[R0C1]], %[[R1C1]] : vector<2xf16>
// CHECK-NEXT:          %[[A2:.*]] = vector.from_elements %[[R2C0]], %[[R3C0]] : vector<2xf16>
// CHECK-NEXT:          %[[A3:.*]] = vector.from_elements %[[R2C1]], %[[R3C1]] : vector<2xf16>
// CHECK-NEXT:          nvvm.mma.sync A[%[[A0]], %[[A1]], %[[A2]], %[[A3]]]  B[%[[B0]], %[[B1]]]  C[{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK-COUNT-15:      nvvm.mma.sync
// CHECK:               scf.yield
// CHECK:             scf.for
// CHECK-COUNT-8:       nvvm.mma.sync
// CHECK:               scf.yield
// The last step: rows from the slice's end on read its last row, as zeros.
// CHECK:             scf.if
// CHECK:               %[[INSIDE:.*]] = arith.cmpi ult, %[[ROW:.*]], %[[END:.*]] : index
// CHECK:               arith.minui %[[ROW]], %{{.*}}
// CHECK:               arith.select %[[INSIDE]], %{{.*}}, %{{.*}} : f16
// CHECK-COUNT-8:       nvvm.mma.sync
// CHECK:             } else {
// CHECK-NEXT:          scf.yield
// CHECK:           } else {
// CHECK-NOT:         alignment = 16
// CHECK:             vector.load %[[WG]][%{{.*}}, %{{.*}}] : {{.*}}, vector<1xf16>
// CHECK:             nvvm.mma.sync
// mma.sync's C of tile j: row 2t + r % 2, column 2j + r / 2 of the lane's.
// (Row block 0 here: the first row is 0.) Sums [(w * 4 + j) * 4 + r].
// CHECK:           %[[ROW0:.*]] = arith.muli %[[T]], %c2
// CHECK-NEXT:      %[[ROWIN:.*]] = arith.cmpi ult, %[[ROW0]], %c8
// CHECK-NEXT:      %[[COLIN:.*]] = arith.cmpi ult, %[[COL]], %c128
// CHECK-NEXT:      %[[IN:.*]] = arith.andi %[[ROWIN]], %[[COLIN]]
// CHECK-NEXT:      scf.if %[[IN]]
// CHECK-NEXT:        memref.store %[[SUMS:.*]]#0, %[[PARTIAL]][%{{.*}}, %c0, %[[ROW0]], %[[COL]]]
// CHECK-NEXT:        memref.store %[[SUMS]]#16, %[[PARTIAL]][%{{.*}}, %c1, %[[ROW0]], %[[COL]]]
// CHECK:           %[[T2:.*]] = arith.muli %[[T]], %c2
// CHECK-NEXT:      %[[ROW1:.*]] = arith.addi %[[T2]], %c1
// CHECK:             memref.store %[[SUMS]]#1, %[[PARTIAL]][%{{.*}}, %c0, %[[ROW1]], %[[COL]]]
// CHECK:           %[[ROW0B:.*]] = arith.muli %[[T]], %c2
// CHECK-NEXT:      %[[COL1:.*]] = arith.addi %[[COL]], %c1
// CHECK:             memref.store %[[SUMS]]#2, %[[PARTIAL]][%{{.*}}, %c0, %[[ROW0B]], %[[COL1]]]
// CHECK:             memref.store %[[SUMS]]#3, %[[PARTIAL]][%{{.*}}, %c0, %{{.*}}, %{{.*}}]
// CHECK:           %[[COL2:.*]] = arith.addi %[[COL]], %c2
// CHECK:             memref.store %[[SUMS]]#4, %[[PARTIAL]][%{{.*}}, %c0, %{{.*}}, %[[COL2]]]
// CHECK-COUNT-23:    memref.store %{{.*}}, %[[PARTIAL]]
// CHECK-NOT:         memref.store %{{.*}}, %[[PARTIAL]]
// CHECK:         gpu.terminator
// Without split-mma, the 8-row kernel multiplies with FMA.
// FMA-LABEL: func @gated_f16_8_rows
// FMA-NOT:     nvvm.mma.sync
// FMA:         math.fma
// FMA-NOT:     nvvm.mma.sync
// FMA-LABEL: func @
func.func @gated_f16_8_rows(%x: tensor<8x64xf16>, %w: tensor<64x128xf16>, %v: tensor<64x128xf16>) -> tensor<8x128xf16> {
  %h = glu.gated_proj <gelu> %x : tensor<8x64xf16> gate(%w : tensor<64x128xf16>) value(%v : tensor<64x128xf16>) -> tensor<8x128xf16>
  return %h : tensor<8x128xf16>
}

// -----

// bf16 pairs go to mma.sync as i32.
// CHECK-LABEL: func @down_bf16_6_rows
// CHECK:         vector.from_elements %{{.*}}, %{{.*}} : vector<2xbf16>
// CHECK-NEXT:    vector.bitcast %{{.*}} : vector<2xbf16> to vector<1xi32>
// CHECK:         nvvm.mma.sync {{.*}} multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>{{.*}} : (i32, i32, f32)
func.func @down_bf16_6_rows(%x: tensor<6x64xbf16>, %w: tensor<64x128xbf16>, %v: tensor<64x128xbf16>, %w2: tensor<128x64xbf16>) -> tensor<6x64xbf16> {
  %y = glu.ffn <swish> %x : tensor<6x64xbf16> gate(%w : tensor<64x128xbf16>) value(%v : tensor<64x128xbf16>) down(%w2 : tensor<128x64xbf16>) -> tensor<6x64xbf16>
  return %y : tensor<6x64xbf16>
}

// -----

// Negative: 4 rows (the 4-row kernel) keep their FMA kernel.
// CHECK-LABEL: func @gated_f16_4_rows
// CHECK-NOT:     nvvm.mma.sync
// CHECK:         math.fma
// CHECK-NOT:     nvvm.mma.sync
func.func @gated_f16_4_rows(%x: tensor<4x64xf16>, %w: tensor<64x128xf16>, %v: tensor<64x128xf16>) -> tensor<4x128xf16> {
  %h = glu.gated_proj <gelu> %x : tensor<4x64xf16> gate(%w : tensor<64x128xf16>) value(%v : tensor<64x128xf16>) -> tensor<4x128xf16>
  return %h : tensor<4x128xf16>
}

// -----

// f32 with split-mma: 3xTF32 on mma.sync m16n8k8. A lane's 16-byte load is
// 4 columns, so a warp has 32 (4g .. 4g + 3 for lane group g) in 2 mma
// tiles of 16 (rows g and g + 8 of tile j: columns 2j and 2j + 1), and a
// block 128. Of a 16-deep step's depth rows 4t .. 4t + 3, rows 4t + 2s and
// 4t + 2s + 1 are k = t and t + 4 of its s-th m16n8k8, in both operands:
// for s = 0 and tile 0, A = (row 4t, column 0), (4t, 1), (4t + 1, 0),
// (4t + 1, 1) of the lane's, B = x at depths 4t and 4t + 1.
// Each operand is split into two tf32 (KernelEmitter::splitTf32), on its
// bits: big = rounded to nearest ((bits + 0x1000) & ~0x1fff), or truncated
// where that reaches infinity (magnitude 0x7f800000), or, for a nonzero
// magnitude below the smallest normal (0x800000), that normal with the
// value's sign; small = the rest, rounded likewise; infinity as it is and
// NaN (magnitude above 0x7f800000) as 0x7FC00000 (2143289344) with small
// = 0, and the cross terms' big (finiteBig) 0 for them. Each tile and row
// tile takes small(w) x finiteBig(x), finiteBig(w) x small(x), then
// big(w) x big(x): 2 substeps x 2 weights x 2 tiles x 3 = 24 mma.sync per
// step, 48 in the 2-step loop.
// CHECK-LABEL: func @gated_f32_8_rows
// CHECK:         memref.alloc(%c1) : memref<?x2x8x128xf32>
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in ({{.*}}) threads(%[[TID:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c128,
// CHECK-NEXT:      %[[LANE:.*]] = arith.remui %[[TID]], %c32
// CHECK-NEXT:      %[[G:.*]] = arith.divui %[[LANE]], %c4
// CHECK-NEXT:      %[[T:.*]] = arith.remui %[[LANE]], %c4
// CHECK-NEXT:      %[[BLOCKCOL:.*]] = arith.muli %[[BX]], %c128
// CHECK-NEXT:      %[[WARP:.*]] = arith.divui %[[TID]], %c32
// CHECK-NEXT:      %[[WARPCOL:.*]] = arith.muli %[[WARP]], %c32
// CHECK-NEXT:      %[[BASE:.*]] = arith.addi %[[BLOCKCOL]], %[[WARPCOL]]
// CHECK-NEXT:      %[[G4:.*]] = arith.muli %[[G]], %c4
// CHECK-NEXT:      arith.addi %[[BASE]], %[[G4]]
// CHECK:           scf.for %{{.*}} = %c0 to %{{.*}} step %c2
// CHECK:             %[[W0:.*]] = vector.load %[[WG:.*]][%[[K0:.*]], %[[LOADCOL:.*]]] {alignment = 16 : i64} : {{.*}}, vector<4xf32>
// CHECK:             %[[W0C0:.*]] = vector.extract %[[W0]][0]
// CHECK-NEXT:        %[[W0C1:.*]] = vector.extract %[[W0]][1]
// CHECK:             %[[X0:.*]] = memref.load %{{.*}}[%{{.*}}, %[[K0]]]
// CHECK:             %[[W1:.*]] = vector.load %[[WG]][%[[K1:.*]], %[[LOADCOL]]]
// CHECK:             %[[W1C0:.*]] = vector.extract %[[W1]][0]
// CHECK-NEXT:        %[[W1C1:.*]] = vector.extract %[[W1]][1]
// CHECK:             %[[X1:.*]] = memref.load %{{.*}}[%{{.*}}, %[[K1]]]
// The split of x at depth 4t, in full.
// CHECK:             %[[XBITS:.*]] = arith.bitcast %[[X0]] : f32 to i32
// CHECK-NEXT:        %[[XMAG:.*]] = arith.andi %[[XBITS]], %c2147483647_i32
// CHECK-NEXT:        %[[XFINITE:.*]] = arith.cmpi ult, %[[XMAG]], %c2139095040_i32
// CHECK-NEXT:        %[[XUP:.*]] = arith.addi %[[XBITS]], %c4096_i32
// CHECK-NEXT:        %[[XNEAR:.*]] = arith.andi %[[XUP]], %c-8192_i32
// CHECK-NEXT:        %[[XNEARMAG:.*]] = arith.andi %[[XNEAR]], %c2147483647_i32
// CHECK-NEXT:        %[[XNOOVF:.*]] = arith.cmpi ult, %[[XNEARMAG]], %c2139095040_i32
// CHECK-NEXT:        %[[XTRUNC:.*]] = arith.andi %[[XBITS]], %c-8192_i32
// CHECK-NEXT:        %[[XROUNDED:.*]] = arith.select %[[XNOOVF]], %[[XNEAR]], %[[XTRUNC]]
// CHECK-NEXT:        %[[XLOW:.*]] = arith.cmpi ult, %[[XMAG]], %c8388608_i32
// CHECK-NEXT:        %[[XNONZERO:.*]] = arith.cmpi ugt, %[[XMAG]], %c0_i32
// CHECK-NEXT:        %[[XSUBNORMAL:.*]] = arith.andi %[[XLOW]], %[[XNONZERO]]
// CHECK-NEXT:        %[[XSIGN:.*]] = arith.andi %[[XBITS]], %c-2147483648_i32
// CHECK-NEXT:        %[[XNORMAL:.*]] = arith.ori %[[XSIGN]], %c8388608_i32
// CHECK-NEXT:        %[[XBIG:.*]] = arith.select %[[XSUBNORMAL]], %[[XNORMAL]], %[[XROUNDED]]
// CHECK-NEXT:        %[[XBIGF:.*]] = arith.bitcast %[[XBIG]] : i32 to f32
// CHECK-NEXT:        %[[XREST:.*]] = arith.subf %[[X0]], %[[XBIGF]]
// CHECK-NEXT:        %[[XRESTBITS:.*]] = arith.bitcast %[[XREST]] : f32 to i32
// CHECK-NEXT:        %[[XRESTUP:.*]] = arith.addi %[[XRESTBITS]], %c4096_i32
// CHECK-NEXT:        %[[XSMALL:.*]] = arith.andi %[[XRESTUP]], %c-8192_i32
// CHECK-NEXT:        %[[XNAN:.*]] = arith.cmpi ugt, %[[XMAG]], %c2139095040_i32
// CHECK-NEXT:        %[[XSPECIAL:.*]] = arith.select %[[XNAN]], %c2143289344_i32, %[[XBITS]]
// CHECK-NEXT:        %[[XB0:.*]] = arith.select %[[XFINITE]], %[[XBIG]], %[[XSPECIAL]]
// CHECK-NEXT:        %[[XS0:.*]] = arith.select %[[XFINITE]], %[[XSMALL]], %c0_i32
// CHECK-NEXT:        %[[XF0:.*]] = arith.select %[[XFINITE]], %[[XBIG]], %c0_i32
// The parts of x at depth 4t + 1 and of A's elements.
// CHECK:             arith.bitcast %[[X1]] : f32 to i32
// CHECK:             arith.select %{{.*}}, %c2143289344_i32, %{{.*}} : i32
// CHECK-NEXT:        %[[X1B:.*]] = arith.select %[[X1OK:.*]], %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:        %[[X1S:.*]] = arith.select %[[X1OK]], %{{.*}}, %c0_i32
// CHECK-NEXT:        %[[X1F:.*]] = arith.select %[[X1OK]], %{{.*}}, %c0_i32
// CHECK:             arith.bitcast %[[W0C0]] : f32 to i32
// CHECK:             arith.select %{{.*}}, %c2143289344_i32, %{{.*}} : i32
// CHECK-NEXT:        %[[A0B:.*]] = arith.select %[[A0OK:.*]], %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:        %[[A0S:.*]] = arith.select %[[A0OK]], %{{.*}}, %c0_i32
// CHECK-NEXT:        %[[A0F:.*]] = arith.select %[[A0OK]], %{{.*}}, %c0_i32
// CHECK:             arith.bitcast %[[W0C1]] : f32 to i32
// CHECK:             arith.select %{{.*}}, %c2143289344_i32, %{{.*}} : i32
// CHECK-NEXT:        %[[A1B:.*]] = arith.select %[[A1OK:.*]], %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:        %[[A1S:.*]] = arith.select %[[A1OK]], %{{.*}}, %c0_i32
// CHECK-NEXT:        %[[A1F:.*]] = arith.select %[[A1OK]], %{{.*}}, %c0_i32
// CHECK:             arith.bitcast %[[W1C0]] : f32 to i32
// CHECK:             arith.select %{{.*}}, %c2143289344_i32, %{{.*}} : i32
// CHECK-NEXT:        %[[A2B:.*]] = arith.select %[[A2OK:.*]], %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:        %[[A2S:.*]] = arith.select %[[A2OK]], %{{.*}}, %c0_i32
// CHECK-NEXT:        %[[A2F:.*]] = arith.select %[[A2OK]], %{{.*}}, %c0_i32
// CHECK:             arith.bitcast %[[W1C1]] : f32 to i32
// CHECK:             arith.select %{{.*}}, %c2143289344_i32, %{{.*}} : i32
// CHECK-NEXT:        %[[A3B:.*]] = arith.select %[[A3OK:.*]], %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:        %[[A3S:.*]] = arith.select %[[A3OK]], %{{.*}}, %c0_i32
// CHECK-NEXT:        %[[A3F:.*]] = arith.select %[[A3OK]], %{{.*}}, %c0_i32
// CHECK:             nvvm.mma.sync A[%[[A0S]], %[[A1S]], %[[A2S]], %[[A3S]]]  B[%[[XF0]], %[[X1F]]]  C[{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<tf32>, multiplicandBPtxType = #nvvm.mma_type<tf32>, shape = #nvvm.shape<m = 16, n = 8, k = 8>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK:             nvvm.mma.sync A[%[[A0F]], %[[A1F]], %[[A2F]], %[[A3F]]]  B[%[[XS0]], %[[X1S]]]
// CHECK:             nvvm.mma.sync A[%[[A0B]], %[[A1B]], %[[A2B]], %[[A3B]]]  B[%[[XB0]], %[[X1B]]]
// CHECK-COUNT-45:    nvvm.mma.sync
// CHECK-NOT:         nvvm.mma.sync
// CHECK:             scf.yield
// Without split-mma, f32 multiplies with FMA.
// FMA-LABEL: func @gated_f32_8_rows
// FMA-NOT:     nvvm.mma.sync
// FMA:         math.fma
// FMA-NOT:     nvvm.mma.sync
func.func @gated_f32_8_rows(%x: tensor<8x64xf32>, %w: tensor<64x128xf32>, %v: tensor<64x128xf32>) -> tensor<8x128xf32> {
  %h = glu.gated_proj <gelu> %x : tensor<8x64xf32> gate(%w : tensor<64x128xf32>) value(%v : tensor<64x128xf32>) -> tensor<8x128xf32>
  return %h : tensor<8x128xf32>
}
