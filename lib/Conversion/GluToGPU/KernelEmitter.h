//===- KernelEmitter.h - what the GPU kernel emitters share -----*- C++ -*-===//
//
// convert-glu-to-gpu emits its kernels with two emitters, the tiled product
// (TiledProductEmitter.h) and the split-depth product for few rows
// (SplitDepthProductEmitter.h). Both read the matrices described by Columns,
// hand the f32 sums of each output element to an Epilogue, and build on
// KernelEmitter: index arithmetic, loops, launches, 16-byte loads, and the
// depth slices whose partial sums a reduction kernel adds.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_CONVERSION_GLUTOGPU_KERNELEMITTER_H
#define GLU_CONVERSION_GLUTOGPU_KERNELEMITTER_H

#include "glu/Dialect/Glu/IR/GluOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::glu::kernels {

/// Bytes of the widest load: vectors of this many bytes (4 f32, 8 f16 or
/// bf16) are what the kernels read from global memory when the operands'
/// alignment allows it.
constexpr int64_t kLoadBytes = 16;
/// The shape of the tensor-core product, mma.sync m16n8k16: an M x K tile of
/// A times a K x N tile of B added to M x N f32 accumulators; m16n8k8 for
/// tf32 (f32 operands).
constexpr int64_t kMmaRows = 16, kMmaCols = 8, kMmaDepth = 16;
constexpr int64_t kMmaTf32Depth = 8;

/// A matrix that the kernels read: a buffer and, for a packed weight or
/// bias, which of its columns are the product's columns.
struct Columns {
  explicit Columns(Value buffer) : buffer(buffer) {}
  Columns(Value packed, LayoutAttr layout, bool value, Value hidden)
      : buffer(packed), layout(layout), value(value), hidden(hidden) {}

  /// The [K, N'] weight or [N'] bias; null for an absent bias.
  Value buffer;
  /// Null: column n is the buffer's column n.
  LayoutAttr layout;
  /// With a layout: the value columns (else the gate columns) and F.
  bool value = false;
  Value hidden;

  /// The buffer column that holds column `n`.
  Value at(ImplicitLocOpBuilder &b, Value n) const;
};

/// A buffer of `elementType` with `sizes` (values or integer attributes),
/// its type static in each size that is a constant: kernels that read or
/// write it then see those sizes, and the strides that they alone
/// determine, as constants.
Value allocBuffer(ImplicitLocOpBuilder &b, Type elementType,
                  ArrayRef<OpFoldResult> sizes);

/// Called with the row and column of an output element inside the matrix,
/// and the f32 sums of that element's contraction with each weight.
using Epilogue =
    function_ref<void(ImplicitLocOpBuilder &, Value, Value, ArrayRef<Value>)>;

/// Index arithmetic, conversions, loops, launches, 16-byte loads and depth
/// slices for the kernel emitters.
class KernelEmitter {
protected:
  /// The kernels are named after `product` (launch).
  KernelEmitter(ImplicitLocOpBuilder &b, Type elementType, StringRef product)
      : b(b), elementType(elementType),
        width(kLoadBytes * 8 / elementType.getIntOrFloatBitWidth()),
        product(product) {}

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, value);
  }
  Value add(Value lhs, Value rhs) { return arith::AddIOp::create(b, lhs, rhs); }
  Value sub(Value lhs, Value rhs) { return arith::SubIOp::create(b, lhs, rhs); }
  Value mul(Value lhs, Value rhs) { return arith::MulIOp::create(b, lhs, rhs); }
  Value div(Value lhs, int64_t rhs) {
    return arith::DivUIOp::create(b, lhs, index(rhs));
  }
  Value rem(Value lhs, int64_t rhs) {
    return arith::RemUIOp::create(b, lhs, index(rhs));
  }
  Value ceilDiv(Value lhs, Value rhs) {
    return arith::CeilDivUIOp::create(b, lhs, rhs);
  }
  Value min(Value lhs, Value rhs) {
    return arith::MinUIOp::create(b, lhs, rhs);
  }
  Value max(Value lhs, Value rhs) {
    return arith::MaxUIOp::create(b, lhs, rhs);
  }
  Value less(Value lhs, Value rhs) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::ult, lhs, rhs);
  }
  Value both(Value lhs, Value rhs) {
    return arith::AndIOp::create(b, lhs, rhs);
  }
  Value zero(Type type) {
    return arith::ConstantOp::create(b, b.getZeroAttr(type));
  }
  /// `count`, or 0 where `active` (if given) is false: the block count of a
  /// launch that does nothing unless `active`.
  Value onlyIf(Value active, Value count) {
    return active ? arith::SelectOp::create(b, active, count, index(0)) : count;
  }
  Value toF32(Value value) {
    if (value.getType().isF32())
      return value;
    return arith::ExtFOp::create(b, b.getF32Type(), value);
  }
  VectorType vectorType() { return VectorType::get({width}, elementType); }

  /// Emits `body(iv, iterArgs)` in an scf.for from `lower` to `upper` and
  /// returns the loop's results (what `body` yields).
  SmallVector<Value>
  loop(Value lower, Value upper, Value step, ValueRange inits,
       function_ref<SmallVector<Value>(Value, ValueRange)> body);

  /// Emits `body(k, count, iterArgs)` for the steps of [lower, upper):
  /// groups of `unrolls[0]` steps from lower on (count = unrolls[0], k the
  /// first), then groups of `unrolls[1]` of the steps past the last whole
  /// group, and so on (unrolls descending), then the steps left one at a
  /// time (count = 1). Returns the last results.
  SmallVector<Value> unrolledLoop(
      Value lower, Value upper, ArrayRef<int64_t> unrolls, ValueRange inits,
      function_ref<SmallVector<Value>(Value, int64_t, ValueRange)> body);

  /// A gpu.launch of `blocks` x `blocksY` x `blocksZ` blocks of `threads`
  /// threads with `sharedBytes` of dynamic shared memory, whose outlined
  /// kernel is named PRODUCT_`kernel` (the product's name, as given to the
  /// constructor); the builder is left at the start of its body.
  gpu::LaunchOp launch(const Twine &kernel, Value blocks, Value blocksY,
                       Value blocksZ, int64_t threads, int64_t sharedBytes = 0);

  /// `depth` cut into slices for a product whose launch has `blocks` blocks
  /// per slice: as many slices as give about `targetBlocks` blocks, but at
  /// most one per `minDepth` rows of depth (so that each has more than
  /// minDepth / 2), each a multiple of `granule` deep; slice s is
  /// [s * depth, min((s + 1) * depth, total)), and none is empty unless the
  /// depth is 0 (one slice).
  struct DepthSlices {
    Value count, depth;
  };
  DepthSlices cutDepth(Value depth, Value blocks, int64_t targetBlocks,
                       int64_t minDepth, int64_t granule);
  /// An f32 [slices, weights, rows, columns] buffer for the partial sums of
  /// the depth slices of a product with `weights` weights.
  Value allocPartialSums(Value slices, int64_t weights, Value rows,
                         Value columns);
  /// A kernel that adds the `slices` partial sums of each output element in
  /// `partial` (allocPartialSums), in slice order so that the result does
  /// not depend on scheduling, and hands them to `epilogue`; with `active`
  /// given, it has no blocks unless that is true. Each thread loads the
  /// partial sums of several slices before it adds them. The kernel is
  /// named `kernel` (launch).
  void emitSliceReduction(const Twine &kernel, Value partial, Value slices,
                          Value rows, Value columns, Value active,
                          Epilogue epilogue);

  /// Where the columns c + i (i < width, c a multiple of width) of `source`
  /// are in its buffer, as constant offsets from the first column of a
  /// 16-byte load; none if a layout spreads them otherwise.
  std::optional<SmallVector<int64_t>> vectorOffsets(const Columns &source);
  /// Whether each of `sources` can be read with 16-byte loads: `columns`
  /// (their column count) a multiple of width, and each buffer's first
  /// element at a 16-byte address and its row stride a multiple of width.
  /// The same for every thread of a launch.
  Value vectorsAligned(ArrayRef<Columns> sources, Value columns);
  /// Columns firstColumn + i (i < width; firstColumn a multiple of width) of
  /// row `row` of each source, as one vector<width> per source, read with
  /// 16-byte loads; needs vectorsAligned() and every source's
  /// vectorOffsets. Sources that share a buffer share its loads.
  SmallVector<Value> loadVectors(ArrayRef<Columns> sources, Value row,
                                 Value firstColumn);
  /// The buffer columns of columns firstColumn + i (i < width) of each
  /// source, clamped to the last of `columns`, so that loads there stay in
  /// bounds: source s's column i at [s * width + i].
  SmallVector<Value> clampedColumns(ArrayRef<Columns> sources,
                                    Value firstColumn, Value columns);
  /// mma.sync m16n8k16 (f16 or bf16, as elementType; f32 accumulators) of
  /// this lane's fragments: A (4 registers of two elements), B (2) and C (4
  /// f32), whose values it replaces by D = A B + C. The fragment layouts are
  /// the PTX ISA's
  /// ("Matrix Fragments for mma.m16n8k16"), for lane l with g = l / 4 and
  /// t = l % 4:
  ///   A (16 x 16, row): pairs (g, 2t), (g + 8, 2t), (g, 2t + 8),
  ///                     (g + 8, 2t + 8)
  ///   B (16 x 8, col):  pairs (k = 2t, n = g), (k = 2t + 8, n = g)
  ///   C (16 x 8):       (g, 2t), (g, 2t + 1), (g + 8, 2t), (g + 8, 2t + 1)
  /// where a pair is two elements adjacent in k. For an f32 elementType,
  /// m16n8k8 on tf32 registers (splitTf32), one element each:
  ///   A (16 x 8, row):  (g, t), (g + 8, t), (g, t + 4), (g + 8, t + 4)
  ///   B (8 x 8, col):   (k = t, n = g), (k = t + 4, n = g)
  ///   C as above.
  void mmaSync(ValueRange aFragment, ValueRange bFragment,
               MutableArrayRef<Value> c);
  /// A vector<2> of elementType as mma.sync takes a register of two: f16 as
  /// it is, bf16 as an i32.
  Value mmaRegister(Value pair);
  /// An f32 as the sum of two tf32 registers (i32, their lower 13 bits
  /// zero), for products to about f32 accuracy from three tf32 mma.sync
  /// (3xTF32: big x big + big x small + small x big): `big` is the value
  /// rounded to tf32 (to nearest, ties away; truncated where that would
  /// overflow) and `small` the rest rounded, each within 2^-11 of what it
  /// rounds, so that a product of normal operands is within about 3 x
  /// 2^-22 of its value (small x small and the rounding of the small parts
  /// left out; f32's own rounding is 2^-24). Nonzero values below the
  /// smallest normal f32 have the smallest normal as `big` (with their
  /// sign) and the difference as `small`: within 2^-137, or 2^-126 where
  /// the tensor cores flush subnormals. Infinity and NaN (as a quiet NaN)
  /// are `big` alone, with `small` zero, and `finiteBig` is `big` where the
  /// value is finite, else zero: the cross terms multiply by it, so that
  /// infinity times an exact tf32 (whose small part is zero) stays
  /// infinity instead of adding infinity times zero.
  struct Tf32Parts {
    Value big, small, finiteBig;
  };
  Tf32Parts splitTf32(Value value);
  /// The parts of a value that splitTf32 split earlier, from its `big` and
  /// `small` (as i32 or as f32 bits), with finiteBig recomputed: big is
  /// infinite or NaN exactly where the value is.
  Tf32Parts tf32Parts(Value big, Value small);
  /// Adds A B to `c` (mma.sync's C, 4 f32) with the three m16n8k8 mma.sync
  /// of 3xTF32 on this lane's elements of A (4) and B (2) split by
  /// splitTf32: the small terms first, small(A) finiteBig(B) and
  /// finiteBig(A) small(B), then big(A) big(B).
  void mmaSyncTf32x3(MutableArrayRef<Value> c, ArrayRef<Tf32Parts> aParts,
                     ArrayRef<Tf32Parts> bParts);
  /// Row `row` of each source at the buffer columns `columnAt` (width per
  /// source, as clampedColumns gives them), one element at a time, source
  /// s's column i at [s * width + i].
  SmallVector<Value> loadElements(ArrayRef<Columns> sources, Value row,
                                  ArrayRef<Value> columnAt);

  ImplicitLocOpBuilder &b;
  Type elementType;
  /// Elements of one 16-byte load.
  int64_t width;
  /// The name of the product, which its kernels' names start with.
  std::string product;
};

} // namespace mlir::glu::kernels

#endif // GLU_CONVERSION_GLUTOGPU_KERNELEMITTER_H
