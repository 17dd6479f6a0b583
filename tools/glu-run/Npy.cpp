//===- Npy.cpp - read and write NumPy .npy files --------------------------===//

#include "Npy.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>

using namespace llvm;

static Error npyError(StringRef path, const Twine &message) {
  return createStringError(inconvertibleErrorCode(), path + ": " + message);
}

/// Returns the text after `'key':` in a .npy header dictionary.
static StringRef headerField(StringRef header, StringRef key) {
  size_t pos = header.find(("'" + key + "'").str());
  if (pos == StringRef::npos)
    return {};
  StringRef rest = header.drop_front(pos + key.size() + 2).ltrim();
  return rest.consume_front(":") ? rest.ltrim() : StringRef();
}

Expected<mlir::glu::NpyArray> mlir::glu::readNpy(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> file = MemoryBuffer::getFile(path);
  if (!file)
    return npyError(path, file.getError().message());
  StringRef bytes = (*file)->getBuffer();
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return npyError(path, "not a .npy file");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(bytes[8]) |
                   static_cast<unsigned char>(bytes[9]) << 8;
    headerStart = 10;
  } else {
    if (bytes.size() < 12)
      return npyError(path, "truncated header");
    uint32_t length;
    std::memcpy(&length, bytes.data() + 8, 4);
    headerLength = length;
    headerStart = 12;
  }
  if (bytes.size() < headerStart + headerLength)
    return npyError(path, "truncated header");
  StringRef header = bytes.substr(headerStart, headerLength);

  StringRef descr = headerField(header, "descr");
  unsigned width;
  if (descr.starts_with("'<f2'"))
    width = 2;
  else if (descr.starts_with("'<f4'"))
    width = 4;
  else if (descr.starts_with("'<f8'"))
    width = 8;
  else
    return npyError(path, "unsupported dtype " + descr.take_until([](char c) {
      return c == ',';
    }) + " (expected little-endian float16/32/64)");
  if (headerField(header, "fortran_order").starts_with("True"))
    return npyError(path, "Fortran-order arrays are not supported");

  StringRef shapeText = headerField(header, "shape");
  if (!shapeText.consume_front("("))
    return npyError(path, "malformed shape");
  shapeText = shapeText.take_until([](char c) { return c == ')'; });
  NpyArray array;
  int64_t count = 1;
  while (!(shapeText = shapeText.trim()).empty()) {
    StringRef dim;
    std::tie(dim, shapeText) = shapeText.split(',');
    int64_t size;
    if (dim.trim().getAsInteger(10, size) || size < 0)
      return npyError(path, "malformed shape");
    array.shape.push_back(size);
    count *= size;
  }

  StringRef data = bytes.drop_front(headerStart + headerLength);
  if (data.size() < static_cast<size_t>(count) * width)
    return npyError(path, "file holds fewer values than its shape");
  array.values.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    const char *element = data.data() + i * width;
    if (width == 8) {
      std::memcpy(&array.values[i], element, 8);
    } else if (width == 4) {
      float value;
      std::memcpy(&value, element, 4);
      array.values[i] = value;
    } else {
      uint16_t bits;
      std::memcpy(&bits, element, 2);
      APFloat half(APFloat::IEEEhalf(), APInt(16, bits));
      array.values[i] = half.convertToFloat();
    }
  }
  return array;
}

Error mlir::glu::writeNpy(StringRef path, ArrayRef<int64_t> shape,
                          ArrayRef<double> values, bool asFloat64) {
  std::string header = "{'descr': '";
  header += asFloat64 ? "<f8" : "<f4";
  header += "', 'fortran_order': False, 'shape': (";
  for (auto [index, size] : llvm::enumerate(shape))
    header += (index ? ", " : "") + std::to_string(size);
  // A 1-tuple needs its trailing comma: (5,).
  header += shape.size() == 1 ? ",)" : ")";
  header += ", }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';

  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return npyError(path, ec.message());
  os << "\x93NUMPY" << static_cast<char>(1) << static_cast<char>(0);
  os << static_cast<char>(header.size() & 0xff)
     << static_cast<char>(header.size() >> 8) << header;
  for (double value : values) {
    if (asFloat64) {
      os.write(reinterpret_cast<const char *>(&value), 8);
    } else {
      float narrow = static_cast<float>(value);
      os.write(reinterpret_cast<const char *>(&narrow), 4);
    }
  }
  return Error::success();
}
