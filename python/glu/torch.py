"""glu.torch: import PyTorch MLPs into glu and run them compiled.

    import glu.torch
    compiled = glu.torch.compile(mlp, example_input)
    y = compiled(x)                  # a torch.Tensor, as mlp(x) computes it
    print(compiled.module)           # the fused glu IR (one glu.ffn)

The module is traced with torch.fx and each node becomes linalg-on-tensors
IR in the style torch-mlir emits (zero-filled matmuls, one linalg.generic per
elementwise op); glu-raise-and-fuse then turns the gated MLP into glu ops,
and the result is compiled for this CPU. nn.Linear weights ([out, in]) are
passed transposed ([in, out], copied once at import). Inputs are
[tokens, features] or [batch, tokens, features], float32; the token
dimensions are dynamic.

Supported nodes: nn.Linear (with or without bias); the activations nn.SiLU,
nn.GELU (both approximations), nn.ReLU, nn.Sigmoid and their functional and
tensor-method forms; x * sigmoid(alpha * x); products and sums of tensors;
tensor + scalar, tensor * scalar; clamp; chunk(2, dim=-1) and [..., ::2] /
[..., 1::2] slices of the last dimension. Anything else raises
UnsupportedNodeError naming the node.
"""

import operator

import numpy as np
import torch
import torch.fx
import torch.nn.functional as F

from . import default_context
from ._glu import Module

SQRT_2_OVER_PI_F32 = "0.797884583"
INV_SQRT2_F32 = "0.707106769"


class UnsupportedNodeError(ValueError):
    """A node of the traced module that the importer does not translate."""


class _Value:
    """An SSA tensor value: its name and shape (None: a dynamic size)."""

    def __init__(self, name, shape):
        self.name, self.shape = name, tuple(shape)


class _Emitter:
    def __init__(self, rank):
        self.rank = rank
        self.lines, self.arguments, self.arrays = [], [], []
        self.counter = 0
        self.token_dims = []  # SSA names of the dynamic token sizes

    def fresh(self):
        self.counter += 1
        return f"%v{self.counter}"

    @staticmethod
    def type(shape):
        return "tensor<" + "x".join(
            ["?" if s is None else str(s) for s in shape] + ["f32"]) + ">"

    def argument(self, shape, array=None):
        name = f"%a{len(self.arguments)}"
        self.arguments.append(f"{name}: {self.type(shape)}")
        if array is not None:
            self.arrays.append(np.ascontiguousarray(array, dtype=np.float32))
        return _Value(name, shape)

    def empty(self, shape):
        name = self.fresh()
        dynamic = [self.token_dims[i] for i, s in enumerate(shape)
                   if s is None]
        self.lines.append(f"{name} = tensor.empty({', '.join(dynamic)}) : "
                          f"{self.type(shape)}")
        return name

    def maps(self, count, rank):
        dims = ", ".join(f"d{i}" for i in range(rank))
        return ", ".join([f"affine_map<({dims}) -> ({dims})>"] * count)

    def elementwise(self, inputs, body, bias=None):
        """One linalg.generic over same-shaped `inputs` (and a bias over the
        last dimension); `body(args)` returns (lines, result) in scalars."""
        shape = inputs[0].shape
        rank = len(shape)
        init = self.empty(shape)
        result = self.fresh()
        dims = ", ".join(f"d{i}" for i in range(rank))
        maps = [f"affine_map<({dims}) -> ({dims})>"] * len(inputs)
        operands = list(inputs)
        if bias is not None:
            maps.append(f"affine_map<({dims}) -> (d{rank - 1})>")
            operands.append(bias)
        maps.append(f"affine_map<({dims}) -> ({dims})>")
        args = [f"%in{i}" for i in range(len(operands))]
        lines, value = body(args)
        iterators = ", ".join(['"parallel"'] * rank)
        self.lines.append(
            f"{result} = linalg.generic {{indexing_maps = [{', '.join(maps)}],"
            f" iterator_types = [{iterators}]}} ins("
            + ", ".join(v.name for v in operands) + " : "
            + ", ".join(self.type(v.shape) for v in operands)
            + f") outs({init} : {self.type(shape)}) {{")
        self.lines.append("^bb0(" + ", ".join(f"{a}: f32" for a in args)
                          + ", %out: f32):")
        self.lines += ["  " + line for line in lines]
        self.lines.append(f"  linalg.yield {value} : f32")
        self.lines.append(f"}} -> {self.type(shape)}")
        return _Value(result, shape)

    def matmul(self, x, weight_t):
        """x [..., K] times weight_t [K, N] (an argument)."""
        out_shape = x.shape[:-1] + (weight_t.shape[1],)
        init = self.empty(out_shape)
        zero, filled, result = self.fresh(), self.fresh(), self.fresh()
        self.lines.append(f"{zero} = arith.constant 0.000000e+00 : f32")
        self.lines.append(f"{filled} = linalg.fill ins({zero} : f32) "
                          f"outs({init} : {self.type(out_shape)}) -> "
                          f"{self.type(out_shape)}")
        rhs = weight_t
        op = "linalg.matmul"
        if len(x.shape) == 3:
            # A batch_matmul on the weight broadcast over the batch.
            shape = (None,) + weight_t.shape
            init_b = self.fresh()
            self.lines.append(f"{init_b} = tensor.empty({self.token_dims[0]})"
                              f" : {self.type(shape)}")
            broadcast = self.fresh()
            self.lines.append(
                f"{broadcast} = linalg.broadcast ins({weight_t.name} : "
                f"{self.type(weight_t.shape)}) outs({init_b} : "
                f"{self.type(shape)}) dimensions = [0]")
            rhs = _Value(broadcast, shape)
            op = "linalg.batch_matmul"
        self.lines.append(
            f"{result} = {op} ins({x.name}, {rhs.name} : {self.type(x.shape)}, "
            f"{self.type(rhs.shape)}) outs({filled} : {self.type(out_shape)}) "
            f"-> {self.type(out_shape)}")
        return _Value(result, out_shape)

    def slice(self, value, offset, size, stride):
        """value[..., offset : offset + size * stride : stride]."""
        out_shape = value.shape[:-1] + (size,)
        rank = len(value.shape)
        offsets = ["0"] * (rank - 1) + [str(offset)]
        sizes = [self.token_dims[i] if s is None else str(s)
                 for i, s in enumerate(out_shape)]
        strides = ["1"] * (rank - 1) + [str(stride)]
        result = self.fresh()
        self.lines.append(
            f"{result} = tensor.extract_slice {value.name}[{', '.join(offsets)}]"
            f" [{', '.join(sizes)}] [{', '.join(strides)}] : "
            f"{self.type(value.shape)} to {self.type(out_shape)}")
        return _Value(result, out_shape)


def _constant(value):
    return f"{float(value):.9e}"


def _clamp_lines(low, high, value):
    """Scalar lines of min(max(value, low), high) (either may be None)."""
    lines = []
    if low is not None:
        lines += [f"%lo = arith.constant {_constant(low)} : f32",
                  f"%l = arith.maximumf {value}, %lo : f32"]
        value = "%l"
    if high is not None:
        lines += [f"%hi = arith.constant {_constant(high)} : f32",
                  f"%h = arith.minimumf {value}, %hi : f32"]
        value = "%h"
    return lines, value


def _sigmoid_lines(x):
    """Scalar lines of %s = 1 / (1 + exp(-x))."""
    return ["%one = arith.constant 1.000000e+00 : f32",
            f"%n = arith.negf {x} : f32", "%e = math.exp %n : f32",
            "%d = arith.addf %e, %one : f32",
            "%s = arith.divf %one, %d : f32"]


def _half_one_plus(x, lines):
    """x * 0.5 * (1 + %f), %f computed by `lines` (both GELUs)."""
    return ["%half = arith.constant 5.000000e-01 : f32",
            "%one = arith.constant 1.000000e+00 : f32"] + lines + [
        "%sum = arith.addf %f, %one : f32",
        "%cdf = arith.mulf %sum, %half : f32",
        f"%r = arith.mulf {x}, %cdf : f32"], "%r"


def _activation_body(kind):
    """Scalar body lines of an activation on %in0, in torch-mlir's forms."""
    if kind == "silu":
        return lambda a: (_sigmoid_lines(a[0]) +
                          [f"%r = arith.mulf {a[0]}, %s : f32"], "%r")
    if kind == "sigmoid":
        return lambda a: (_sigmoid_lines(a[0]), "%s")
    if kind == "relu":
        return lambda a: ([
            "%zero = arith.constant 0.000000e+00 : f32",
            f"%r = arith.maximumf {a[0]}, %zero : f32"], "%r")
    if kind == "gelu":
        return lambda a: _half_one_plus(a[0], [
            f"%k = arith.constant {INV_SQRT2_F32} : f32",
            f"%s = arith.mulf {a[0]}, %k : f32", "%f = math.erf %s : f32"])
    if kind == "gelu_tanh":
        return lambda a: _half_one_plus(a[0], [
            f"%k = arith.constant {SQRT_2_OVER_PI_F32} : f32",
            "%c = arith.constant 4.471500e-02 : f32",
            "%three = arith.constant 3.000000e+00 : f32",
            f"%cube = math.powf {a[0]}, %three : f32",
            "%ac = arith.mulf %cube, %c : f32",
            f"%inner = arith.addf {a[0]}, %ac : f32",
            "%u = arith.mulf %inner, %k : f32", "%f = math.tanh %u : f32"])
    raise AssertionError(kind)


def _scaled_sigmoid_body(alpha):
    """x * sigmoid(alpha * x)."""
    return lambda a: (
        [f"%alpha = arith.constant {_constant(alpha)} : f32",
         f"%z = arith.mulf {a[0]}, %alpha : f32"] + _sigmoid_lines("%z") +
        [f"%r = arith.mulf {a[0]}, %s : f32"], "%r")


def _activation_kind(node, modules):
    """The activation a node applies to its first argument, or None."""
    if node.op == "call_module":
        module = modules[node.target]
        if isinstance(module, torch.nn.SiLU):
            return "silu"
        if isinstance(module, torch.nn.GELU):
            return "gelu_tanh" if module.approximate == "tanh" else "gelu"
        if isinstance(module, torch.nn.ReLU):
            return "relu"
        if isinstance(module, torch.nn.Sigmoid):
            return "sigmoid"
        return None
    if node.op == "call_function":
        if node.target is F.silu:
            return "silu"
        if node.target is F.gelu:
            return ("gelu_tanh" if node.kwargs.get("approximate") == "tanh"
                    else "gelu")
        if node.target in (F.relu, torch.relu):
            return "relu"
        if node.target is torch.sigmoid:
            return "sigmoid"
    if node.op == "call_method" and node.target in ("sigmoid", "relu"):
        return node.target
    return None


def _describe(node):
    target = getattr(node.target, "__name__", node.target)
    return f"{node.op} {target!s} (node '{node.name}')"


class _Importer:
    def __init__(self, graph_module, example):
        self.gm = graph_module
        self.modules = dict(graph_module.named_modules())
        self.example = example
        self.values = {}
        self.emitter = _Emitter(example.dim())

    def unsupported(self, node, why=""):
        raise UnsupportedNodeError(
            f"glu.torch cannot import {_describe(node)}"
            + (f": {why}" if why else ""))

    def value(self, node, argument):
        if not isinstance(argument, torch.fx.Node) or \
                argument not in self.values:
            self.unsupported(node, f"operand {argument!r} is not a tensor "
                             "this importer computed")
        return self.values[argument]

    def scalar_of(self, node):
        """(tensor, scalar) operands of a binary node, or None."""
        a, b = node.args[:2]
        if isinstance(a, torch.fx.Node) and isinstance(b, (int, float)):
            return a, b
        if isinstance(b, torch.fx.Node) and isinstance(a, (int, float)):
            return b, a
        return None

    def scaled_sigmoid(self, node):
        """x * sigmoid(alpha * x) (with the intermediate nodes used only
        here): returns (x, alpha) or None."""
        if node.target not in (operator.mul, torch.mul) or \
                not all(isinstance(a, torch.fx.Node) for a in node.args[:2]):
            return None
        for x, s in (node.args[:2], node.args[1::-1]):
            if _activation_kind(s, self.modules) != "sigmoid" or \
                    len(s.users) != 1:
                continue
            inner = s.args[0]
            if inner is x:
                return x, 1.0
            if isinstance(inner, torch.fx.Node) and len(inner.users) == 1 \
                    and inner.op == "call_function" \
                    and inner.target in (operator.mul, torch.mul):
                pair = self.scalar_of(inner)
                if pair and pair[0] is x:
                    return x, float(pair[1])
        return None

    def run(self):
        e = self.emitter
        skipped = set()
        # Nodes folded into a later node's body are skipped.
        for node in self.gm.graph.nodes:
            match = (node.op == "call_function" and self.scaled_sigmoid(node))
            if match:
                sigmoid = next(a for a in node.args[:2] if a is not match[0])
                skipped.add(sigmoid)
                if sigmoid.args[0] is not match[0]:
                    skipped.add(sigmoid.args[0])
        result = None
        for node in self.gm.graph.nodes:
            if node in skipped:
                continue
            if node.op == "placeholder":
                if self.values:
                    self.unsupported(node, "only one input tensor")
                shape = (None,) * (e.rank - 1) + (self.example.shape[-1],)
                self.values[node] = e.argument(shape)
                continue
            if node.op == "output":
                result = self.value(node, node.args[0])
                continue
            self.values[node] = self.translate(node)
        return result

    def translate(self, node):
        e = self.emitter
        kind = _activation_kind(node, self.modules)
        if kind is not None:
            return e.elementwise([self.value(node, node.args[0])],
                                 _activation_body(kind))
        if node.op == "call_module":
            module = self.modules[node.target]
            if isinstance(module, torch.nn.Linear):
                x = self.value(node, node.args[0])
                weight = module.weight.detach().cpu().numpy().T
                w = e.argument(weight.shape, weight)
                y = e.matmul(x, w)
                if module.bias is None:
                    return y
                b = e.argument(module.bias.shape,
                               module.bias.detach().cpu().numpy())
                return e.elementwise(
                    [y], lambda a: ([f"%r = arith.addf {a[0]}, {a[1]} : f32"],
                                    "%r"), bias=b)
            self.unsupported(node, f"module {type(module).__name__}")
        if node.op == "call_function" and node.target in (operator.mul,
                                                          torch.mul):
            match = self.scaled_sigmoid(node)
            if match:
                return e.elementwise([self.value(node, match[0])],
                                     _scaled_sigmoid_body(match[1]))
            return self.binary(node, "mulf")
        if node.op == "call_function" and node.target in (operator.add,
                                                          torch.add):
            return self.binary(node, "addf")
        if node.op == "call_method" and node.target in ("mul", "add"):
            return self.binary(node, node.target + "f")
        if (node.op == "call_function" and node.target is torch.clamp) or \
                (node.op == "call_method" and node.target == "clamp"):
            return self.clamp(node)
        if node.op == "call_method" and node.target == "chunk" or \
                node.op == "call_function" and node.target is torch.chunk:
            chunks = node.args[1] if len(node.args) > 1 else \
                node.kwargs.get("chunks")
            dim = node.args[2] if len(node.args) > 2 else \
                node.kwargs.get("dim", 0)
            value = self.value(node, node.args[0])
            if chunks != 2 or dim not in (-1, len(value.shape) - 1):
                self.unsupported(node, "only chunk(2, dim=-1)")
            return ("chunks", value)
        if node.op == "call_function" and node.target is operator.getitem:
            return self.getitem(node)
        self.unsupported(node)

    def binary(self, node, op):
        pair = self.scalar_of(node)
        if pair:
            x, c = self.value(node, pair[0]), _constant(pair[1])
            return self.emitter.elementwise([x], lambda a: (
                [f"%c = arith.constant {c} : f32",
                 f"%r = arith.{op} {a[0]}, %c : f32"], "%r"))
        a, b = (self.value(node, n) for n in node.args[:2])
        if a.shape != b.shape:
            self.unsupported(node, "operands of different shapes")
        return self.emitter.elementwise([a, b], lambda s: (
            [f"%r = arith.{op} {s[0]}, {s[1]} : f32"], "%r"))

    def clamp(self, node):
        low = node.args[1] if len(node.args) > 1 else node.kwargs.get("min")
        high = node.args[2] if len(node.args) > 2 else node.kwargs.get("max")
        if not all(v is None or isinstance(v, (int, float))
                   for v in (low, high)) or (low is None and high is None):
            self.unsupported(node, "clamp limits must be numbers")
        x = self.value(node, node.args[0])
        return self.emitter.elementwise(
            [x], lambda a: _clamp_lines(low, high, a[0]))

    def getitem(self, node):
        source, index = node.args
        value = self.values.get(source)
        if isinstance(value, tuple) and value[0] == "chunks" and \
                index in (0, 1):
            half = value[1].shape[-1] // 2
            return self.emitter.slice(value[1], index * half, half, 1)
        if isinstance(value, _Value) and isinstance(index, tuple) and \
                len(index) == 2 and index[0] is Ellipsis and \
                isinstance(index[1], slice) and index[1].step == 2 and \
                index[1].stop is None and (index[1].start or 0) in (0, 1):
            return self.emitter.slice(value, index[1].start or 0,
                                      value.shape[-1] // 2, 2)
        self.unsupported(node, "only chunk results and [..., ::2] / "
                         "[..., 1::2]")


class CompiledMLP:
    """A PyTorch MLP compiled by glu: call it with a torch.Tensor (or NumPy
    array) of the example's feature size; `module` is the glu IR."""

    def __init__(self, module, function, arrays):
        self.module, self._function, self._arrays = module, function, arrays

    def __call__(self, x):
        as_tensor = isinstance(x, torch.Tensor)
        array = x.detach().cpu().numpy() if as_tensor else np.asarray(x)
        array = np.ascontiguousarray(array, dtype=np.float32)
        y = self._function(array, *self._arrays)
        return torch.from_numpy(y) if as_tensor else y


def import_module(module, example_input, context=None):
    """Traces `module` (an nn.Module) on `example_input` and returns
    (glu Module before fusion, weight arrays in argument order)."""
    if example_input.dim() not in (2, 3):
        raise UnsupportedNodeError(
            "glu.torch imports inputs [tokens, features] or [batch, tokens, "
            f"features], got shape {tuple(example_input.shape)}")
    graph_module = torch.fx.symbolic_trace(module)
    importer = _Importer(graph_module, example_input)
    e = importer.emitter
    # The dynamic token sizes, read from the input.
    dims = []
    for i in range(e.rank - 1):
        name = f"%t{i}"
        dims.append(f"%c{i} = arith.constant {i} : index")
        dims.append(f"{name} = tensor.dim %a0, %c{i} : "
                    f"{e.type((None,) * (e.rank - 1) + (example_input.shape[-1],))}")
        e.token_dims.append(name)
    result = importer.run()
    if not isinstance(result, _Value):
        raise UnsupportedNodeError("the module must return one tensor")
    text = (f"func.func @mlp({', '.join(e.arguments)}) -> "
            f"{e.type(result.shape)} {{\n  "
            + "\n  ".join(dims + e.lines)
            + f"\n  return {result.name} : {e.type(result.shape)}\n}}\n")
    return Module.parse(text, context or default_context()), e.arrays


def compile(module, example_input, options="", context=None):
    """Imports `module`, raises and fuses it into glu ops
    (glu-raise-and-fuse) and compiles it for this CPU
    (glu-lower-to-llvm-cpu{options})."""
    imported, arrays = import_module(module, example_input, context)
    imported.run_pipeline("glu-raise-and-fuse")
    function = imported.compile("mlp", options)
    return CompiledMLP(imported, function, arrays)
