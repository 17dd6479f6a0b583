//===- KernelEmitter.cpp - what the GPU kernel emitters share -------------===//

#include "KernelEmitter.h"
#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::glu;
using namespace mlir::glu::kernels;

/// Threads per block of the kernel that adds the slices' partial sums.
static constexpr int64_t kReduceThreads = 256;
/// Partial sums that a thread of the reduction kernel loads before it adds
/// them (kReduceLoadsAhead / weights slices): added as each arrives, the
/// loads wait one after another (on an H100, 28 us for the 66 slices of a
/// [1, 4096] f16 result). The slices past the last whole group go in groups
/// of half as many, and so on: 66 slices of one weight take 3 rounds of
/// loads (32, 32, 2), 24 of two weights 2 (16, 8).
static constexpr int64_t kReduceLoadsAhead = 32;
/// The most blocks of a launch along y or z.
static constexpr int64_t kMaxGridDimension = 65535;
/// f32 bit patterns: the magnitude's bits, infinity (above it: NaN), the
/// smallest normal, and the bits that a tf32 keeps.
static constexpr uint32_t kMagnitude = 0x7fffffffu, kInfinity = 0x7f800000u,
                          kSmallestNormal = 0x00800000u, kTf32 = 0xffffe000u;

void KernelEmitter::mmaSync(ValueRange aFragment, ValueRange bFragment,
                            MutableArrayRef<Value> c) {
  Type f32 = b.getF32Type();
  auto resultType =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
  NVVM::MMATypes ptxType = elementType.isF32()   ? NVVM::MMATypes::tf32
                           : elementType.isF16() ? NVVM::MMATypes::f16
                                                 : NVVM::MMATypes::bf16;
  Value d = NVVM::MmaOp::create(
      b, resultType, aFragment, bFragment, ValueRange(c),
      {kMmaRows, kMmaCols, elementType.isF32() ? kMmaTf32Depth : kMmaDepth},
      std::nullopt, std::nullopt, std::array{ptxType, ptxType},
      std::array{NVVM::MMALayout::row, NVVM::MMALayout::col});
  for (auto [r, sum] : llvm::enumerate(c))
    sum = LLVM::ExtractValueOp::create(b, d, r);
}

Value KernelEmitter::mmaRegister(Value pair) {
  if (!elementType.isBF16())
    return pair;
  return vector::ExtractOp::create(
      b,
      vector::BitCastOp::create(b, VectorType::get({1}, b.getI32Type()), pair),
      0);
}

KernelEmitter::Tf32Parts KernelEmitter::splitTf32(Value value) {
  Type i32 = b.getI32Type();
  auto constant = [&](uint32_t bits) -> Value {
    return arith::ConstantIntOp::create(b, i32, bits);
  };
  auto masked = [&](Value bits, uint32_t mask) -> Value {
    return arith::AndIOp::create(b, bits, constant(mask));
  };
  auto below = [&](Value lhs, Value rhs) -> Value {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::ult, lhs, rhs);
  };
  auto select = [&](Value condition, Value lhs, Value rhs) -> Value {
    return arith::SelectOp::create(b, condition, lhs, rhs);
  };
  // tf32 keeps the upper 19 bits of an f32: rounded to nearest, ties away
  // from zero, by adding half of the dropped bits' weight to the
  // magnitude; truncated by dropping them.
  auto rounded = [&](Value bits) {
    return masked(add(bits, constant(0x1000u)), kTf32);
  };
  Value bits = arith::BitcastOp::create(b, i32, value);
  Value magnitude = masked(bits, kMagnitude);
  Value finite = below(magnitude, constant(kInfinity));
  // Rounding up past the largest finite f32 gives infinity: those values
  // are truncated instead.
  Value nearest = rounded(bits);
  Value big = select(below(masked(nearest, kMagnitude), constant(kInfinity)),
                     nearest, masked(bits, kTf32));
  // Nonzero values below the smallest normal f32, whose tf32 may be zero
  // (or, as a subnormal, flushed to zero by the tensor cores): the
  // smallest normal with their sign, so that infinity times them stays
  // infinity; `small` holds the difference, to within 2^-137.
  Value subnormal = both(below(magnitude, constant(kSmallestNormal)),
                         below(constant(0), magnitude));
  big = select(subnormal,
               arith::OrIOp::create(b, masked(bits, 0x80000000u),
                                    constant(kSmallestNormal)),
               big);
  // What the rounding left out is exact in f32, and its rounding to tf32
  // cannot overflow.
  Value small = rounded(arith::BitcastOp::create(
      b, i32,
      arith::SubFOp::create(b, value,
                            arith::BitcastOp::create(b, b.getF32Type(), big))));
  // Infinity as it is; NaN as the quiet NaN whose lower bits are zero.
  Value nonFinite = select(below(constant(kInfinity), magnitude),
                           constant(0x7fc00000u), bits);
  Value zero = constant(0);
  return {select(finite, big, nonFinite), select(finite, small, zero),
          select(finite, big, zero)};
}

KernelEmitter::Tf32Parts KernelEmitter::tf32Parts(Value big, Value small) {
  Type i32 = b.getI32Type();
  auto bits = [&](Value value) -> Value {
    return value.getType() == i32 ? value
                                  : arith::BitcastOp::create(b, i32, value);
  };
  big = bits(big);
  Value finite = arith::CmpIOp::create(
      b, arith::CmpIPredicate::ult,
      arith::AndIOp::create(b, big,
                            arith::ConstantIntOp::create(b, i32, kMagnitude)),
      arith::ConstantIntOp::create(b, i32, kInfinity));
  return {big, bits(small),
          arith::SelectOp::create(b, finite, big,
                                  arith::ConstantIntOp::create(b, i32, 0))};
}

void KernelEmitter::mmaSyncTf32x3(MutableArrayRef<Value> c,
                                  ArrayRef<Tf32Parts> aParts,
                                  ArrayRef<Tf32Parts> bParts) {
  // One part of each of a fragment's elements.
  auto fragment = [](ArrayRef<Tf32Parts> parts, Value Tf32Parts::*part) {
    return llvm::map_to_vector(parts,
                               [&](const Tf32Parts &p) { return p.*part; });
  };
  auto accumulate = [&](Value Tf32Parts::*aPart, Value Tf32Parts::*bPart) {
    mmaSync(fragment(aParts, aPart), fragment(bParts, bPart), c);
  };
  accumulate(&Tf32Parts::small, &Tf32Parts::finiteBig);
  accumulate(&Tf32Parts::finiteBig, &Tf32Parts::small);
  accumulate(&Tf32Parts::big, &Tf32Parts::big);
}

Value Columns::at(ImplicitLocOpBuilder &b, Value n) const {
  if (!layout)
    return n;
  auto [gate, valueColumn] =
      createPackedColumns(b, b.getLoc(), layout, hidden, n);
  return value ? valueColumn : gate;
}

Value kernels::allocBuffer(ImplicitLocOpBuilder &b, Type elementType,
                           ArrayRef<OpFoldResult> sizes) {
  SmallVector<int64_t> shape;
  SmallVector<Value> dynamicSizes;
  for (OpFoldResult size : sizes) {
    std::optional<int64_t> known = getConstantIntValue(size);
    shape.push_back(known.value_or(ShapedType::kDynamic));
    if (!known)
      dynamicSizes.push_back(cast<Value>(size));
  }
  return memref::AllocOp::create(b, MemRefType::get(shape, elementType),
                                 dynamicSizes);
}

SmallVector<Value>
KernelEmitter::loop(Value lower, Value upper, Value step, ValueRange inits,
                    function_ref<SmallVector<Value>(Value, ValueRange)> body) {
  auto forOp = scf::ForOp::create(b, lower, upper, step, inits);
  OpBuilder::InsertionGuard guard(b);
  Block *block = forOp.getBody();
  if (block->mightHaveTerminator())
    b.setInsertionPoint(block->getTerminator());
  else
    b.setInsertionPointToEnd(block);
  SmallVector<Value> yielded =
      body(forOp.getInductionVar(), forOp.getRegionIterArgs());
  if (!inits.empty())
    scf::YieldOp::create(b, yielded);
  return SmallVector<Value>(forOp.getResults());
}

SmallVector<Value> KernelEmitter::unrolledLoop(
    Value lower, Value upper, ArrayRef<int64_t> unrolls, ValueRange inits,
    function_ref<SmallVector<Value>(Value, int64_t, ValueRange)> body) {
  assert(llvm::is_sorted(llvm::reverse(unrolls)) &&
         "unrolls must be descending");
  SmallVector<Value> results(inits);
  Value grouped = lower;
  for (int64_t unroll : unrolls) {
    if (unroll <= 1)
      continue;
    Value first = grouped;
    grouped = add(first, mul(div(sub(upper, first), unroll), index(unroll)));
    results =
        loop(first, grouped, index(unroll), results,
             [&](Value k, ValueRange acc) { return body(k, unroll, acc); });
  }
  return loop(grouped, upper, index(1), results,
              [&](Value k, ValueRange acc) { return body(k, 1, acc); });
}

gpu::LaunchOp KernelEmitter::launch(const Twine &kernel, Value blocks,
                                    Value blocksY, Value blocksZ,
                                    int64_t threads, int64_t sharedBytes) {
  Value one = index(1);
  Value dynamicShared;
  if (sharedBytes)
    dynamicShared = arith::ConstantIntOp::create(b, sharedBytes, 32);
  auto launchOp = gpu::LaunchOp::create(
      b, blocks, blocksY, blocksZ, index(threads), one, one, dynamicShared);
  launchOp.setFunctionAttr(
      FlatSymbolRefAttr::get(b.getContext(), (product + "_" + kernel).str()));
  b.setInsertionPointToStart(&launchOp.getBody().front());
  b.setInsertionPoint(gpu::TerminatorOp::create(b));
  return launchOp;
}

std::optional<SmallVector<int64_t>>
KernelEmitter::vectorOffsets(const Columns &source) {
  // The first column is a multiple of width: with a granularity that width
  // divides, the columns are consecutive in one granule; with one that
  // divides width, they and their partners are the 2 * width elements from
  // the gate column of the first column (twice the first column).
  auto consecutive = llvm::to_vector(llvm::seq<int64_t>(0, width));
  if (!source.layout || source.layout.getKind() != GateUpLayout::interleaved)
    return consecutive;
  int64_t granularity = source.layout.getGranularity();
  if (granularity % width == 0)
    return consecutive;
  if (width % granularity != 0)
    return std::nullopt;
  SmallVector<int64_t> offsets;
  for (int64_t i = 0; i < width; ++i) {
    auto [gate, value] = getPackedColumns(source.layout, /*hidden=*/0, i);
    offsets.push_back(source.value ? value : gate);
  }
  return offsets;
}

Value KernelEmitter::vectorsAligned(ArrayRef<Columns> sources, Value columns) {
  auto isZero = [&](Value value) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::eq, value, index(0));
  };
  Value aligned = isZero(rem(columns, width));
  Value elementBytes = index(kLoadBytes / width);
  llvm::SmallSetVector<Value, 3> buffers;
  for (const Columns &source : sources)
    buffers.insert(source.buffer);
  for (Value buffer : buffers) {
    auto metadata = memref::ExtractStridedMetadataOp::create(b, buffer);
    Value first = add(memref::ExtractAlignedPointerAsIndexOp::create(b, buffer),
                      mul(metadata.getOffset(), elementBytes));
    Value misaligned = arith::OrIOp::create(
        b, rem(first, kLoadBytes), rem(metadata.getStrides()[0], width));
    aligned = both(aligned, isZero(misaligned));
  }
  return aligned;
}

SmallVector<Value> KernelEmitter::loadVectors(ArrayRef<Columns> sources,
                                              Value row, Value firstColumn) {
  // The 16-byte loads of this row by buffer, first column and load: the
  // gate and value columns of an interleaved weight share theirs.
  DenseMap<std::tuple<Value, Value, int64_t>, Value> loads;
  Value gateOfFirst; // 2 * firstColumn: where spread offsets count from
  SmallVector<Value> vectors;
  for (const Columns &source : sources) {
    SmallVector<int64_t> offsets = *vectorOffsets(source);
    Value anchor;
    if (offsets.back() < width) {
      anchor = source.at(b, firstColumn);
    } else {
      if (!gateOfFirst)
        gateOfFirst = mul(firstColumn, index(2));
      anchor = gateOfFirst;
    }
    auto chunk = [&](int64_t chunk) {
      Value &load = loads[{source.buffer, anchor, chunk}];
      if (!load)
        load = vector::LoadOp::create(
            b, vectorType(), source.buffer,
            ValueRange{row, add(anchor, index(chunk * width))},
            /*nontemporal=*/false, llvm::Align(kLoadBytes));
      return load;
    };
    // Consecutive columns are one load; spread ones are picked from two.
    if (offsets.back() < width)
      vectors.push_back(chunk(0));
    else
      vectors.push_back(
          vector::ShuffleOp::create(b, chunk(0), chunk(1), offsets));
  }
  return vectors;
}

SmallVector<Value> KernelEmitter::clampedColumns(ArrayRef<Columns> sources,
                                                 Value firstColumn,
                                                 Value columns) {
  Value last = sub(columns, index(1));
  SmallVector<Value> columnAt;
  for (const Columns &source : sources)
    for (int64_t i = 0; i < width; ++i)
      columnAt.push_back(source.at(b, min(add(firstColumn, index(i)), last)));
  return columnAt;
}

SmallVector<Value> KernelEmitter::loadElements(ArrayRef<Columns> sources,
                                               Value row,
                                               ArrayRef<Value> columnAt) {
  // vector<1x> loads rather than memref.load, which canonicalization turns
  // into a tensor.extract when its buffer is a to_buffer: that bufferizes
  // to a load of the argument itself, while the 16-byte loads and the
  // metadata ops of vectorsAligned keep the memref.cast that bufferization
  // makes of it, and the kernel would get the weight twice.
  auto elementVector = VectorType::get({1}, elementType);
  SmallVector<Value> values;
  for (auto [s, source] : llvm::enumerate(sources))
    for (int64_t i = 0; i < width; ++i)
      values.push_back(vector::ExtractOp::create(
          b,
          vector::LoadOp::create(b, elementVector, source.buffer,
                                 ValueRange{row, columnAt[s * width + i]}),
          0));
  return values;
}

KernelEmitter::DepthSlices KernelEmitter::cutDepth(Value depth, Value blocks,
                                                   int64_t targetBlocks,
                                                   int64_t minDepth,
                                                   int64_t granule) {
  Value one = index(1);
  Value count = min(min(ceilDiv(index(targetBlocks), max(blocks, one)),
                        ceilDiv(depth, index(minDepth))),
                    index(kMaxGridDimension));
  Value slice = mul(ceilDiv(ceilDiv(depth, max(count, one)), index(granule)),
                    index(granule));
  // Rounding the slices up to the granule may leave fewer of them.
  return {max(ceilDiv(depth, max(slice, one)), one), slice};
}

Value KernelEmitter::allocPartialSums(Value slices, int64_t weights, Value rows,
                                      Value columns) {
  return allocBuffer(b, b.getF32Type(),
                     {slices, b.getIndexAttr(weights), rows, columns});
}

void KernelEmitter::emitSliceReduction(const Twine &kernel, Value partial,
                                       Value slices, Value rows, Value columns,
                                       Value active, Epilogue epilogue) {
  OpBuilder::InsertionGuard guard(b);
  int64_t weights = cast<MemRefType>(partial.getType()).getDimSize(1);
  Value count = mul(rows, columns);
  gpu::LaunchOp launch = this->launch(
      kernel, onlyIf(active, ceilDiv(count, index(kReduceThreads))), index(1),
      index(1), kReduceThreads);
  Value element = add(mul(launch.getBlockIds().x, index(kReduceThreads)),
                      launch.getThreadIds().x);
  auto inside = scf::IfOp::create(b, less(element, count),
                                  /*withElseRegion=*/false);
  b.setInsertionPoint(inside.thenBlock()->getTerminator());
  Value row = arith::DivUIOp::create(b, element, columns);
  Value column = arith::RemUIOp::create(b, element, columns);
  // The sums of `ahead` slices from `first` on, added in slice order after
  // all of their loads.
  auto addSlices = [&](Value first, int64_t ahead, ValueRange acc) {
    SmallVector<Value> loaded;
    for (int64_t s = 0; s < ahead; ++s)
      for (int64_t w = 0; w < weights; ++w)
        loaded.push_back(memref::LoadOp::create(
            b, partial,
            ValueRange{add(first, index(s)), index(w), row, column}));
    SmallVector<Value> sums(acc);
    for (int64_t s = 0; s < ahead; ++s)
      for (int64_t w = 0; w < weights; ++w)
        sums[w] = arith::AddFOp::create(b, sums[w], loaded[s * weights + w]);
    return sums;
  };
  SmallVector<int64_t> unrolls;
  for (int64_t ahead = kReduceLoadsAhead / weights; ahead > 1; ahead /= 2)
    unrolls.push_back(ahead);
  SmallVector<Value> sums = unrolledLoop(
      index(0), slices, unrolls,
      SmallVector<Value>(weights, zero(b.getF32Type())), addSlices);
  epilogue(b, row, column, sums);
}
